//! Bilingual text and the language it is shown in.

use serde::{Deserialize, Serialize};

/// The two languages every ruleset and the interface speak.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Th,
    #[default]
    En,
}

impl Lang {
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
