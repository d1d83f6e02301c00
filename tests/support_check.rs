//! The checks of `tests/support` checked on their own: each must fail on the screen or the
//! environment it is there to catch, or the tests built on it prove nothing.

use crate::support;

use std::ffi::OsStr;

use support::tmux::{BORDERS, Grid, Tmux, boxes_line_up, c_width};
use support::tools;
use support::{Sandbox, is_colour_param, sgr_params};

/// Two boxes side by side, as a terminal that gives every character one cell holds them.
const PANES: [&str; 5] = [
    "┌──┐┌───┐",
    "│ab││cde│",
    "│a ││   │",
    "│  ││  x│",
    "└──┘└───┘",
];

fn check(lines: &[&str], width: usize) -> Result<Vec<usize>, String> {
    boxes_line_up(
        &Grid::one_cell_per_char(lines, &BORDERS),
        width,
        0,
        lines.len() - 1,
    )
}

#[test]
fn straight_boxes_pass_and_give_their_edges() {
    assert_eq!(check(&PANES, 9), Ok(vec![0, 3, 4, 8]));
}

#[test]
fn a_row_with_a_cell_missing_fails() {
    let mut panes = PANES;
    panes[2] = "│a││   │";
    let err = check(&panes, 9).unwrap_err();
    assert_eq!(
        err,
        "row 2: │ in columns [0, 2, 3, 7], but the boxes' edges are [0, 3, 4, 8]"
    );
}

#[test]
fn a_row_with_a_cell_too_many_fails() {
    let mut panes = PANES;
    panes[3] = "│  ││  xy│";
    assert!(check(&panes, 9).unwrap_err().starts_with("row 3: "));
}

#[test]
fn a_moved_bottom_corner_or_a_box_short_of_the_edge_fails() {
    let mut panes = PANES;
    panes[4] = "└──┘└──┘";
    assert_eq!(
        check(&panes, 9).unwrap_err(),
        "row 4: ┘ in columns [3, 7], expected [3, 8]"
    );
    assert_eq!(
        check(&PANES, 10).unwrap_err(),
        "row 0: the boxes span columns 0 to 8, not 0 to 9"
    );
    let mut no_top = PANES;
    no_top[0] = "│ab││cde│";
    assert!(
        check(&no_top, 9)
            .unwrap_err()
            .contains("not the tops of boxes")
    );
}

/// The whole way through tmux: a box whose Thai row was laid out by someone who counts SARA AM
/// as no cell (one `─` for `น้ำ`, which takes two cells) fails; the same row in a box of the
/// right width passes.
#[test]
fn tmux_reports_a_thai_row_that_is_a_cell_too_wide() {
    let sb = Sandbox::new();
    let command = "printf '%s\\n' '┌──┐' '│น้ำ│' '└──┘' '┌─┐' '│น้ำ│' '└─┘'; exec cat";
    let Some(tmux) = Tmux::start(sb.root.path(), 20, 8, command) else {
        return;
    };
    tmux.wait_for("both boxes", |s| s.lines().nth(5) == Some("└─┘"));
    let grid = tmux.cells(&BORDERS);
    assert_eq!(boxes_line_up(&grid, 4, 0, 2), Ok(vec![0, 3]), "{grid:?}");
    assert_eq!(
        boxes_line_up(&grid, 3, 3, 5),
        Err("row 4: │ in columns [0, 3], but the boxes' edges are [0, 2]".to_string())
    );
}

#[test]
fn the_c_library_measures_thai_clusters() {
    assert_eq!(c_width("│"), 1);
    // SARA AM takes a cell of its own; marks above and below take none.
    assert_eq!(c_width("น้ำ"), 2);
    assert_eq!(c_width("ที่"), 1);
    assert_eq!(c_width("กิ๊ก"), 2);
    assert_eq!(c_width("ภาษาไทย"), 7);
}

/// A `PATH` of one folder holding an executable `xal-fake-tool` and a file `xal-not-a-tool`
/// that is not executable.
fn fake_path() -> tempfile::TempDir {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    for (name, mode) in [("xal-fake-tool", 0o755), ("xal-not-a-tool", 0o644)] {
        let p = dir.path().join(name);
        std::fs::write(&p, "#!/bin/sh\n").unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(mode)).unwrap();
    }
    dir
}

#[test]
fn a_program_is_found_by_any_of_its_names_and_only_if_executable() {
    let dir = fake_path();
    let path = dir.path().as_os_str();
    let [tool] = tools::locate(path, [&["xal-no-such-tool", "xal-fake-tool"]]).unwrap();
    assert_eq!(tool, dir.path().join("xal-fake-tool"));
    assert_eq!(
        tools::locate(path, [&["xal-fake-tool"], &["xal-not-a-tool", "tmux"]]),
        Err("xal-not-a-tool or tmux, not found on PATH (apt-get install tmux)".to_string())
    );
    assert_eq!(
        tools::locate(path, [&["chromium", "chromium-browser"], &["pdftotext"]]),
        Err(
            "chromium or chromium-browser and pdftotext, not found on PATH \
             (apt-get install chromium poppler-utils)"
                .to_string()
        )
    );
}

#[test]
fn a_missing_program_is_a_skip_that_says_so_outside_ci() {
    let mut out = Vec::new();
    tools::skip_or_fail(false, "tmux, not found on PATH", &mut out);
    assert_eq!(
        String::from_utf8(out).unwrap(),
        "SKIPPED support_check::a_missing_program_is_a_skip_that_says_so_outside_ci: needs tmux, \
         not found on \
         PATH (set CI=1 to make this a failure)\n"
    );
}

#[test]
#[should_panic(
    expected = "a_missing_program_fails_under_ci needs tmux, not found on PATH; CI \
                           is set, so a missing program fails the test"
)]
fn a_missing_program_fails_under_ci() {
    tools::skip_or_fail(true, "tmux, not found on PATH", &mut Vec::new());
}

#[test]
fn ci_means_set_to_anything_but_empty_0_false_or_no() {
    for yes in ["1", "true", "yes", "github"] {
        assert!(tools::ci_value_means_yes(OsStr::new(yes)), "{yes}");
    }
    for no in ["", "0", "false", "FALSE", "no"] {
        assert!(!tools::ci_value_means_yes(OsStr::new(no)), "{no:?}");
    }
}

#[test]
fn colour_codes_are_told_from_other_sgr_codes() {
    let bytes = b"\x1b[1m\x1b[7;38;5;196mx\x1b[0m\x1b[31m\x1b[48;2;1;2;3m";
    let params = sgr_params(bytes);
    assert_eq!(
        params,
        [
            vec![1],
            vec![7, 38, 5, 196],
            vec![0],
            vec![31],
            vec![48, 2, 1, 2, 3]
        ]
    );
    let colour: Vec<bool> = params
        .iter()
        .map(|p| p.iter().any(|&n| is_colour_param(n)))
        .collect();
    assert_eq!(colour, [false, true, false, true, true]);
}
