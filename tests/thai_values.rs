//! Thai mode names every value it shows in Thai, from the ruleset's own Thai texts (issue 25:
//! "Thai mode leaves `none`, `= no`, `= high` … in English"), and keeps the id where a reader
//! looks it up in the file. The built-in ruleset files are not changed for it: their bytes are
//! recorded in every assessment and signed with approvals.

use crate::support;

use support::cli::{assert_ok, xal};
use support::*;
use xal::ruleset::registry::Registry;
use xal::text::Lang;

/// Every level of every built-in ruleset: a term of the standard (with a number) reads as its
/// id in both languages; a word (`none`) without a label reads in English as its id and in
/// Thai as the start of its Thai name, with no Latin letter left.
#[test]
fn a_level_that_is_a_word_reads_in_thai_by_its_own_thai_name() {
    let r = Registry::builtin();
    let mut words = 0;
    for e in &r.entries {
        for t in &e.ruleset.targets {
            for l in &t.levels {
                if l.label.is_some() {
                    continue;
                }
                if l.id.bytes().any(|b| b.is_ascii_digit()) {
                    assert_eq!(l.shown(Lang::Th), l.id, "{}", e.ruleset.id);
                    assert_eq!(l.shown(Lang::En), l.id, "{}", e.ruleset.id);
                    continue;
                }
                words += 1;
                let th = l.shown(Lang::Th);
                assert_eq!(l.shown(Lang::En), l.id);
                assert!(!th.is_empty(), "{} {}", e.ruleset.id, l.id);
                assert!(l.name.get(Lang::Th).starts_with(th), "{th}");
                // In a column, the first words of that name, no wider than a level's term.
                let column = l.in_column(Lang::Th);
                assert!(th.starts_with(column), "{column} of {th}");
                assert!(
                    !column.is_empty() && xal::text::wrap::width(column) <= 6,
                    "{column}"
                );
                assert_eq!(l.in_column(Lang::En), l.id);
                assert!(
                    !th.chars().any(|c| c.is_ascii_alphabetic()),
                    "{} {} {}: {th}",
                    e.ruleset.id,
                    t.id,
                    l.id
                );
            }
        }
    }
    // AAL and FAL `none` in DGS and 800-63-4, FAL `none` in 800-63-3.
    assert_eq!(words, 5);
    let dgs = r.get("dgs-1-2-2564").unwrap();
    let aal = &dgs.targets[dgs.target_index("aal").unwrap()];
    let none = &aal.levels[aal.level_index("none").unwrap()];
    assert_eq!(none.shown(Lang::Th), "ไม่ต้องยืนยันตัวตน");
    assert_eq!(none.in_column(Lang::Th), "ไม่ต้อง");
    let fal = &dgs.targets[dgs.target_index("fal").unwrap()];
    let none = &fal.levels[fal.level_index("none").unwrap()];
    assert_eq!(none.in_column(Lang::Th), "ไม่ใช้");
}

/// A DGS assessment that needs no personal information and no sign-in: AAL and FAL are
/// `none`, and the reasons rest on `= no` answers.
fn no_sign_in(sb: &Sandbox) -> String {
    dgs(
        &sb.store(),
        &Registry::builtin(),
        "Library news",
        "National Library",
        newsletter(),
        at(5),
    )
    .assessment
    .id
}

/// A column of levels says a word id by the first words of its Thai name (the whole name
/// would push the agency and the date out of the row); the headers are Thai; English keeps
/// the id.
#[test]
fn xal_list_in_thai_says_word_levels_in_thai_under_thai_headers() {
    let sb = Sandbox::new();
    no_sign_in(&sb);
    let o = xal(&sb.data_dir(), &["--lang", "th", "list"]);
    assert_ok(&o);
    let out = String::from_utf8_lossy(&o.stdout);
    let header = out.lines().next().unwrap();
    for th in ["รหัส", "บริการ", "หน่วยงาน", "สถานะ", "แก้ไขล่าสุด"]
    {
        assert!(header.contains(th), "{header}");
    }
    assert!(!header.contains("SERVICE"), "{header}");
    let row = out.lines().nth(1).unwrap();
    assert!(row.contains("National Library"), "{row}");
    assert!(row.contains(" ไม่ต้อง "), "AAL none: {row}");
    assert!(!row.contains(" none "), "{row}");
    let o = xal(&sb.data_dir(), &["--lang", "en", "list"]);
    let en = String::from_utf8_lossy(&o.stdout);
    assert!(en.lines().nth(1).unwrap().contains(" none "), "{en}");
}

