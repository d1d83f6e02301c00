//! The highlighted assessment as the result pane shows it, without opening it: moving down the
//! list shows each one's levels, reasons and case at once; opening is for answering.

use std::path::PathBuf;
use std::sync::Arc;

use chrono::{DateTime, FixedOffset};

use super::event::Env;
use super::{App, Open, Pane, Say};
use crate::diag::Diagnostic;
use crate::engine::{SetEvaluation, evaluate_set};
use crate::ruleset::Ruleset;
use crate::store::{Assessment, ScanEntry};

#[derive(Debug)]
pub struct Preview {
    pub path: PathBuf,
    /// When the file the preview was made from was last changed, as the list knows it.
    updated: Option<DateTime<FixedOffset>>,
    pub of: PreviewOf,
}

#[derive(Debug)]
pub enum PreviewOf {
    Assessment {
        assessment: Box<Assessment>,
        ruleset: Arc<Ruleset>,
        eval: SetEvaluation,
    },
    /// A file that does not parse.
    Broken(Diagnostic),
    /// A file that could not be read, or names a ruleset this run does not have.
    Unavailable(Say),
}

/// What the result pane shows.
pub enum Shown<'a> {
    Open(&'a Open),
    Preview(&'a Preview),
    Nothing,
}

impl App {
    /// The open assessment while it is worked on, or while the list highlights it; else the
    /// highlighted one's preview.
    pub fn shown(&self) -> Shown<'_> {
        let highlighted = self.list.selected_entry().map(ScanEntry::path);
        match &self.open {
            Some(o) if self.focus != Pane::List || highlighted == Some(o.loaded.path.as_path()) => {
                Shown::Open(o)
            }
            _ => match &self.preview {
                Some(p) => Shown::Preview(p),
                None => Shown::Nothing,
            },
        }
    }

    /// Keeps the preview on the highlighted entry: made again only when the highlight moved
    /// to another file or the list says the file changed.
    pub(super) fn sync_preview(&mut self, env: &Env) {
        let Some(entry) = self.list.selected_entry() else {
            self.preview = None;
            return;
        };
        if self
            .open
            .as_ref()
            .is_some_and(|o| o.loaded.path == entry.path())
        {
            // The open session is what is shown; a preview of it would go stale.
            self.preview = None;
            return;
        }
        let updated = match entry {
            ScanEntry::Ok(s) => Some(s.updated),
            ScanEntry::Broken { .. } => None,
        };
        if self
            .preview
            .as_ref()
            .is_some_and(|p| p.path == entry.path() && p.updated == updated)
        {
            return;
        }
        let of = match entry {
            ScanEntry::Broken { diagnostic, .. } => PreviewOf::Broken(diagnostic.clone()),
            ScanEntry::Ok(s) => match env.files.load(&s.id) {
                Err(e) => PreviewOf::Unavailable(Say::Problem(e.to_string())),
                Ok(l) => match self.registry.get(&l.assessment.ruleset.id) {
                    None => PreviewOf::Unavailable(Say::UnknownRuleset {
                        path: Some(l.path.clone()),
                        id: l.assessment.ruleset.id.clone(),
                    }),
                    Some(rs) => PreviewOf::Assessment {
                        eval: evaluate_set(rs, &l.assessment.answers),
                        ruleset: Arc::clone(rs),
                        assessment: Box::new(l.assessment),
                    },
                },
            },
        };
        self.preview = Some(Preview {
            path: entry.path().to_path_buf(),
            updated,
            of,
        });
    }
}
