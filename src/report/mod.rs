//! Reports of one assessment (Markdown, HTML, JSON, CSV), comparisons, and the fingerprints
//! that tie a printed copy to its file. Pure: text in, text out; the command line writes it.

pub mod build;
pub mod csv;
pub mod diff;
pub mod doc;
pub mod fingerprint;
pub mod html;
pub mod json;
pub mod markdown;
pub mod outcome;

use crate::text::Lang;

/// Picks the Thai or English wording of a fixed label.
pub(crate) fn tr(lang: Lang, th: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Th => th,
        Lang::En => en,
    }
}
