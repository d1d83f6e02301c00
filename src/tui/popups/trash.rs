//! `T`: deleted assessments, to put one back.

use ratatui::Frame;
use ratatui::layout::Rect;

use super::menu;
use crate::app::popup::trash::Trash;
use crate::app::{Action, Context};
use crate::store::TrashItem;
use crate::tui::i18n::Msg;
use crate::tui::paint::Ctx;

pub const CONTEXTS: &[Context] = menu::CONTEXTS;
pub const HINTS: &[Action] = &[Action::Choose, Action::Back];

pub fn area(t: &Trash, screen: Rect) -> Rect {
    menu::area(t.menu.items.len(), screen)
}

pub fn draw(frame: &mut Frame<'_>, cx: &Ctx<'_>, t: &Trash, area: Rect) {
    let label = |item: &TrashItem| {
        let file = item
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        // The service's name says which one it is; only a file that does not parse is known
        // by its file's name.
        match &item.service {
            Some(name) => name.clone(),
            None => format!("! {file}"),
        }
    };
    menu::draw_with(
        frame,
        cx,
        cx.t(Msg::TrashTitle).to_string(),
        &t.menu,
        label,
        HINTS,
        area,
    );
}
