//! `xal eval`: answers in, levels and reasons out. A file inside a trainee's data dir whose
//! result is hidden (`train start --hide-result`, until `train reveal`) is refused, as
//! `xal export` is there; `eval` reads no data dir, so `--data-dir` does not change this.

use std::fmt::Write;
use std::io::IsTerminal;
use std::path::Path;

use super::input::{parse_eval_input, pick_ruleset, read_source};
use super::{EvalArgs, Failure, Format, Term};
use crate::diag::Diagnostic;
use crate::engine::whatif;
use crate::engine::{Evaluation, SetEvaluation, evaluate_set};
use crate::report;
use crate::report::json::evaluation;
use crate::ruleset::Ruleset;
use crate::text::Lang;

pub fn run(t: &mut Term<'_>, args: &EvalArgs, lang: Lang) -> Result<(), Failure> {
    let file = match args.file.as_deref() {
        Some(f) => f,
        // Nobody is going to type TOML at a waiting prompt: say how it is used instead.
        None if std::io::stdin().is_terminal() => return Err(no_input(lang)),
        None => "-",
    };
    if file != "-" {
        refuse_if_in_hidden(Path::new(file), lang, "eval")?;
    }
    let (path, text) = read_source(file)?;
    let input = parse_eval_input(&path, &text)?;
    let registry = super::lookup::registry(t);
    args.strict.registry(&registry)?;
    let recorded = input
        .recorded_ruleset
        .as_deref()
        .map(|id| (id, path.as_path(), text.as_str()));
    let rs = pick_ruleset(&registry, args.ruleset.as_deref(), recorded)?;
    let grouped_input = matches!(input.answers, crate::answers::AnswerSet::Groups(_));
    if grouped_input != rs.is_grouped() {
        let key = if grouped_input { "groups" } else { "answers" };
        return Err(Diagnostic::at_key(
            &path,
            &text,
            &[key],
            format!(
                "ruleset `{}` expects {}",
                rs.id,
                if rs.is_grouped() {
                    "[[groups]] of answers, one per user group"
                } else {
                    "one [answers] table"
                }
            ),
        )
        .into());
    }
    let eval = evaluate_set(&rs, &input.answers);
    // Without --strict the findings would only be thrown away: a file with thousands of
    // unknown keys should not pay for a second parse and a diagnostic per key.
    if args.strict.strict {
        args.strict
            .enforce(super::strict::findings(&path, &text, &rs, &eval, lang))?;
    }
    match args.format {
        Format::Json => {
            let mut tail = report::output::EvalTail::default();
            if args.explain {
                // The single-change list stays for scripts that read it; the planner's routes
                // (up to two changes, unanswered questions, methods) come beside it.
                let sets = whatif::what_would_change_set(&rs, &input.answers);
                tail.what_would_change = Some(report::whatif::changes(&rs, &sets, lang));
                let plans = whatif::plan::plan_set(&rs, &input.answers);
                tail.whatif = Some(report::whatif::plan(&rs, &plans, lang));
            }
            t.json(&evaluation(&rs, &eval, lang).with(report::output::EVAL, tail))
        }
        Format::Text if args.explain => t.text(
            &(render_text(&rs, &eval, lang)
                + "\n"
                + &report::whatif::plan_section(&rs, &input.answers, lang)),
        ),
        Format::Text => t.text(&render_text(&rs, &eval, lang)),
    }
}

/// The one question the headless commands that take a file or a folder ask (`eval`, `diff`):
/// is it a trainee's data dir whose result is hidden, or a file in one (or one folder down)?
/// Then it is refused in `xal export`'s words (the same decision, through
/// `Store::train_settings`; a damaged `train.toml` keeps it hidden).
pub(crate) fn refuse_if_in_hidden(path: &Path, lang: Lang, what: &str) -> Result<(), Failure> {
    let Ok(full) = std::fs::canonicalize(path) else {
        return Ok(());
    };
    // A data dir holds `train.toml` beside `assessments/`; a file is in it or one folder
    // down (`assessments/`, `exports/`, the trash). Any other `train.toml` is not ours.
    let Some(dir) = full.ancestors().take(3).find(|d| {
        d.join(crate::store::TRAIN_FILE).symlink_metadata().is_ok()
            && d.join("assessments").is_dir()
    }) else {
        return Ok(());
    };
    let global = super::Global {
        data_dir: Some(dir.to_path_buf()),
        ..Default::default()
    };
    super::train::refuse_if_hidden(&global, lang, what)
}