#[test]
fn reasons_in_thai_keep_the_id_and_add_the_thai_name() {
    let sb = Sandbox::new();
    let id = no_sign_in(&sb);
    let o = xal(&sb.data_dir(), &["--lang", "th", "show", &id]);
    assert_ok(&o);
    let th = String::from_utf8_lossy(&o.stdout);
    assert!(th.contains("pi.needed = no (ไม่ใช่)"), "{th}");
    assert!(
        th.contains("[ชั่วคราว (provisional)]"),
        "the ruleset's status: {th}"
    );
    assert!(!th.contains("[provisional]"), "{th}");
    // The levels, said beside their target, in Thai: `none` is a word, not a level's term.
    assert!(th.contains("ไม่ต้องยืนยันตัวตน"), "AAL none: {th}");
    assert!(th.contains("ไม่ใช้การยืนยันตัวตนแบบสหพันธ์"), "FAL none: {th}");
    assert!(th.contains("auth.needed = no (ไม่ใช่)"), "{th}");
    assert!(!th.contains("= no\n") && !th.contains("= no,"), "{th}");
    let o = xal(&sb.data_dir(), &["--lang", "en", "show", &id]);
    let en = String::from_utf8_lossy(&o.stdout);
    assert!(en.contains("pi.needed = no"), "{en}");
    assert!(en.contains("[provisional]"), "{en}");
    assert!(!en.contains("ไม่ใช่") && !en.contains("ไม่ต้อง"), "{en}");
}

/// Where a row has no agency the list shows the service group: in Thai by its label without
/// the words every group's label begins with ("การให้บริการ"), in English by its id; the
/// JSON keeps the id.
#[test]
fn a_group_in_place_of_the_agency_is_said_in_thai() {
    let r = Registry::builtin();
    let dgs_rs = r.get("dgs-1-2-2564").map(|r| &**r);
    let shown = |g: &str, lang| xal::catalog::shown_group(dgs_rs, g, lang);
    assert_eq!(shown("transactional", Lang::Th), "ธุรกรรม");
    assert_eq!(shown("emerging", Lang::Th), "ข้อมูลพื้นฐาน");
    assert_eq!(
        shown("connected", Lang::Th),
        "ธุรกรรมที่เชื่อมโยงข้อมูลระหว่างหน่วยงาน"
    );
    assert_eq!(shown("transactional", Lang::En), "transactional");
    assert_eq!(shown("no-such-group", Lang::Th), "no-such-group");
    assert_eq!(
        xal::catalog::shown_group(None, "transactional", Lang::Th),
        "transactional"
    );

    let sb = Sandbox::new();
    dgs(
        &sb.store(),
        &r,
        "Tax e-filing",
        "",
        answers(&[("service.group", choice("transactional"))]),
        at(5),
    );
    let th = xal(&sb.data_dir(), &["--lang", "th", "list"]);
    assert_ok(&th);
    let row = String::from_utf8_lossy(&th.stdout)
        .lines()
        .nth(1)
        .unwrap()
        .to_string();
    assert!(row.contains("ธุรกรรม"), "{row}");
    assert!(!row.contains("transactional"), "{row}");
    let en = xal(&sb.data_dir(), &["--lang", "en", "list"]);
    assert!(String::from_utf8_lossy(&en.stdout).contains("transactional"));
    let json = xal(
        &sb.data_dir(),
        &["--lang", "th", "list", "--format", "json"],
    );
    assert!(String::from_utf8_lossy(&json.stdout).contains("\"group\": \"transactional\""));
}
