//! Bilingual text and the language it is shown in.

use serde::{Deserialize, Serialize};

pub mod cells;
pub mod safe;
pub mod wrap;

pub use safe::{is_unsafe, json_escaped, visible, visible_lines};

/// The longest start of `s` that fits in `width` terminal cells, cut between grapheme
/// clusters so a Thai mark never loses its base, and the cells it takes.
pub use cells::cut_to_width;

/// The words xal writes into an assessment's own data (not the interface's): what a copy
/// kept after a conflict is called, and the first user group's name.
pub fn my_copy(lang: Lang) -> &'static str {
    match lang {
        Lang::Th => "(สำเนาของฉัน)",
        Lang::En => "(my copy)",
    }
}

/// The name of a grouped assessment's first user group.
pub fn first_group_name(lang: Lang) -> &'static str {
    match lang {
        Lang::Th => "ผู้ใช้บริการ",
        Lang::En => "Users",
    }
}

/// The two languages every ruleset and the interface speak.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Th,
    #[default]
    En,
}

impl Lang {
    /// Every language, in the order the command line lists them.
    pub const ALL: [Lang; 2] = [Lang::Th, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Th => "th",
            Lang::En => "en",
        }
    }

    pub fn parse(s: &str) -> Option<Lang> {
        match s.trim().to_ascii_lowercase().as_str() {
            "th" => Some(Lang::Th),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    pub fn toggled(self) -> Lang {
        match self {
            Lang::Th => Lang::En,
            Lang::En => Lang::Th,
        }
    }

    /// The start language when nothing is chosen explicitly: Thai when the locale says so.
    pub fn from_locale_vars(vars: &[Option<String>]) -> Lang {
        for v in vars.iter().flatten() {
            if v.is_empty() {
                continue;
            }
            return if v.to_ascii_lowercase().starts_with("th") {
                Lang::Th
            } else {
                Lang::En
            };
        }
        Lang::En
    }
}

/// A piece of text a person reads, in Thai and English.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Text {
    pub th: String,
    pub en: String,
}

impl Text {
    pub fn new(th: impl Into<String>, en: impl Into<String>) -> Text {
        Text {
            th: th.into(),
            en: en.into(),
        }
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Th => &self.th,
            Lang::En => &self.en,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::cut_to_width;

    #[test]
    fn a_cut_keeps_thai_marks_with_their_base() {
        // ผู้ is one cell: the base with two marks above and below.
        assert_eq!(cut_to_width("ผู้ใช้", 2), ("ผู้ใ", 2));
        assert_eq!(cut_to_width("ผู้ใช้", 10), ("ผู้ใช้", 3));
        assert_eq!(cut_to_width("abc", 0), ("", 0));
    }
}
