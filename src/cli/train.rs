//! `xal train start|collect`, `xal reset`, `xal import`: thin glue over `crate::train`.

use std::io::{BufRead, IsTerminal};

use super::files::read_bytes;
use super::lookup::{open_store, registry, store_at, unknown_ruleset_in};
use super::{CollectFormat, Failure, Global, ImportArgs, ResetArgs, Term, TrainCommand};
use crate::clock::now;
use crate::ruleset::registry::Registry;
use crate::store::parse_assessment_bytes;
use crate::text::{Lang, visible};
use crate::train::{self, TrainError};

impl From<TrainError> for Failure {
    fn from(e: TrainError) -> Self {
        match e {
            // `crate::train` says its problems as whole lines, each naming the file.
            TrainError::Input(s) => Failure::InputLines(s.lines().map(str::to_string).collect()),
            TrainError::Io(s) => Failure::Io(s),
        }
    }
}

pub fn run(
    t: &mut Term<'_>,
    global: &Global,
    cmd: &TrainCommand,
    lang: Lang,
) -> Result<(), Failure> {
    match cmd {
        TrainCommand::Start {
            pack,
            hide_result,
            trainee,
            reset,
            handout,
        } => {
            let pack = train::pack::load(pack)?;
            if let Some(dir) = handout {
                let files = train::handout::write_briefs(dir, &pack)?;
                let shown = visible(&dir.display().to_string()).into_owned();
                t.note(&pick(
                    lang,
                    format!(
                        "wrote the class handout ({} files) into {shown}",
                        files.len()
                    ),
                    format!("เขียนเอกสารแจกผู้เข้าอบรม ({} ไฟล์) ไว้ใน {shown}", files.len()),
                ));
            }
            let store = store_at(global)?;
            if *reset {
                let dir = store.data_dir().to_path_buf();
                reset_now(t, &dir, &train::reset::default_root(&dir), lang)?;
            }
            let written = train::start::start(&pack, &store, *hide_result, trainee.as_deref())?;
            t.text(&format!(
                "{} scenarios of `{}` copied to {}{}\n",
                written.len(),
                visible(&pack.id),
                visible(&store.assessments_dir().display().to_string()),
                if *hide_result {
                    " (results hidden until `xal train reveal`)"
                } else {
                    ""
                }
            ))
        }
        TrainCommand::Reveal => {
            let store = open_store(global)?;
            let hid = train::start::reveal(&store)?;
            let shown = visible(&store.data_dir().display().to_string()).into_owned();
            t.text(&match (hid, lang) {
                (true, Lang::Th) => format!("{shown}: ผู้เข้าอบรมเห็นผลการประเมินได้แล้ว\n"),
                (true, Lang::En) => format!("{shown}: the trainee can see the result now\n"),
                (false, Lang::Th) => format!("{shown}: ผลการประเมินไม่ได้ถูกซ่อนอยู่แล้ว\n"),
                (false, Lang::En) => format!("{shown}: the result was not hidden\n"),
            })
        }
        TrainCommand::Collect {
            dirs,
            reference,
            format,
            handout,
            no_bom,
            ..
        } => {
            let registry = registry(t);
            let pack = reference.as_deref().map(train::pack::load).transpose()?;
            let (handed, problems) = train::collect::read_class(dirs);
            if handed.submissions.is_empty() {
                // The files that could not be read are the reason, each at its place.
                return Err(if problems.is_empty() {
                    Failure::BadInput(pick(
                        lang,
                        "no trainee's assessment found in the folders given".into(),
                        "ไม่พบการประเมินของผู้เข้าอบรมในโฟลเดอร์ที่ระบุ".into(),
                    ))
                } else {
                    Failure::InputLines(problems.iter().map(|p| p.say(lang)).collect())
                });
            }
            let skipped = pick(lang, "(skipped)".into(), "(ข้าม)".into());
            for p in &problems {
                t.note(&format_args!("{} {skipped}", p.say(lang)));
            }
            for n in &handed.notes {
                t.note(&n.say(lang));
            }
            let grids = train::grid::grids(&handed, &registry, pack.as_ref());
            let warning = pick(lang, "warning".into(), "คำเตือน".into());
            for w in train::class_report::ruleset_warnings(&grids, lang) {
                t.note(&format_args!("{warning}: {w}"));
            }
            if let Some(dir) = handout {
                let files = train::class_report::write_debriefs(dir, &handed, &grids, lang)?;
                t.note(&format_args!(
                    "{}",
                    pick(
                        lang,
                        format!(
                            "wrote {} debrief pages into {}",
                            files.len() / 2,
                            visible(&dir.display().to_string())
                        ),
                        format!(
                            "เขียนเอกสารสรุปผลรายบุคคล {} ชุดไว้ใน {}",
                            files.len() / 2,
                            visible(&dir.display().to_string())
                        ),
                    )
                ));
            }
            use train::class_report as out;
            match format {
                CollectFormat::Md => t.text(&out::markdown(&handed, &grids, lang)),
                CollectFormat::Html => t.text(&out::html(&handed, &grids, lang)),
                // A byte-order mark, as `export --format csv` writes by default.
                CollectFormat::Csv => t.text(&out::csv(&handed, &grids, !no_bom)),
                CollectFormat::Json => t.json(&out::json(&handed, &grids)),
            }
        }
    }
}

