//! The ruleset loader on arbitrary and on damaged input: a message, never a panic.

use std::path::Path;

use proptest::prelude::*;
use xal::ruleset::load_ruleset;
use xal::ruleset::registry::BUILTIN;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn arbitrary_text_never_panics(s in any::<String>()) {
        let out = load_ruleset(Path::new("fuzz.toml"), &s);
        prop_assert!(out.ruleset.is_some() || !out.diagnostics.is_empty());
    }

    #[test]
    fn arbitrary_bytes_never_panic(b in proptest::collection::vec(any::<u8>(), 0..2000)) {
        let s = String::from_utf8_lossy(&b);
        let _ = load_ruleset(Path::new("fuzz.toml"), &s);
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
        let out = load_ruleset(Path::new("damaged.toml"), &text);
        for d in &out.diagnostics {
            prop_assert!(d.line >= 1 && d.column >= 1, "{d}");
        }
    }

    /// Conditions of any shape are parsed or refused with an offset inside the text.
    #[test]
    fn any_condition_text_is_handled(cond in "[a-z().=!<>\\[\\], 0-9]{0,40}") {
        let base = BUILTIN[0].1;
        let text = base.replacen("when = \"always\"", &format!("when = {:?}", cond), 1);
        let _ = load_ruleset(Path::new("cond.toml"), &text);
    }
}
