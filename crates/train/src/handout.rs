//! Handouts on paper. `xal train collect … --handout DIR`: one printable page per trainee for
//! the debrief — each scenario's brief, their answers against the reference with the reason
//! beside each miss, and the levels they reached, in the language asked for.
//! `xal train start … --handout DIR`: the class's handout — the pack's scenarios' briefs, and
//! nothing of the reference — in Thai and in English. Both as Markdown and HTML.

use std::path::{Path, PathBuf};

use super::TrainError;
use super::pack::Pack;
use crate::report::doc::Doc;
use crate::text::Lang;

fn t(lang: Lang, en: &'static str, th: &'static str) -> &'static str {
    match lang {
        Lang::Th => th,
        Lang::En => en,
    }
}

/// A file name for a trainee: letters (Thai too) and digits kept, anything else one `-`,
/// so that a name never reaches outside DIR nor makes a dotfile; at most 60 characters, so
/// that with its suffix it stays under the file systems' 255 bytes even in Thai.
pub fn file_stem(name: &str) -> String {
    let mut s = String::new();
    for c in name.chars().take(60) {
        if c.is_alphanumeric() || matches!(c, '\u{0E00}'..='\u{0E7F}') {
            s.push(c);
        } else if !s.ends_with('-') {
            s.push('-');
        }
    }
    let s = s.trim_matches('-').to_string();
    if s.is_empty() { "trainee".into() } else { s }
}

/// Writes one file of a handout atomically, 0600 whatever the umask.
pub(crate) fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    crate::store::write_file_atomic(path, bytes)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
    }
    Ok(())
}

/// The class's handout in `lang`: what each scenario is about, the ruleset to assess it
/// under, and room for nothing else — the reference answers and levels are the trainer's.
pub fn briefs(pack: &Pack, lang: Lang) -> Doc {
    let in_lang = |m: &std::collections::BTreeMap<String, String>| {
        m.get(lang.code())
            .or_else(|| m.values().next())
            .cloned()
            .unwrap_or_default()
    };
    let name = in_lang(&pack.name);
    let mut d = Doc {
        title: if name.is_empty() {
            pack.id.clone()
        } else {
            name
        },
        blocks: Vec::new(),
        draft: None,
    };
    let about = in_lang(&pack.description);
    if !about.is_empty() {
        d.para(about);
    }
    let mut pack_line = pack.id.clone();
    if !pack.version.is_empty() {
        pack_line.push(' ');
        pack_line.push_str(&pack.version);
    }
    d.fields(vec![
        (t(lang, "Pack", "ชุดฝึก").into(), pack_line),
        (
            t(lang, "Scenarios", "สถานการณ์").into(),
            pack.scenarios.len().to_string(),
        ),
    ]);
    for (i, s) in pack.scenarios.iter().enumerate() {
        let a = &s.assessment;
        d.h2(format!("{}. {}", i + 1, a.service.name));
        let mut f = vec![(t(lang, "Scenario", "สถานการณ์").into(), a.id.clone())];
        if !a.service.agency.is_empty() {
            f.push((
                t(lang, "Agency", "หน่วยงาน").into(),
                a.service.agency.clone(),
            ));
        }
        f.push((t(lang, "Ruleset", "ชุดเกณฑ์").into(), a.ruleset.id.clone()));
        d.fields(f);
        // The pack's descriptions are English, then ` | `, then Thai: the reader's first.
        let mut parts: Vec<&str> = a
            .service
            .description
            .split(" | ")
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect();
        if lang == Lang::Th && parts.len() == 2 {
            parts.reverse();
        }
        for p in parts {
            d.para(p);
        }
    }
    d
}

/// Writes `briefs.th.md`, `briefs.th.html`, `briefs.en.md` and `briefs.en.html` into `dir`
/// (made 0700 when missing), each atomically and 0600; only files of those names are replaced.
pub fn write_briefs(dir: &Path, pack: &Pack) -> Result<Vec<PathBuf>, TrainError> {
    let io = |p: &Path, e: std::io::Error| TrainError::Io(format!("{}: {e}", p.display()));
    crate::store::create_private_dir(dir).map_err(|e| io(dir, e))?;
    let mut written = Vec::new();
    for lang in [Lang::Th, Lang::En] {
        let page = briefs(pack, lang);
        for (ext, text) in [
            ("md", crate::report::markdown::render(&page)),
            ("html", crate::report::html::render(&page, lang)),
        ] {
            let path = dir.join(format!("briefs.{}.{ext}", lang.code()));
            write_private(&path, text.as_bytes()).map_err(|e| io(&path, e))?;
            written.push(path);
        }
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::file_stem;

    #[cfg(unix)]
    #[test]
    fn the_folders_made_are_the_users_only_and_so_are_the_files() {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("class").join("handout");
        let pack = super::super::pack::load(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/th-gov-basics"),
        )
        .unwrap();
        let files = super::write_briefs(&dir, &pack).unwrap();
        assert_eq!(mode(&dir), 0o700);
        assert_eq!(mode(&root.path().join("class")), 0o700);
        assert_eq!(files.len(), 4);
        for f in &files {
            assert_eq!(mode(f), 0o600, "{}", f.display());
        }
        // A folder that was there keeps the mode its owner gave it.
        let mine = root.path().join("mine");
        std::fs::create_dir(&mine).unwrap();
        std::fs::set_permissions(&mine, std::fs::Permissions::from_mode(0o750)).unwrap();
        super::write_briefs(&mine, &pack).unwrap();
        assert_eq!(mode(&mine), 0o750);
    }

    #[test]
    fn a_trainees_name_makes_a_safe_file_name() {
        assert_eq!(file_stem("Anan K."), "Anan-K");
        assert_eq!(file_stem("../../etc/passwd"), "etc-passwd");
        assert_eq!(file_stem(".hidden"), "hidden");
        assert_eq!(file_stem("..."), "trainee");
        assert_eq!(file_stem("สมชาย ใจดี"), "สมชาย-ใจดี");
        assert_eq!(file_stem("a\u{0}b\nc"), "a-b-c");
        let long = file_stem(&"ก".repeat(500));
        assert!(long.len() + ".debrief.html".len() < 255, "{}", long.len());
    }
}
