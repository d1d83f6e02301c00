//! Reading a ruleset file: TOML, then every reference and text checked, then compiled.

use std::collections::HashSet;
use std::path::Path;

use toml::Spanned;

use super::condition::{self, CondError, QuestionInfo, Resolver};
use super::raw::*;
use super::*;
use crate::answers::{Answers, Group};
use crate::diag::Diagnostic;

/// The result of loading: the ruleset when it is usable, and every problem found.
#[derive(Debug)]
pub struct LoadOutcome {
    pub ruleset: Option<Ruleset>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Loads and checks a ruleset from its text. `path` is only used in messages.
pub fn load_ruleset(path: &Path, source: &str) -> LoadOutcome {
    let raw: RawRuleset = match toml::from_str(source) {
        Ok(r) => r,
        Err(e) => {
            return LoadOutcome {
                ruleset: None,
                diagnostics: vec![Diagnostic::from_toml(path, source, &e)],
            };
        }
    };
    let mut b = Builder {
        path,
        source,
        lines: crate::diag::LineIndex::new(source),
        diags: Vec::new(),
    };
    let ruleset = b.build(raw);
    let diagnostics = b.diags;
    LoadOutcome {
        ruleset: if diagnostics.is_empty() {
            ruleset
        } else {
            None
        },
        diagnostics,
    }
}

struct Builder<'a> {
    path: &'a Path,
    source: &'a str,
    /// Where each example is: found once, not by counting the text before each of them.
    lines: crate::diag::LineIndex<'a>,
    diags: Vec<Diagnostic>,
}

/// The names the condition parser resolves against, filled as the file is read.
#[derive(Default)]
struct Names {
    impact: Vec<String>,
    categories: Vec<String>,
    targets: Vec<(String, Vec<String>, bool)>,
    questions: Vec<(String, Kind, Vec<String>, Vec<usize>)>,
}

impl Resolver for Names {
    fn question(&self, name: &str) -> Option<QuestionInfo<'_>> {
        let i = self.questions.iter().position(|q| q.0 == name)?;
        Some(self.question_at(i))
    }

    fn question_at(&self, index: usize) -> QuestionInfo<'_> {
        let q = &self.questions[index];
        QuestionInfo {
            index,
            is_matrix: q.1 == Kind::Impact,
            options: q.2.iter().map(String::as_str).collect(),
            categories: q.3.clone(),
        }
    }

    fn category(&self, name: &str) -> Option<usize> {
        self.categories.iter().position(|c| c == name)
    }

    fn impact(&self, name: &str) -> Option<usize> {
        self.impact.iter().position(|c| c == name)
    }

    fn target(&self, name: &str) -> Option<usize> {
        self.targets.iter().position(|t| t.0 == name)
    }

    fn target_level(&self, target: usize, name: &str) -> Option<usize> {
        self.targets[target].1.iter().position(|l| l == name)
    }

    fn target_has_majors(&self, target: usize) -> bool {
        self.targets[target].2
    }
}

const YES_NO: [(&str, &str, &str); 2] = [("yes", "ใช่", "Yes"), ("no", "ไม่ใช่", "No")];

