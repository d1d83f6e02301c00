//! Facts of the `dgs-1-2-2564` ruleset that tests and benches share: its impact categories and
//! the spec's income-tax answers.

/// The six impact categories in the ruleset's order.
pub const CATEGORIES: [&str; 6] = [
    "reputation",
    "financial",
    "programs",
    "sensitive",
    "safety",
    "civil",
];

/// The spec's income-tax case (IAL2.1, AAL2) as the `[answers]` table of a file, without the
/// optional plan questions. A macro, so that file texts can be built around it with `concat!`
/// and stay constants: `concat!(support::dgs::income_tax_answers!(), "\"plan.proofing\" = …\n")`.
#[allow(unused_macros)]
macro_rules! income_tax_answers {
    () => {
        r#"[answers]
"service.group" = "transactional"
"pi.needed" = "yes"
"pi.validated" = "yes"
"impact.proofing" = { reputation = "moderate", financial = "moderate", programs = "moderate", sensitive = "moderate", safety = "none", civil = "moderate" }
"auth.needed" = "yes"
"impact.auth" = { reputation = "moderate", financial = "moderate", programs = "moderate", sensitive = "moderate", safety = "none", civil = "moderate" }
"pi.accessible" = "yes"
"#
    };
}
#[allow(unused_imports)]
pub(crate) use income_tax_answers;