/// With `train start --hide-result` (until `train reveal`), no level or reason leaves xal
/// for the trainee: the commands that would print one refuse, naming the way out.
pub(crate) fn refuse_if_hidden(global: &Global, lang: Lang, what: &str) -> Result<(), Failure> {
    let store = store_at(global)?;
    // A data dir not made yet hides nothing (the command says so if it needs one); one that
    // is not a folder is named as such, not taken for a damaged setting.
    if store.data_dir_state() == crate::store::DataDirState::Missing {
        return Ok(());
    }
    super::lookup::check_data_dir(&store)?;
    if !train::hide_result(store.data_dir()) {
        return Ok(());
    }
    Err(Failure::BadInput(pick(
        lang,
        format!(
            "{what}: the result is hidden in this trainee's data dir until the trainer runs `xal train reveal`"
        ),
        format!("{what}: ผลการประเมินถูกซ่อนไว้สำหรับผู้เข้าอบรม จนกว่าผู้สอนจะสั่ง `xal train reveal`"),
    )))
}

/// The word shown in place of a hidden level.
pub(crate) fn hidden_word(lang: Lang) -> &'static str {
    match lang {
        Lang::Th => "ซ่อน",
        Lang::En => "hidden",
    }
}

fn pick(lang: Lang, en: String, th: String) -> String {
    match lang {
        Lang::Th => th,
        Lang::En => en,
    }
}

/// Asks on the terminal; without one, refuses and says which flag confirms.
fn confirm(t: &mut Term<'_>, lang: Lang, question: String, flag: &str) -> Result<(), Failure> {
    if !std::io::stdin().is_terminal() {
        return Err(Failure::BadInput(pick(
            lang,
            format!("{question}: confirm with {flag} (standard input is not a terminal)"),
            format!("{question}: ยืนยันด้วย {flag} (อินพุตมาตรฐานไม่ใช่เทอร์มินัล)"),
        )));
    }
    t.ask(&format_args!("{question} [y/N] "));
    let mut line = String::new();
    let _ = std::io::stdin().lock().read_line(&mut line);
    if matches!(line.trim().to_lowercase().as_str(), "y" | "yes" | "ใช่") {
        Ok(())
    } else {
        Err(Failure::BadInput(pick(
            lang,
            "not confirmed; nothing changed".into(),
            "ไม่ได้ยืนยัน จึงไม่ได้เปลี่ยนแปลงอะไร".into(),
        )))
    }
}

fn reset_failure(dir: &str, e: std::io::Error, lang: Lang) -> Failure {
    Failure::Io(pick(
        lang,
        format!("{dir}: cannot reset: {e} (nothing was moved)"),
        format!("{dir}: รีเซ็ตไม่ได้: {e} (ไม่ได้ย้ายอะไร)"),
    ))
}

/// Moves the data dir into the backup folder (when it holds anything) and says so.
fn reset_now(
    t: &mut Term<'_>,
    dir: &std::path::Path,
    root: &std::path::Path,
    lang: Lang,
) -> Result<(), Failure> {
    use train::reset::Outcome;
    let shown = visible(&dir.display().to_string()).into_owned();
    let done = train::reset::reset(dir, root, now()).map_err(|e| reset_failure(&shown, e, lang))?;
    let line = match done {
        Outcome::Moved(b) => {
            let b = visible(&b.display().to_string()).into_owned();
            // The backup is the last class's work, answers and (once revealed) results
            // included, left on this machine for the next trainee's account to find.
            t.note(&pick(
                lang,
                format!(
                    "warning: the backup {b} keeps the last class's answers and revealed results on this machine; `xal reset --purge` deletes it"
                ),
                format!(
                    "คำเตือน: ข้อมูลสำรอง {b} ยังเก็บคำตอบและผลที่เปิดเผยแล้วของรุ่นก่อนไว้ในเครื่องนี้ ลบได้ด้วย `xal reset --purge`"
                ),
            ));
            pick(
                lang,
                format!("moved {shown} to {b}; {shown} is now empty\n"),
                format!("ย้าย {shown} ไปที่ {b} แล้ว ตอนนี้ {shown} ว่าง\n"),
            )
        }
        Outcome::WasEmpty => pick(
            lang,
            format!("{shown} is empty; nothing to back up\n"),
            format!("{shown} ว่างอยู่แล้ว ไม่มีอะไรต้องสำรอง\n"),
        ),
        Outcome::Created => pick(
            lang,
            format!("{shown} did not exist; created it empty\n"),
            format!("ไม่มี {shown} จึงสร้างไว้ว่าง ๆ\n"),
        ),
    };
    t.text(&line)
}