impl Builder<'_> {
    fn error(&mut self, offset: usize, message: impl Into<String>) {
        self.diags.push(Diagnostic::at_offset(
            self.path,
            self.source,
            offset,
            message,
        ));
    }

    fn text(&mut self, t: &SText, what: &str) -> Text {
        let at = t.span().start;
        let raw = t.get_ref();
        let mut part = |v: &Option<String>, code: &str, lang: &str| -> String {
            match v {
                Some(s) if !s.trim().is_empty() => s.clone(),
                Some(_) => {
                    self.error(at, format!("{lang} text (`{code}`) of {what} is empty"));
                    String::new()
                }
                None => {
                    self.error(at, format!("missing {lang} text (`{code}`) in {what}"));
                    String::new()
                }
            }
        };
        let th = part(&raw.th, "th", "Thai");
        let en = part(&raw.en, "en", "English");
        Text { th, en }
    }

    fn opt_text(&mut self, t: &Option<SText>, what: &str) -> Option<Text> {
        t.as_ref().map(|t| self.text(t, what))
    }

    fn id(&mut self, s: &SStr, seen: &mut HashSet<String>, kind: &str) -> String {
        let id = s.get_ref().clone();
        if id.is_empty()
            || !id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
        {
            self.error(
                s.span().start,
                format!("{kind} id `{id}` may only use letters, digits, `.`, `_` and `-`"),
            );
        } else if !seen.insert(id.clone()) {
            self.error(s.span().start, format!("duplicate {kind} id `{id}`"));
        }
        id
    }

    fn condition(&mut self, s: &SStr, names: &Names) -> Option<Cond> {
        match condition::parse(s.get_ref(), names) {
            Ok(c) => Some(c),
            Err(CondError { offset, message }) => {
                // The span starts at the opening quote of the string.
                self.error(s.span().start + 1 + offset, message);
                None
            }
        }
    }

    fn build(&mut self, raw: RawRuleset) -> Option<Ruleset> {
        if let Some(f) = &raw.format
            && *f.get_ref() != 1
        {
            self.error(
                f.span().start,
                format!(
                    "ruleset format {} is not known to this xal (it reads format 1)",
                    f.get_ref()
                ),
            );
        }
        let status = match raw.status.get_ref().as_str() {
            "final" => Status::Final,
            "provisional" => Status::Provisional,
            "draft" => Status::Draft,
            other => {
                self.error(
                    raw.status.span().start,
                    format!("unknown status `{other}` (use final, provisional or draft)"),
                );
                Status::Draft
            }
        };
        let title = self.text(&raw.title, "the title");
        let issuer = self.text(&raw.issuer, "the issuer");
        let status_note = self.opt_text(&raw.status_note, "the status note");

        let mut names = Names::default();

        // Impact scale.
        if raw.impact.len() < 2 {
            self.error(0, "the impact scale needs at least two levels");
        }
        let mut seen = HashSet::new();
        let mut impact = Vec::new();
        for i in &raw.impact {
            let id = self.id(&i.get_ref().id, &mut seen, "impact level");
            let name = self.text(&i.get_ref().name, &format!("impact level `{id}`"));
            names.impact.push(id.clone());
            impact.push(Named { id, name });
        }

        // Categories.
        let mut seen = HashSet::new();
        let mut categories = Vec::new();
        for c in &raw.category {
            let rc = c.get_ref();
            let id = self.id(&rc.id, &mut seen, "category");
            let name = self.text(&rc.name, &format!("category `{id}`"));
            let mut levels = vec![None; impact.len()];
            for (lvl, t) in &rc.levels {
                match names.impact.iter().position(|i| i == lvl) {
                    Some(r) => {
                        levels[r] = Some(self.text(t, &format!("category `{id}` level `{lvl}`")))
                    }
                    None => self.error(
                        t.span().start,
                        format!("category `{id}` defines unknown impact level `{lvl}`"),
                    ),
                }
            }
            for (r, l) in levels.iter().enumerate().skip(1) {
                if l.is_none() {
                    self.error(
                        c.span().start,
                        format!(
                            "category `{id}` does not say what impact `{}` means",
                            names.impact[r]
                        ),
                    );
                }
            }
            names.categories.push(id.clone());
            categories.push(Category { id, name, levels });
        }

        // Targets.
        let mut seen = HashSet::new();
        let mut targets = Vec::new();
        for t in &raw.target {
            let rt = t.get_ref();
            let id = self.id(&rt.id, &mut seen, "target");
            let name = self.text(&rt.name, &format!("target `{id}`"));
            let mut level_seen = HashSet::new();
            let mut levels = Vec::new();
            for l in &rt.level {
                let rl = l.get_ref();
                let lid = self.id(&rl.id, &mut level_seen, "level");
                let lname = self.text(&rl.name, &format!("level `{lid}`"));
                let label = rl
                    .label
                    .as_ref()
                    .map(|t| self.text(t, &format!("the label of level `{lid}`")));
                let mut level = Level {
                    id: lid,
                    major: rl.major,
                    name: lname,
                    label,
                    column_th: None,
                };
                level.column_th = level.words_for_column();
                levels.push(level);
            }
            if levels.is_empty() {
                self.error(t.span().start, format!("target `{id}` has no levels"));
            }
            let with_major = levels.iter().filter(|l| l.major.is_some()).count();
            if with_major != 0 && with_major != levels.len() {
                self.error(
                    t.span().start,
                    format!("target `{id}`: when one level has a `major`, every level needs one"),
                );
            }
            names.targets.push((
                id.clone(),
                levels.iter().map(|l| l.id.clone()).collect(),
                with_major > 0,
            ));
            targets.push(Target { id, name, levels });
        }
        if targets.is_empty() {
            self.error(0, "a ruleset needs at least one `[[target]]`");
        }

        let mut groups = raw.groups.as_ref().map(|g| {
            let rg = g.get_ref();
            let combine = match rg.combine.as_ref().map(|c| (c.get_ref().as_str(), c)) {
                None | Some(("high-water", _)) => Combine::HighWater,
                Some(("average", _)) => Combine::Average,
                Some((other, c)) => {
                    self.error(
                        c.span().start,
                        format!("unknown combine method `{other}` (use high-water or average)"),
                    );
                    Combine::HighWater
                }
            };
            let tailoring = rg
                .tailoring
                .iter()
                .filter_map(|t| {
                    let found = names.target(t.get_ref());
                    if found.is_none() {
                        self.error(
                            t.span().start,
                            format!("unknown target `{}` in tailoring", t.get_ref()),
                        );
                    }
                    found
                })
                .collect();
            let mut seen = HashSet::new();
            let entities = rg
                .entities
                .iter()
                .map(|e| {
                    let id = self.id(&e.get_ref().id, &mut seen, "entity");
                    if id.contains('/') {
                        self.error(
                            e.span().start,
                            format!("entity id `{id}` must not hold `/`"),
                        );
                    }
                    let name = self.text(&e.get_ref().name, &format!("entity `{id}`"));
                    Named { id, name }
                })
                .collect();
            GroupSpec {
                combine,
                tailoring,
                entities,
                scale: None,
            }
        });

        // Questions: headers first so that errors in one do not hide the others' names.
        let mut seen = HashSet::new();
        let mut headers = Vec::new();
        for q in &raw.question {
            let rq = q.get_ref();
            let id = self.id(&rq.id, &mut seen, "question");
            let kind = match rq.kind.get_ref().as_str() {
                "yes-no" => Kind::YesNo,
                "choice" => Kind::Choice,
                "impact" => Kind::Impact,
                other => {
                    self.error(
                        rq.kind.span().start,
                        format!("unknown question kind `{other}` (use yes-no, choice or impact)"),
                    );
                    Kind::Choice
                }
            };
            let options: Vec<String> = match kind {
                Kind::YesNo => YES_NO.iter().map(|o| o.0.to_string()).collect(),
                _ => rq
                    .option
                    .iter()
                    .map(|o| o.get_ref().id.get_ref().clone())
                    .collect(),
            };
            let cats: Vec<usize> = match (&rq.categories, kind) {
                (Some(list), Kind::Impact) => list
                    .iter()
                    .filter_map(|c| {
                        let found = names.category(c.get_ref());
                        if found.is_none() {
                            self.error(
                                c.span().start,
                                format!("unknown category `{}`", c.get_ref()),
                            );
                        }
                        found
                    })
                    .collect(),
                (None, Kind::Impact) => (0..categories.len()).collect(),
                (Some(list), _) => {
                    if let Some(first) = list.first() {
                        self.error(
                            first.span().start,
                            format!("question `{id}` is not an impact matrix: `categories` does not apply"),
                        );
                    }
                    Vec::new()
                }
                (None, _) => Vec::new(),
            };
            headers.push((id, kind, options, cats));
        }
        names.questions = headers.clone();
        if let (Some(spec), Some(raw_groups)) = (groups.as_mut(), raw.groups.as_ref())
            && let Some(scale) = &raw_groups.get_ref().scale
        {
            spec.scale = headers.iter().position(|h| h.0 == *scale.get_ref());
            if spec.scale.is_none() {
                self.error(
                    scale.span().start,
                    format!("unknown question `{}` as the scale", scale.get_ref()),
                );
            }
        }

        let mut questions = Vec::new();
        let mut when_deps = Vec::new();
        for (qi, (q, (id, kind, _, cats))) in raw.question.iter().zip(headers).enumerate() {
            let rq = q.get_ref();
            let text = self.text(&rq.text, &format!("question `{id}`"));
            let help = self.opt_text(&rq.help, &format!("the help of question `{id}`"));
            let when = match &rq.when {
                Some(w) => {
                    let c = self.condition(w, &names).unwrap_or(Cond::Always);
                    let mut deps = Vec::new();
                    c.questions(&mut deps);
                    if let Some(&later) = deps.iter().find(|&&d| d >= qi) {
                        self.error(
                            w.span().start,
                            format!(
                                "question `{id}` is asked depending on `{}`, which does not come before it",
                                names.questions[later].0
                            ),
                        );
                    }
                    let mut targets_read = Vec::new();
                    c.targets(&mut targets_read);
                    if !targets_read.is_empty() {
                        self.error(
                            w.span().start,
                            "whether a question is asked cannot depend on a level",
                        );
                    }
                    deps.sort_unstable();
                    deps.dedup();
                    when_deps.push(deps);
                    c
                }
                None => {
                    when_deps.push(Vec::new());
                    Cond::Always
                }
            };
            let plan = rq.plan.as_ref().and_then(|p| {
                let t = names.target(p.get_ref());
                if t.is_none() {
                    self.error(p.span().start, format!("unknown target `{}`", p.get_ref()));
                }
                t
            });
            let mut option_seen = HashSet::new();
            let options = match kind {
                Kind::YesNo => {
                    if let Some(o) = rq.option.first() {
                        self.error(
                            o.span().start,
                            format!("yes-no question `{id}` has the options yes and no already"),
                        );
                    }
                    YES_NO
                        .iter()
                        .map(|(oid, th, en)| AnswerOption {
                            id: oid.to_string(),
                            label: Text::new(*th, *en),
                            help: None,
                            achieves: None,
                        })
                        .collect()
                }
                Kind::Impact => {
                    if let Some(o) = rq.option.first() {
                        self.error(
                            o.span().start,
                            format!(
                                "impact question `{id}` takes its options from the impact scale"
                            ),
                        );
                    }
                    Vec::new()
                }
                Kind::Choice => {
                    if rq.option.len() < 2 {
                        self.error(
                            q.span().start,
                            format!("choice question `{id}` needs at least two options"),
                        );
                    }
                    let mut out = Vec::new();
                    for o in &rq.option {
                        let ro = o.get_ref();
                        let oid = self.id(&ro.id, &mut option_seen, "option");
                        let label = self.text(&ro.label, &format!("option `{id}` = `{oid}`"));
                        let help = self.opt_text(&ro.help, &format!("the help of option `{oid}`"));
                        let achieves = match (&ro.achieves, plan) {
                            (Some(a), Some(t)) => {
                                let l = names.target_level(t, a.get_ref());
                                if l.is_none() {
                                    self.error(
                                        a.span().start,
                                        format!(
                                            "unknown level `{}` of target `{}`",
                                            a.get_ref(),
                                            names.targets[t].0
                                        ),
                                    );
                                }
                                l
                            }
                            (Some(a), None) => {
                                self.error(
                                    a.span().start,
                                    "`achieves` needs the question to have a `plan` target"
                                        .to_string(),
                                );
                                None
                            }
                            (None, Some(_)) => {
                                self.error(
                                    o.span().start,
                                    format!(
                                        "plan option `{oid}` must say which level it `achieves`"
                                    ),
                                );
                                None
                            }
                            (None, None) => None,
                        };
                        out.push(AnswerOption {
                            id: oid,
                            label,
                            help,
                            achieves,
                        });
                    }
                    out
                }
            };
            if plan.is_some() && kind != Kind::Choice {
                self.error(
                    q.span().start,
                    format!("plan question `{id}` must be a choice"),
                );
            }
            questions.push(Question {
                id,
                kind,
                text,
                help,
                when,
                optional: rq.optional,
                plan,
                categories: cats,
                options,
            });
        }

        // Rules, floors, notes.
        let mut seen = HashSet::new();
        let mut rules = Vec::new();
        let mut always_seen: Vec<Option<String>> = vec![None; targets.len()];
        for r in &raw.rule {
            let rr = r.get_ref();
            let id = self.id(&rr.id, &mut seen, "rule");
            let Some(target) = self.target_ref(&rr.target, &names) else {
                continue;
            };
            let level = self.level_ref(&rr.level, target, &names);
            let reason = self.text(&rr.reason, &format!("rule `{id}`"));
            let Some(when) = self.condition(&rr.when, &names) else {
                continue;
            };
            let mut read = Vec::new();
            when.targets(&mut read);
            if let Some(&t) = read.iter().find(|&&t| t >= target) {
                self.error(
                    rr.when.span().start,
                    format!(
                        "a rule for `{}` can only use the levels of targets before it, not `{}`",
                        names.targets[target].0, names.targets[t].0
                    ),
                );
            }
            if let Some(prev) = &always_seen[target] {
                self.error(
                    r.span().start,
                    format!("rule `{id}` can never match: rule `{prev}` before it always matches"),
                );
            }
            if when.is_always() {
                always_seen[target] = Some(id.clone());
            }
            rules.push(Rule {
                id,
                target,
                when,
                level: level.unwrap_or(0),
                reason,
            });
        }
        for (t, target) in targets.iter().enumerate() {
            if !rules.iter().any(|r| r.target == t) {
                self.error(0, format!("target `{}` has no rules", target.id));
            }
        }

        let mut floors = Vec::new();
        for f in &raw.floor {
            let rf = f.get_ref();
            let id = self.id(&rf.id, &mut seen, "floor");
            let Some(target) = self.target_ref(&rf.target, &names) else {
                continue;
            };
            let min = self.level_ref(&rf.min, target, &names);
            let reason = self.text(&rf.reason, &format!("floor `{id}`"));
            let Some(when) = self.condition(&rf.when, &names) else {
                continue;
            };
            let mut read = Vec::new();
            when.targets(&mut read);
            if let Some(&t) = read.iter().find(|&&t| t > target) {
                self.error(
                    rf.when.span().start,
                    format!(
                        "a floor for `{}` can only use the levels of itself and targets before it, not `{}`",
                        names.targets[target].0, names.targets[t].0
                    ),
                );
            }
            floors.push(Floor {
                id,
                target,
                when,
                min: min.unwrap_or(0),
                reason,
            });
        }

        let mut notes = Vec::new();
        for n in &raw.note {
            let rn = n.get_ref();
            let id = self.id(&rn.id, &mut seen, "note");
            let text = self.text(&rn.text, &format!("note `{id}`"));
            if let Some(when) = self.condition(&rn.when, &names) {
                notes.push(Note { id, when, text });
            }
        }

        let examples = raw
            .example
            .iter()
            .filter_map(|e| self.example(e, groups.is_some()))
            .collect();

        let carries = self.carries(&raw.carry, &names);

        let (target_deps, level_relevant) =
            dependencies(&questions, &when_deps, &rules, &floors, targets.len());

        Some(Ruleset {
            id: raw.id.into_inner(),
            version: raw.version.into_inner(),
            status,
            status_note,
            title,
            issuer,
            sources: raw.sources,
            groups,
            impact,
            categories,
            targets,
            questions,
            rules,
            floors,
            notes,
            examples,
            carries,
            sha256: crate::digest::sha256_hex(self.source.as_bytes()),
            path: self.path.to_path_buf(),
            when_deps,
            target_deps,
            level_relevant,
        })
    }

    /// `[[carry]]`: `to` is a question of this ruleset, no `from` id is, and `how` fits the
    /// kind of `to`.
    fn carries(&mut self, raw: &[Spanned<RawCarry>], names: &Names) -> Vec<Carry> {
        let mut out: Vec<Carry> = Vec::new();
        let mut from_seen: HashSet<String> = HashSet::new();
        for c in raw {
            let rc = c.get_ref();
            let to_name = rc.to.get_ref();
            let to = names.question(to_name).map(|q| q.index);
            let Some(to) = to else {
                self.error(
                    rc.to.span().start,
                    format!("`to` names `{to_name}`, which is not a question of this ruleset"),
                );
                continue;
            };
            if out.iter().any(|o| o.to == to) {
                self.error(
                    rc.to.span().start,
                    format!("question `{to_name}` is carried into by an earlier `[[carry]]`"),
                );
            }
            let kind = names.questions[to].1;
            if rc.from.get_ref().is_empty() {
                self.error(
                    rc.from.span().start,
                    format!("`[[carry]]` into `{to_name}` needs at least one id in `from`"),
                );
            }
            let mut from = Vec::new();
            for f in rc.from.get_ref() {
                let id = f.get_ref();
                if id.is_empty()
                    || !id
                        .chars()
                        .all(|ch| ch.is_ascii_alphanumeric() || "._-".contains(ch))
                {
                    self.error(
                        f.span().start,
                        format!("answer id `{id}` may only use letters, digits, `.`, `_` and `-`"),
                    );
                } else if names.question(id).is_some() {
                    self.error(
                        f.span().start,
                        format!(
                            "`{id}` is a question of this ruleset: `from` names answers of an earlier version only"
                        ),
                    );
                } else if !from_seen.insert(id.clone()) {
                    self.error(
                        f.span().start,
                        format!("`{id}` is already carried by another `from`"),
                    );
                }
                from.push(id.clone());
            }
            let how = match rc.how.as_ref().map(|h| (h.get_ref().as_str(), h)) {
                None if kind == Kind::Impact => CarryHow::Highest,
                None => CarryHow::Same,
                Some(("highest", h)) => {
                    if kind != Kind::Impact {
                        self.error(
                            h.span().start,
                            format!(
                                "`highest` carries impact matrices; `{to_name}` is not one (use `same`)"
                            ),
                        );
                    }
                    CarryHow::Highest
                }
                Some(("same", h)) => {
                    if kind == Kind::Impact {
                        self.error(
                            h.span().start,
                            format!(
                                "`same` carries choices; `{to_name}` is an impact matrix (use `highest`)"
                            ),
                        );
                    }
                    CarryHow::Same
                }
                Some((other, h)) => {
                    self.error(
                        h.span().start,
                        format!("unknown carry method `{other}` (use highest or same)"),
                    );
                    CarryHow::Same
                }
            };
            let since = rc.since.as_ref().map(|v| {
                if v.get_ref().trim().is_empty() {
                    self.error(
                        v.span().start,
                        "`since` is empty (give the version, e.g. \"2.0.0\")",
                    );
                }
                v.get_ref().trim().to_string()
            });
            let note = self.opt_text(
                &rc.note,
                &format!("the note of `[[carry]]` into `{to_name}`"),
            );
            out.push(Carry {
                to,
                from,
                how,
                confirm: rc.confirm.unwrap_or(true),
                since,
                note,
            });
        }
        out
    }

    fn target_ref(&mut self, s: &SStr, names: &Names) -> Option<usize> {
        let t = names.target(s.get_ref());
        if t.is_none() {
            self.error(s.span().start, format!("unknown target `{}`", s.get_ref()));
        }
        t
    }

    fn level_ref(&mut self, s: &SStr, target: usize, names: &Names) -> Option<usize> {
        let l = names.target_level(target, s.get_ref());
        if l.is_none() {
            self.error(
                s.span().start,
                format!(
                    "unknown level `{}` of target `{}` (levels: {})",
                    s.get_ref(),
                    names.targets[target].0,
                    names.targets[target].1.join(", ")
                ),
            );
        }
        l
    }

    fn example(&mut self, e: &Spanned<RawExample>, grouped: bool) -> Option<Example> {
        let re = e.get_ref();
        let at = e.span().start;
        let answers = match (&re.answers, &re.groups, grouped) {
            (Some(a), None, false) => match toml::Value::Table(a.clone()).try_into::<Answers>() {
                Ok(a) => AnswerSet::Single(a),
                Err(err) => {
                    self.error(at, format!("example `{}`: {}", re.name, err.message()));
                    return None;
                }
            },
            (None, Some(gs), true) => {
                let mut groups = Vec::new();
                for g in gs {
                    match toml::Value::Table(g.clone()).try_into::<Group>() {
                        Ok(g) => groups.push(g),
                        Err(err) => {
                            self.error(at, format!("example `{}`: {}", re.name, err.message()));
                            return None;
                        }
                    }
                }
                AnswerSet::Groups(groups)
            }
            (_, _, true) => {
                self.error(
                    at,
                    format!(
                        "example `{}` needs `[[example.groups]]` (this ruleset is per user group)",
                        re.name
                    ),
                );
                return None;
            }
            (_, _, false) => {
                self.error(
                    at,
                    format!("example `{}` needs an `[example.answers]` table", re.name),
                );
                return None;
            }
        };
        let (line, column) = self.lines.line_col(at);
        Some(Example {
            name: re.name.clone(),
            answers,
            expect: re.expect.clone(),
            line,
            column,
        })
    }
}

