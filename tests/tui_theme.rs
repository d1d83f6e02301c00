//! Themes as they reach the terminal: no colour codes at all for NO_COLOR, user themes from the
//! config dir, and broken files reported with their place.

use crate::support;

use std::cell::RefCell;
use std::io::Write;
use std::rc::Rc;

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use support::{is_colour_param, sgr_params};
use xal::tui::theme::{self, Theme, ThemeChoice};

/// A terminal that keeps what it is sent.
#[derive(Clone, Default)]
struct Recorder(Rc<RefCell<Vec<u8>>>);

impl Write for Recorder {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Draws one frame using every role and returns the bytes sent to the terminal.
fn bytes_of(theme: &Theme) -> String {
    let sent = Recorder::default();
    let mut t = Terminal::new(CrosstermBackend::new(sent.clone())).unwrap();
    t.draw(|f| {
        let spans: Vec<Span> = theme
            .styles()
            .into_iter()
            .map(|(name, style)| Span::styled(format!("{name} "), style))
            .collect();
        let block = theme.block("ผลการประเมิน", true);
        f.render_widget(Paragraph::new(Line::from(spans)).block(block), f.area());
    })
    .unwrap();
    String::from_utf8_lossy(&sent.0.borrow()).into_owned()
}

/// Some SGR sequence sets a colour: 16-colour, 256-colour or RGB, foreground or background.
fn sets_a_colour(out: &str) -> bool {
    sgr_params(out.as_bytes())
        .iter()
        .any(|p| p.iter().any(|&n| is_colour_param(n)))
}

/// Some SGR sequence turns on bold or reverse video.
fn marks(out: &str) -> bool {
    sgr_params(out.as_bytes())
        .iter()
        .any(|p| !p.iter().any(|&n| is_colour_param(n)) && (p.contains(&1) || p.contains(&7)))
}

#[test]
fn no_color_sends_no_colour_codes() {
    let (t, diags) = theme::resolve(&ThemeChoice {
        name: Some("default".into()),
        no_color: true,
        ascii: false,
        config_dir: None,
    });
    assert!(diags.is_empty());
    let out = bytes_of(&t);
    assert!(marks(&out), "still marks things: {out:?}");
    assert!(!sets_a_colour(&out), "{out:?}");
}

#[test]
fn the_default_theme_does_send_colour() {
    assert!(sets_a_colour(&bytes_of(&Theme::default())));
}

#[test]
fn a_user_theme_is_found_in_the_config_dir() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("themes")).unwrap();
    std::fs::write(
        dir.path().join("themes/solar.toml"),
        "extends = \"high-contrast\"\nhighlight = { fg = \"#b58900\", modifiers = [\"bold\"] }\n",
    )
    .unwrap();
    let (t, diags) = theme::resolve(&ThemeChoice {
        name: Some("solar".into()),
        no_color: false,
        ascii: true,
        config_dir: Some(dir.path().to_path_buf()),
    });
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(t.name, "solar");
    assert!(t.ascii);
    assert_eq!(
        t.selection,
        Theme::builtin("high-contrast").unwrap().selection
    );
    assert!(theme::names(Some(dir.path())).contains(&"solar".to_string()));
}

#[test]
fn a_broken_user_theme_is_reported_and_the_default_used() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("themes")).unwrap();
    let file = dir.path().join("themes/broken.toml");
    std::fs::write(&file, "border = \"cyan\"\n\nlevel_badge = { bg = 300 }\n").unwrap();
    let (t, diags) = theme::resolve(&ThemeChoice {
        name: Some("broken".into()),
        config_dir: Some(dir.path().to_path_buf()),
        ..ThemeChoice::default()
    });
    assert_eq!(t, Theme::default());
    assert_eq!(
        diags.iter().map(ToString::to_string).collect::<Vec<_>>(),
        [format!(
            "{}:3:22: a colour number is 0 to 255",
            file.display()
        )]
    );
}

#[test]
fn a_user_file_may_replace_a_builtin_theme() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("themes")).unwrap();
    std::fs::write(
        dir.path().join("themes/light.toml"),
        "extends = \"monochrome\"\n",
    )
    .unwrap();
    let (t, _) = theme::load("light", Some(dir.path()));
    assert_eq!(t.selection, Theme::monochrome().selection);
    assert_eq!(t.ok, Theme::monochrome().ok);
}