pub fn reset(
    t: &mut Term<'_>,
    global: &Global,
    args: &ResetArgs,
    lang: Lang,
) -> Result<(), Failure> {
    let store = open_store(global)?;
    let dir = store.data_dir().to_path_buf();
    let root = args
        .backup_dir
        .clone()
        .unwrap_or_else(|| train::reset::default_root(&dir));
    let shown = visible(&dir.display().to_string()).into_owned();
    let shown_root = visible(&root.display().to_string()).into_owned();
    if args.purge {
        let backups = train::reset::backups_of(&dir, &root);
        if backups.is_empty() {
            return t.text(&pick(
                lang,
                format!("no backup of {shown} in {shown_root}\n"),
                format!("ไม่มีข้อมูลสำรองของ {shown} ใน {shown_root}\n"),
            ));
        }
        if !args.yes {
            let q = pick(
                lang,
                format!(
                    "Delete {} backups of {shown} in {shown_root} for good?",
                    backups.len()
                ),
                format!(
                    "ลบข้อมูลสำรอง {} ชุดของ {shown} ใน {shown_root} ถาวรหรือไม่?",
                    backups.len()
                ),
            );
            confirm(t, lang, q, "--purge --yes")?;
        }
        return match train::reset::purge(&backups) {
            Ok(n) => t.text(&pick(
                lang,
                format!("deleted {n} backups of {shown}\n"),
                format!("ลบข้อมูลสำรองของ {shown} แล้ว {n} ชุด\n"),
            )),
            Err((i, e)) => Err(Failure::Io(format!(
                "{}: {e} ({i} deleted before it)",
                visible(&backups[i].display().to_string())
            ))),
        };
    }
    if !args.yes {
        let q = pick(
            lang,
            format!("Move {shown} aside to {shown_root} and start empty?"),
            format!("ย้าย {shown} ไปเก็บที่ {shown_root} แล้วเริ่มใหม่ว่าง ๆ หรือไม่?"),
        );
        confirm(t, lang, q, "--yes")?;
    }
    reset_now(t, &dir, &root, lang)
}

/// What `train::import::check` checks (readable, a valid assessment, a ruleset this xal
/// knows), each refusal one line at its place: an unknown ruleset at the file's
/// `[ruleset] id`, with the ids that are known.
/// With `--strict`, anything the file holds that xal would pass over refuses it too.
fn check_import(
    path: &std::path::Path,
    registry: &Registry,
    strict: crate::cli::StrictArg,
    lang: Lang,
) -> Result<(), Failure> {
    let bytes = read_bytes(path)?;
    let a = parse_assessment_bytes(path, &bytes)?;
    let text = String::from_utf8_lossy(&bytes);
    let Some(rs) = registry.get(&a.ruleset.id) else {
        return Err(unknown_ruleset_in(registry, &a.ruleset.id, path, &text));
    };
    if strict.strict {
        let eval = crate::engine::evaluate_set(rs, &a.answers);
        strict.enforce(crate::cli::strict::findings(path, &text, rs, &eval, lang))?;
    }
    Ok(())
}

/// Every file is checked first, so that a refused file is bad input (exit 2) with its
/// place; what fails after that is the writing (exit 1).
pub fn import(
    t: &mut Term<'_>,
    global: &Global,
    args: &ImportArgs,
    lang: Lang,
) -> Result<(), Failure> {
    let store = store_at(global)?;
    let registry = registry(t);
    args.strict.registry(&registry)?;
    let (mut lines, mut n) = (Vec::new(), 0);
    for f in &args.files {
        match check_import(f, &registry, args.strict, lang) {
            Ok(()) => continue,
            Err(Failure::Input(d)) => lines.extend(d.iter().map(|d| d.to_string())),
            Err(Failure::InputLines(l)) => lines.extend(l),
            // A read the system failed is no verdict on the file.
            Err(other) => return Err(other),
        }
        n += 1;
    }
    if !lines.is_empty() {
        if args.files.len() > 1 {
            // With one file its problem says it all; with more, say that none was imported.
            lines.push(format!(
                "xal: {n} of {} files refused; nothing imported",
                args.files.len()
            ));
        }
        return Err(Failure::InputLines(lines));
    }
    match train::import::import(&store, &registry, &args.files) {
        Ok(done) => {
            let mut s = String::new();
            for i in done {
                if i.already_there {
                    s.push_str(&format!(
                        "{}: already there as {} (the same assessment); nothing imported\n",
                        visible(&i.source.display().to_string()),
                        i.id
                    ));
                    continue;
                }
                s.push_str(&format!(
                    "{}: imported as {}{}\n",
                    visible(&i.source.display().to_string()),
                    i.id,
                    i.renamed_from
                        .map(|old| format!(" (id {} was taken)", visible(&old)))
                        .unwrap_or_default()
                ));
            }
            t.text(&s)
        }
        Err(errors) => Err(Failure::Io(errors.join("; "))),
    }
}
