//! `w`: the planner for the open assessment. A menu of the levels that can be reached (per
//! group and target, each with its direction), with "every level" first; choosing one shows
//! the sets of up to two answer changes that give it (unanswered questions included) and the
//! planned methods that meet it, in the interface's language.

use super::menu::{Menu, Moved};
use super::reader::Reader;
use super::{Popup, Reply};
use crate::app::App;
use crate::app::action::Action;
use crate::app::say::Title;
use crate::engine::whatif::plan::{self, TargetPlan};
use crate::report;
use crate::ruleset::Ruleset;
use crate::text::Lang;

/// What the menu offers: the whole plan, or one level of one target of one answer set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Choice {
    Every,
    Level {
        set: usize,
        target: usize,
        goal: usize,
    },
}

#[derive(Debug)]
pub struct Whatif {
    pub menu: Menu<Choice>,
    /// The menu's words, one per item, in the language it was opened in.
    pub labels: Vec<String>,
    plans: Vec<(Option<String>, Vec<TargetPlan>)>,
    lang: Lang,
}

impl Whatif {
    pub fn label(&self, c: &Choice) -> String {
        let i = self.menu.items.iter().position(|x| x == c).unwrap_or(0);
        self.labels.get(i).cloned().unwrap_or_default()
    }
}

/// The planner for the open assessment; none without one.
pub fn open(app: &App) -> Option<Popup> {
    let o = app.open.as_ref()?;
    // What would raise or lower the level tells the level: hidden with it.
    if let Some(refused) = app.refusal_if_hidden(Title::Whatif, "what-if") {
        return Some(refused);
    }
    let rs = &o.session.ruleset;
    let plans = plan::plan_set(rs, &o.session.doc.answers);
    let lang = app.lang;
    let mut items = vec![Choice::Every];
    let mut labels = vec![match lang {
        Lang::En => "Every level, up to two answers at a time".to_string(),
        Lang::Th => "ทุกระดับ เปลี่ยนคำตอบครั้งละไม่เกินสองข้อ".to_string(),
    }];
    for (set, (group, targets)) in plans.iter().enumerate() {
        for tp in targets {
            for (goal, g) in tp.goals.iter().enumerate() {
                if g.routes.is_empty() {
                    continue;
                }
                items.push(Choice::Level {
                    set,
                    target: tp.target,
                    goal,
                });
                labels.push(report::whatif::goal_label(
                    rs,
                    group.as_deref(),
                    tp,
                    g,
                    lang,
                ));
            }
        }
    }
    Some(Popup::Whatif(Whatif {
        menu: Menu::with_texts(items, labels.clone()),
        labels,
        plans,
        lang,
    }))
}

pub(super) fn handle(app: &App, mut p: Whatif, action: Action) -> Reply {
    let Some(o) = &app.open else {
        return Reply::close();
    };
    match p.menu.apply(action) {
        // The plan takes the menu's place.
        Moved::Chosen(c) => Reply::stay(shown(&o.session.ruleset, &p, &c)),
        Moved::Stay if action == Action::Back => Reply::close(),
        Moved::Stay => Reply::stay(Popup::Whatif(p)),
    }
}

fn shown(rs: &Ruleset, p: &Whatif, c: &Choice) -> Popup {
    let text = match *c {
        Choice::Every => report::whatif::plan_text(rs, &p.plans, p.lang),
        Choice::Level { set, target, goal } => {
            let (group, targets) = &p.plans[set];
            let tp = &targets[target];
            report::whatif::goal_text(rs, group.as_deref(), tp, &tp.goals[goal], p.lang)
        }
    };
    Popup::Reader(Reader::new(Title::Whatif, &text))
}
