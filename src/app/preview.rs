//! The highlighted assessment as the result pane shows it, without opening it: moving down the
//! list shows each one's levels, reasons and case as soon as its file has been read; opening
//! is for answering.

use std::path::PathBuf;
use std::sync::Arc;

use super::load::Purpose;
use super::{App, Open, Pane, Say};
use crate::diag::Diagnostic;
use crate::engine::{SetEvaluation, evaluate_set};
use crate::ruleset::Ruleset;
use crate::store::{Assessment, LoadError, Loaded, ScanEntry, Summary};

#[derive(Debug)]
pub struct Preview {
    pub path: PathBuf,
    /// The list's row of the file when the preview was asked for: the date alone would miss a
    /// file changed by hand or merged by a sync that kept its `updated`, and the pane would
    /// show another level than the row beside it.
    listed: Option<Box<Summary>>,
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
    /// to another file or the list's row of it reads otherwise. The file is asked for, and
    /// until it comes the pane keeps what it showed (moving down the list, nothing blinks) —
    /// unless that is a file the list no longer shows (a filter hid it, it was removed): the
    /// pane never stands beside a list that does not have its service.
    pub(super) fn sync_preview(&mut self) {
        let Some(entry) = self.list.selected_entry() else {
            self.preview = None;
            self.preview_wanted = None;
            return;
        };
        if self
            .open
            .as_ref()
            .is_some_and(|o| o.loaded.path == entry.path())
        {
            // The open session is what is shown; a preview of it would go stale.
            self.preview = None;
            self.preview_wanted = None;
            return;
        }
        let listed = match entry {
            ScanEntry::Ok(s) => Some(s),
            ScanEntry::Broken { .. } => None,
        };
        if self
            .preview
            .as_ref()
            .is_some_and(|p| p.path == entry.path() && p.listed.as_deref() == listed)
        {
            self.preview_wanted = None;
            return;
        }
        if self.preview_checked != self.list.revision() {
            self.preview_checked = self.list.revision();
            if let Some(p) = &self.preview {
                let at = p.path.as_os_str();
                if !self.list.rows().any(|e| e.path().as_os_str() == at) {
                    self.preview = None;
                }
            }
        }
        let wanted = Purpose::Preview {
            path: entry.path().to_path_buf(),
            listed: listed.cloned().map(Box::new),
        };
        if self.preview_wanted.as_ref() == Some(&wanted) {
            return;
        }
        match entry {
            ScanEntry::Broken { diagnostic, .. } => {
                self.preview = Some(Preview {
                    path: entry.path().to_path_buf(),
                    listed: None,
                    of: PreviewOf::Broken(diagnostic.clone()),
                });
                self.preview_wanted = None;
            }
            ScanEntry::Ok(s) => {
                let id = s.id.clone();
                self.preview_wanted = Some(wanted.clone());
                self.effects.push(super::event::Effect::Load {
                    id,
                    purpose: wanted,
                });
            }
        }
    }

    /// The preview of the file at `path`, if it is the one shown, is read again (another
    /// program or a sync changed it): the pane keeps it until the file comes.
    pub(super) fn preview_changed(&mut self, changed: impl Fn(&Preview) -> bool) {
        if let Some(p) = self.preview.as_mut().filter(|p| changed(p)) {
            // No listed row equals none: the next sync finds it out of date.
            p.listed = None;
            if matches!(p.of, PreviewOf::Broken(_)) {
                self.preview = None;
            }
        }
    }

    /// The highlighted file has been read: it becomes the preview, unless the highlight has
    /// moved on (or the list dated the file anew) since it was asked for.
    pub(super) fn on_preview_loaded(
        &mut self,
        purpose: Purpose,
        result: Result<Loaded, LoadError>,
    ) {
        if self.preview_wanted.as_ref() != Some(&purpose) {
            return;
        }
        self.preview_wanted = None;
        let Purpose::Preview { path, listed } = purpose else {
            return;
        };
        let of = match result {
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
        };
        // Another service starts at its top, where its levels are; the same one read again
        // (changed on disk) stays where the reader was.
        if self.preview.as_ref().is_none_or(|p| p.path != path) {
            self.result_scroll.to_top();
        }
        self.preview = Some(Preview { path, listed, of });
    }
}