/// `xal eval` on a terminal with no file: its usage, and where the answers come from.
fn no_input(lang: Lang) -> Failure {
    use clap::CommandFactory;
    let mut cmd = super::Cli::command();
    let usage = cmd
        .find_subcommand_mut("eval")
        .map(|c| c.render_usage().to_string())
        .unwrap_or_default();
    let usage = format!("xal {}", usage.trim().trim_start_matches("Usage: "));
    Failure::BadInput(match lang {
        Lang::Th => format!(
            "ไม่ได้ระบุไฟล์คำตอบ: ให้ชื่อไฟล์ หรือ - เพื่ออ่านจากอินพุตมาตรฐาน (usage: {usage}; ดู --help)"
        ),
        Lang::En => format!(
            "no answers given: name a file, or - to read standard input (usage: {usage}; see --help)"
        ),
    })
}

fn l(lang: Lang, th: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Th => th,
        Lang::En => en,
    }
}

/// The evaluation for a person, in one language.
pub fn render_text(rs: &Ruleset, eval: &SetEvaluation, lang: Lang) -> String {
    let mut s = String::new();
    let status = if rs.status == crate::ruleset::Status::Final {
        String::new()
    } else {
        format!(" [{}]", crate::report::build::status_word(rs, lang))
    };
    let _ = writeln!(
        s,
        "{}: {} {}{status} — {}",
        l(lang, "ชุดเกณฑ์", "Ruleset"),
        rs.id,
        rs.version,
        rs.title.get(lang)
    );
    match eval {
        SetEvaluation::Single(e) => single(&mut s, rs, e, None, lang),
        SetEvaluation::Groups(gs) => {
            for g in gs {
                let _ = writeln!(s, "\n== {} ({}) ==", g.name, g.id);
                single(&mut s, rs, &g.eval, Some(g), lang);
            }
        }
    }
    s
}

fn single(
    s: &mut String,
    rs: &Ruleset,
    e: &Evaluation,
    group: Option<&crate::engine::GroupEvaluation>,
    lang: Lang,
) {
    for t in &e.targets {
        let target = &rs.targets[t.target];
        let level = &target.levels[t.level];
        let bound = if t.final_ {
            ""
        } else {
            l(lang, "อย่างน้อย ", "at least ")
        };
        let _ = write!(
            s,
            "{:<5} {bound}{}",
            target.id.to_uppercase(),
            level.shown(lang)
        );
        if let Some(f) = group.and_then(|g| g.finals.iter().find(|f| f.target == t.target))
            && f.final_level != f.initial
        {
            let _ = write!(
                s,
                " → {} {}",
                l(lang, "ปรับเป็น", "tailored to"),
                target.levels[f.final_level].shown(lang)
            );
            if f.needs_rationale {
                let _ = write!(s, " ({})", l(lang, "ต้องระบุเหตุผล", "rationale required"));
            }
        }
        let _ = writeln!(s, "  — {}", level.name.get(lang));
    }
    if e.complete {
        let _ = writeln!(s, "{}", l(lang, "ตอบครบแล้ว", "Complete"));
    } else {
        let _ = writeln!(
            s,
            "{} ({}): {}",
            l(lang, "ยังตอบไม่ครบ", "Incomplete"),
            e.missing.len(),
            e.missing.join(", ")
        );
    }
    let _ = writeln!(s, "{}:", l(lang, "เหตุผล", "Reasons"));
    for r in crate::report::outcome::reasons(rs, e, lang) {
        let _ = writeln!(s, "  {r}");
    }
    for p in &e.plans {
        let target = &rs.targets[p.target];
        let _ = writeln!(
            s,
            "{} {}: {} {}",
            l(lang, "แผน", "Plan"),
            target.id.to_uppercase(),
            target.levels[p.achieves].shown(lang),
            if p.meets {
                l(lang, "— เป็นไปตามข้อกำหนด", "— meets the requirement")
            } else {
                l(
                    lang,
                    "— ไม่เป็นไปตามข้อกำหนด",
                    "— does NOT meet the requirement",
                )
            }
        );
    }
    for &n in &e.notes {
        let _ = writeln!(
            s,
            "{}: {}",
            l(lang, "หมายเหตุ", "Note"),
            rs.notes[n].text.get(lang)
        );
    }
    for c in &e.carried {
        let _ = writeln!(
            s,
            "{}: {}",
            l(lang, "ยกมา", "Carried over"),
            report::facts::carried(rs, c, lang)
        );
    }
    for i in &e.ignored {
        let _ = writeln!(
            s,
            "{}: {} ({})",
            l(lang, "ไม่นำมาใช้", "Ignored"),
            i.id,
            report::facts::ignored(i, lang)
        );
    }
}
