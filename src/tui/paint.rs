//! What every drawing function is given: the app, the theme, the keys in force and the
//! language shown.

use super::i18n::Msg;
use super::keys::Keymap;
use super::theme::Theme;
use crate::app::App;
use crate::text::Lang;

/// What every drawing function is given.
pub struct Ctx<'a> {
    pub app: &'a App,
    pub theme: &'a Theme,
    pub keymap: &'a Keymap,
    pub lang: Lang,
}

impl Ctx<'_> {
    pub fn t(&self, m: Msg) -> &'static str {
        m.text(self.lang)
    }
}
