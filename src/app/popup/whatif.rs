//! `w`: the answer changes that would raise or lower a level, for the open assessment.

use super::Popup;
use super::reader::Reader;
use crate::app::App;
use crate::app::say::Title;
use crate::engine::whatif;
use crate::report;

pub fn open(app: &mut App) {
    let Some(o) = &app.open else { return };
    // What would raise or lower the level tells the level: hidden with it.
    if app.result_hidden() {
        return;
    }
    let rs = &o.session.ruleset;
    let sets = whatif::what_would_change_set(rs, &o.session.doc.answers);
    let text = report::whatif::changes_text(rs, &sets, app.lang);
    app.popup = Some(Popup::Reader(Reader::new(Title::Whatif, &text)));
}
