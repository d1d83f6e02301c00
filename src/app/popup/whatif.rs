//! `w`: the planner for the open assessment — per target, the sets of up to two answer changes
//! (unanswered questions included) that reach each other level, and the planned methods that
//! meet it, in the interface's language.

use super::Popup;
use super::reader::Reader;
use crate::app::App;
use crate::app::say::Title;
use crate::engine::whatif::plan;
use crate::report;

pub fn open(app: &mut App) {
    let Some(o) = &app.open else { return };
    let rs = &o.session.ruleset;
    let plans = plan::plan_set(rs, &o.session.doc.answers);
    let text = report::whatif::plan_text(rs, &plans, app.lang);
    app.popup = Some(Popup::Reader(Reader::new(Title::Whatif, &text)));
}
