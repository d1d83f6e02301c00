//! Reports of one assessment (Markdown, HTML, JSON, CSV, xlsx), comparisons, the fingerprints
//! that tie a printed copy to its file, and every sentence or JSON value made of engine
//! results (the engine computes, this layer words). Pure: text in, text out; the command line
//! and the interface write it.

pub mod build;
pub mod csv;
pub mod dates;
pub mod diff;
pub mod doc;
pub mod facts;
pub mod html;
pub mod json;
pub mod markdown;
pub mod outcome;
pub mod output;
pub mod signoff;
pub mod whatif;
pub mod xlsx;

use crate::text::Lang;

/// Picks the Thai or English wording of a fixed label.
pub fn tr(lang: Lang, th: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Th => th,
        Lang::En => en,
    }
}