/// Which questions each target depends on (rules, floors, and the targets and `when`s those
/// read), and which questions can change any level at all.
fn dependencies(
    questions: &[Question],
    when_deps: &[Vec<usize>],
    rules: &[Rule],
    floors: &[Floor],
    n_targets: usize,
) -> (Vec<Vec<usize>>, Vec<bool>) {
    let mut deps: Vec<Vec<bool>> = vec![vec![false; questions.len()]; n_targets];
    for t in 0..n_targets {
        let mut qs = Vec::new();
        let mut ts = Vec::new();
        let conds = rules
            .iter()
            .filter(|r| r.target == t)
            .map(|r| &r.when)
            .chain(floors.iter().filter(|f| f.target == t).map(|f| &f.when));
        for c in conds {
            c.questions(&mut qs);
            c.targets(&mut ts);
        }
        for &q in &qs {
            deps[t][q] = true;
        }
        for &other in &ts {
            if other < t {
                let earlier = deps[other].clone();
                for (q, d) in earlier.into_iter().enumerate() {
                    deps[t][q] |= d;
                }
            }
        }
        // Whether a read question is asked depends on its `when`; walk backwards so the
        // closure is complete in one pass (a `when` only reads earlier questions).
        for q in (0..questions.len()).rev() {
            if deps[t][q] {
                for &d in &when_deps[q] {
                    deps[t][d] = true;
                }
            }
        }
    }
    let relevant = (0..questions.len())
        .map(|q| deps.iter().any(|d| d[q]))
        .collect();
    let lists = deps
        .into_iter()
        .map(|d| {
            d.into_iter()
                .enumerate()
                .filter_map(|(q, on)| on.then_some(q))
                .collect()
        })
        .collect();
    (lists, relevant)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CARRY: &str = include_str!("../../../../tests/data/carry-ruleset.toml");

    /// The fixture with its two `[[carry]]` blocks replaced by `blocks`.
    fn with_carry(blocks: &str) -> String {
        let at = CARRY.find("\n[[carry]]").unwrap() + 1;
        format!("{}{blocks}", &CARRY[..at])
    }

    fn problems(src: &str) -> Vec<Diagnostic> {
        let out = load_ruleset(Path::new("c.toml"), src);
        assert!(out.ruleset.is_none() || out.diagnostics.is_empty());
        out.diagnostics
    }

    /// The 1-based line and column of the first `needle` in `src`.
    fn place(src: &str, needle: &str) -> (usize, usize) {
        crate::diag::line_col(src, src.find(needle).unwrap())
    }

    #[test]
    fn carry_blocks_are_read_with_their_defaults() {
        let out = load_ruleset(Path::new("c.toml"), CARRY);
        assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
        let rs = out.ruleset.unwrap();
        assert_eq!(rs.carries.len(), 2);
        let impact = &rs.carries[0];
        assert_eq!(rs.questions[impact.to].id, "impact");
        assert_eq!(impact.from, ["impact.proofing", "impact.federation"]);
        assert_eq!(impact.how, CarryHow::Highest);
        assert!(impact.confirm);
        assert_eq!(impact.since.as_deref(), Some("2.0.0"));
        let key = &rs.carries[1];
        assert_eq!(rs.questions[key.to].id, "federation.key");
        assert_eq!((key.how, key.confirm), (CarryHow::Same, false));
        assert!(rs.carry_into(key.to).is_some());

        // `how` and `confirm` may be left out: the kind decides, and confirmation is asked.
        let src = with_carry(
            "[[carry]]\nto = \"impact\"\nfrom = [\"impact.old\"]\nnote = { th = \"ย้าย\", en = \"moved\" }\n",
        );
        let rs = load_ruleset(Path::new("c.toml"), &src).ruleset.unwrap();
        assert_eq!(rs.carries[0].how, CarryHow::Highest);
        assert!(rs.carries[0].confirm);
        assert_eq!(rs.carries[0].note.as_ref().unwrap().en, "moved");
    }

    #[test]
    fn a_carry_is_checked_against_the_questions_with_file_line_and_column() {
        let cases: [(&str, &str, &str); 7] = [
            (
                "[[carry]]\nto = \"impact.auth\"\nfrom = [\"x\"]\n",
                "\"impact.auth\"",
                "`to` names `impact.auth`, which is not a question of this ruleset",
            ),
            (
                "[[carry]]\nto = \"impact\"\nfrom = [\"impact.proofing\", \"federation.used\"]\n",
                "\"federation.used\"",
                "`federation.used` is a question of this ruleset",
            ),
            (
                "[[carry]]\nto = \"federation.key\"\nfrom = [\"old\"]\nhow = \"highest\"\n",
                "\"highest\"",
                "`highest` carries impact matrices; `federation.key` is not one",
            ),
            (
                "[[carry]]\nto = \"impact\"\nfrom = [\"old\"]\nhow = \"same\"\n",
                "\"same\"",
                "`same` carries choices; `impact` is an impact matrix",
            ),
            (
                "[[carry]]\nto = \"impact\"\nfrom = [\"old\"]\nhow = \"max\"\n",
                "\"max\"",
                "unknown carry method `max`",
            ),
            (
                "[[carry]]\nto = \"impact\"\nfrom = []\n",
                "[]",
                "needs at least one id in `from`",
            ),
            (
                "[[carry]]\nto = \"impact\"\nfrom = [\"a\"]\n[[carry]]\nto = \"federation.key\"\nfrom = [\"b\", \"a\"]\n",
                "\"a\"]\n",
                "`a` is already carried by another `from`",
            ),
        ];
        for (block, at, message) in cases {
            let src = with_carry(block);
            let ds = problems(&src);
            assert_eq!(ds.len(), 1, "{block}: {ds:?}");
            let d = &ds[0];
            assert!(d.message.contains(message), "{block}: {}", d.message);
            // The last occurrence is the one in the block (the needle may occur earlier).
            let offset = src.rfind(at).unwrap();
            assert_eq!(
                (d.line, d.column),
                crate::diag::line_col(&src, offset),
                "{block}: {d}"
            );
        }
        // Two carries into one question.
        let src = with_carry(
            "[[carry]]\nto = \"impact\"\nfrom = [\"a\"]\n[[carry]]\nto = \"impact\"\nfrom = [\"b\"]\n",
        );
        let ds = problems(&src);
        assert_eq!(ds.len(), 1, "{ds:?}");
        assert!(
            ds[0].message.contains("carried into by an earlier"),
            "{}",
            ds[0]
        );
        assert_eq!(
            ds[0].line,
            place(&src, "[[carry]]\nto = \"impact\"\nfrom = [\"b\"]").0 + 1
        );
        // An unknown key in the block is a TOML error, with its place.
        let ds = problems(&with_carry(
            "[[carry]]\nto = \"impact\"\nfrom = [\"a\"]\nwhen = \"x\"\n",
        ));
        assert_eq!(ds.len(), 1);
        assert!(
            ds[0].line > 0 && ds[0].message.contains("when"),
            "{}",
            ds[0]
        );
    }
}
