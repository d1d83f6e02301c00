//! The ruleset loader on arbitrary and on damaged input: a ruleset or a message with a place
//! inside the text, never a panic.

use std::path::Path;

use proptest::prelude::*;
use xal::ruleset::registry::BUILTIN;
use xal::ruleset::{LoadOutcome, load_ruleset};

/// What every load must give: a ruleset or at least one diagnostic, and each diagnostic names
/// the file and a place inside the text (line 1 to one past the last, column from 1).
fn check_outcome(path: &Path, text: &str, out: &LoadOutcome) -> Result<(), TestCaseError> {
    prop_assert!(
        out.ruleset.is_some() || !out.diagnostics.is_empty(),
        "neither a ruleset nor a message"
    );
    let lines = text.split('\n').count();
    for d in &out.diagnostics {
        prop_assert_eq!(&d.file, path, "{}", d);
        prop_assert!(
            (1..=lines + 1).contains(&d.line) && d.column >= 1,
            "{} outside the {} lines of the text",
            d,
            lines
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn arbitrary_text_never_panics(s in any::<String>()) {
        let p = Path::new("fuzz.toml");
        check_outcome(p, &s, &load_ruleset(p, &s))?;
    }

    #[test]
    fn arbitrary_bytes_never_panic(b in proptest::collection::vec(any::<u8>(), 0..2000)) {
        let s = String::from_utf8_lossy(&b);
        let p = Path::new("fuzz.toml");
        check_outcome(p, &s, &load_ruleset(p, &s))?;
    }

    /// Damage a real ruleset in a few places: every damaged file either loads or says where.
    #[test]
    fn damaged_builtin_rulesets_report_a_place(
        which in 0..BUILTIN.len(),
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<char>()), 1..4),
    ) {
        let mut text: Vec<char> = BUILTIN[which].1.chars().collect();
        for (at, c) in edits {
            let i = at.index(text.len());
            text[i] = c;
        }
        let text: String = text.into_iter().collect();
        let p = Path::new("damaged.toml");
        check_outcome(p, &text, &load_ruleset(p, &text))?;
    }

    /// Conditions of any shape are parsed or refused with a place inside the text.
    #[test]
    fn any_condition_text_is_handled(cond in "[a-z().=!<>\\[\\], 0-9]{0,40}") {
        let base = BUILTIN[0].1;
        prop_assert!(base.contains("when = \"always\""), "a condition to replace");
        let text = base.replacen("when = \"always\"", &format!("when = {cond:?}"), 1);
        let p = Path::new("cond.toml");
        check_outcome(p, &text, &load_ruleset(p, &text))?;
    }
}
