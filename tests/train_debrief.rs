//! The debrief tells the truth (issue 23 part 2): a class of six, one of each standing on
//! the income-tax scenario — complete, unfinished (4 answers), another ruleset, untouched,
//! no file, a corrupt file — collected in every format and as debrief pages. Each trainee
//! has exactly one status; unanswered questions are no misses; another ruleset is shown,
//! not counted; Thai runs say the ruleset's Thai titles and labels; the CSV has a BOM.

use crate::support;

use std::path::{Path, PathBuf};

use serde_json::Value;
use support::cli::{ok, xal};
use xal::answers::{AnswerSet, AnswerValue, Answers};
use xal::ruleset::registry::Registry;
use xal::store::Store;
use xal::text::Lang;
use xal::train::pack;

const TAX: &str = "th-income-tax";

fn pack_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/th-gov-basics")
}

/// Saves `answers(reference)` as the trainee's answers to each scenario `only` names (every
/// scenario when empty).
fn answer(dir: &Path, only: &[&str], answers: impl Fn(&str, Answers) -> Answers) {
    let p = pack::load(&pack_dir()).unwrap();
    let store = Store::open(dir);
    for s in &p.scenarios {
        if !only.is_empty() && !only.contains(&s.assessment.id.as_str()) {
            continue;
        }
        let mut loaded = store.load(&s.assessment.id).unwrap();
        let mut a = loaded.assessment.clone();
        let AnswerSet::Single(ans) = s.reference.as_ref().unwrap().answers.clone() else {
            panic!("DGS scenarios have one answer set");
        };
        a.answers = AnswerSet::Single(answers(&s.assessment.id, ans));
        store.save(&mut loaded, &a).unwrap();
    }
}

/// The planted mistake: financial proofing impact `low` where the reference says `moderate`.
fn lower_financial(id: &str, mut ans: Answers) -> Answers {
    if id == TAX
        && let Some(AnswerValue::Matrix(m)) = ans.get_mut("impact.proofing")
    {
        m.insert("financial".into(), "low".into());
    }
    ans
}

/// Four answers only: the planted mistake and three of the reference's other cells.
fn four(id: &str, ans: Answers) -> Answers {
    let ans = lower_financial(id, ans);
    let mut out = Answers::new();
    out.insert(
        "impact.proofing".into(),
        AnswerValue::Matrix([("financial".to_string(), "low".to_string())].into()),
    );
    let mut n = 1;
    for (q, v) in &ans {
        if n == 4 {
            break;
        }
        if let AnswerValue::Choice(_) = v {
            out.insert(q.clone(), v.clone());
            n += 1;
        }
    }
    assert_eq!(n, 4, "the scenario has three choice questions");
    out
}

struct Class {
    _root: tempfile::TempDir,
    dir: PathBuf,
}

fn class() -> Class {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("class");
    let pack = pack_dir();
    let pack = pack.to_str().unwrap();
    for who in [
        "a-complete",
        "b-unfinished",
        "c-other",
        "d-untouched",
        "e-nofile",
        "f-corrupt",
    ] {
        ok(&xal(&dir.join(who), &["train", "start", pack]));
    }
    answer(&dir.join("a-complete"), &[], lower_financial);
    answer(&dir.join("b-unfinished"), &[TAX], four);
    answer(&dir.join("c-other"), &[], lower_financial);
    let tax = |who: &str| {
        dir.join(who)
            .join("assessments")
            .join(format!("{TAX}.toml"))
    };
    let text = std::fs::read_to_string(tax("c-other")).unwrap();
    assert!(text.contains("id = \"dgs-1-2-2564\""));
    std::fs::write(
        tax("c-other"),
        text.replace("id = \"dgs-1-2-2564\"", "id = \"nist-800-63-3\""),
    )
    .unwrap();
    std::fs::remove_file(tax("e-nofile")).unwrap();
    answer(&dir.join("f-corrupt"), &[], |_, a| a);
    let text = std::fs::read_to_string(tax("f-corrupt")).unwrap();
    std::fs::write(tax("f-corrupt"), text.replace("[service]", "[service")).unwrap();
    Class { _root: root, dir }
}

fn collect(c: &Class, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["train".to_string(), "collect".to_string()];
    let mut dirs: Vec<String> = std::fs::read_dir(&c.dir)
        .unwrap()
        .map(|e| e.unwrap().path().to_str().unwrap().to_string())
        .collect();
    dirs.sort();
    args.extend(dirs);
    args.extend(["--reference".into(), pack_dir().to_str().unwrap().into()]);
    args.extend(extra.iter().map(|s| s.to_string()));
    let argv: Vec<&str> = args.iter().map(String::as_str).collect();
    xal(&c.dir, &argv)
}

/// The income-tax section of a Markdown or HTML report.
fn tax_part<'a>(doc: &'a str, heading: &str) -> &'a str {
    let at = doc.find(&format!("{heading}{TAX}")).expect(TAX);
    let rest = &doc[at..];
    let next = format!("\n{heading}");
    let end = rest.find(&next).unwrap_or(rest.len());
    &rest[..end]
}

/// The place of the corrupt file's diagnostic: `…/th-income-tax.toml:LINE:COL`.
fn corrupt_place(text: &str) -> bool {
    let needle = format!("f-corrupt/assessments/{TAX}.toml:");
    text.match_indices(&needle).any(|(i, _)| {
        let after = &text[i + needle.len()..];
        let mut parts = after.splitn(3, ':');
        let line = parts.next().unwrap_or("");
        let col: String = parts
            .next()
            .unwrap_or("")
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        !line.is_empty() && line.chars().all(|c| c.is_ascii_digit()) && !col.is_empty()
    })
}

#[test]
fn every_trainee_has_one_status_in_json_and_misses_count_only_wrong_answers() {
    let c = class();
    let o = collect(&c, &["--format", "json"]);
    let v: Value = serde_json::from_str(&ok(&o)).unwrap();
    let tax = v["scenarios"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["scenario"] == TAX)
        .unwrap();
    let status = |who: &str| -> &Value {
        tax["trainees"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["trainee"] == who)
            .unwrap_or_else(|| panic!("{who} in {}", tax["trainees"]))
    };
    assert_eq!(
        tax["trainees"].as_array().unwrap().len(),
        6,
        "every trainee"
    );
    assert_eq!(status("a-complete")["status"], "answered");
    let b = status("b-unfinished");
    assert_eq!(b["status"], "partly_answered", "{b}");
    assert_eq!(b["answered"], 4, "{b}");
    assert!(b["of"].as_u64().unwrap() > 4, "{b}");
    assert_eq!(status("c-other")["status"], "other_ruleset");
    assert_eq!(status("c-other")["other_ruleset"], "nist-800-63-3");
    assert_eq!(status("d-untouched")["status"], "untouched");
    assert_eq!(status("e-nofile")["status"], "no_file");
    let f = status("f-corrupt");
    assert_eq!(f["status"], "unreadable", "{f}");
    assert!(corrupt_place(f["place"].as_str().unwrap()), "{f}");
    // The corrupt trainee is not "missing", and the notes name the file.
    assert_eq!(tax["missing"], serde_json::json!(["e-nofile"]));
    assert!(
        v["notes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| corrupt_place(n.as_str().unwrap())),
        "{}",
        v["notes"]
    );
    assert_eq!(v["submitted_nothing"], serde_json::json!([]));

    // Counted: the complete and the unfinished trainee; the other ruleset is not.
    assert_eq!(tax["submissions"], 3, "{tax}");
    let missed = tax["most_missed"].as_array().unwrap();
    assert_eq!(
        missed.len(),
        1,
        "only the wrong answer, not the unanswered: {missed:?}"
    );
    assert_eq!(missed[0]["question"], "impact.proofing.financial");
    assert_eq!(missed[0]["count"], 2);
    assert_eq!(missed[0]["of"], 2, "the other ruleset is not counted");
    let who: Vec<&str> = missed[0]["missed_by"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["trainee"].as_str().unwrap())
        .collect();
    assert_eq!(who, ["a-complete", "b-unfinished"]);
    // The unfinished trainee's unanswered cells are neither right nor wrong.
    let row = tax["trainees"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["trainee"] == "b-unfinished")
        .unwrap();
    let graded: Vec<&Value> = row["answers"]
        .as_object()
        .unwrap()
        .values()
        .filter(|a| !a["correct"].is_null())
        .collect();
    assert_eq!(graded.len(), 4, "{row}");
    // The other ruleset's trainee is shown, never graded: no `service.group` "miss".
    let other = tax["trainees"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["trainee"] == "c-other")
        .unwrap();
    assert!(
        other["answers"]
            .as_object()
            .unwrap()
            .values()
            .all(|a| a["correct"].is_null()),
        "{other}"
    );
}

#[test]
fn markdown_html_and_csv_say_each_status_with_a_legend_and_one_rationale_per_miss() {
    let c = class();
    let md = ok(&collect(&c, &[]));
    let tax = tax_part(&md, "## ");
    for w in [
        "| answered |",
        "partly answered (4 of ",
        "other ruleset (nist-800-63-3)",
        "| untouched |",
        "| no file |",
        "unreadable file (",
    ] {
        assert!(tax.contains(w), "{w} in {tax}");
    }
    assert!(corrupt_place(tax), "{tax}");
    assert!(
        md.contains("- untouched: the file as handed out"),
        "legend: {md}"
    );
    let most = &tax[tax.find("### Most missed").unwrap()..];
    let items: Vec<&str> = most.lines().filter(|l| l.starts_with("- impact")).collect();
    assert_eq!(items.len(), 1, "{most}");
    assert!(
        items[0].contains("missed by 2 / 2 (a-complete: low, b-unfinished: low)"),
        "{most}"
    );
    assert_eq!(
        most.matches("divert a refund").count(),
        1,
        "one rationale: {most}"
    );
    assert!(!most.contains(": —"), "no unanswered entries: {most}");
    assert!(most.contains("another ruleset): c-other"), "{most}");

    let html = ok(&collect(&c, &["--format", "html"]));
    let tax = tax_part(&html, "<h2>");
    for w in [
        "<td>answered</td>",
        "<td>partly answered (4 of ",
        "<td>other ruleset (nist-800-63-3)</td>",
        "<td>untouched</td>",
        "<td>no file</td>",
        "<td>unreadable file (",
    ] {
        assert!(tax.contains(w), "{w} in {tax}");
    }

    assert!(html.contains("untouched: the file as handed out"), "legend");
    // Landscape A4 with fixed columns, ✗ cells shaded, no Markdown in the HTML.
    assert!(html.contains("@page { size: A4 landscape;"), "landscape");
    assert!(html.contains("table-layout: fixed"));
    assert!(html.contains("<td class=\"miss\">low ✗</td>"), "{tax}");
    assert!(!html.contains("<td class=\"miss\">moderate ✓"), "{tax}");
    assert!(!html.contains('`'), "no stray backticks");

    let csv = ok(&collect(&c, &["--format", "csv"]));
    assert!(
        csv.starts_with('\u{feff}'),
        "a byte-order mark, like export"
    );
    assert!(csv.contains("\u{feff}scenario,trainee,kind,"), "{csv}");
    let plain = ok(&collect(&c, &["--format", "csv", "--no-bom"]));
    assert!(plain.starts_with("scenario,trainee,kind,"), "{plain}");
    assert_eq!(plain, csv.trim_start_matches('\u{feff}'));
    for w in [
        "th-income-tax,a-complete,status,answered,",
        "th-income-tax,b-unfinished,status,partly_answered,4/",
        "th-income-tax,c-other,status,other_ruleset,nist-800-63-3,",
        "th-income-tax,d-untouched,status,untouched,",
        "th-income-tax,e-nofile,status,no_file,",
        "th-income-tax,f-corrupt,status,unreadable,",
        "th-income-tax,e-nofile,missing,",
    ] {
        assert!(csv.contains(w), "{w} in {csv}");
    }
    assert!(!csv.contains("th-income-tax,f-corrupt,missing,"), "{csv}");
    assert!(corrupt_place(&csv), "{csv}");
}

#[test]
fn thai_runs_say_titles_and_labels_with_the_ids_beside() {
    let c = class();
    let md = ok(&collect(&c, &["--lang", "th"]));
    let tax = tax_part(&md, "## ");
    let reg = Registry::builtin();
    let rs = reg.get("dgs-1-2-2564").unwrap();
    let q = &rs.questions[rs.question_index("impact.proofing").unwrap()];
    let cat = &rs.categories[rs.category_index("financial").unwrap()];
    let low = &rs.impact[rs.impact_index("low").unwrap()];
    let moderate = &rs.impact[rs.impact_index("moderate").unwrap()];
    let title = format!("{} — {}", q.text.get(Lang::Th), cat.name.get(Lang::Th));
    assert!(tax.contains("| รหัส |"), "an id column: {tax}");
    let row = format!(
        "| {title} | impact.proofing.financial | {} | {} ✗ |",
        moderate.name.get(Lang::Th),
        low.name.get(Lang::Th)
    );
    assert!(tax.contains(&row), "{row} in {tax}");
    assert!(tax.contains("ตอบบางส่วน (4 จาก "), "{tax}");
    assert!(tax.contains("ไฟล์อ่านไม่ได้ ("), "{tax}");
    let most = &tax[tax.find("### ข้อที่ผิดบ่อยที่สุด").unwrap()..];
    assert!(
        most.contains(&format!("{title} (impact.proofing.financial)")),
        "{most}"
    );
    assert!(
        most.contains(&format!("a-complete: {}", low.name.get(Lang::Th))),
        "{most}"
    );
}

#[test]
fn each_trainees_debrief_page_says_their_status() {
    let c = class();
    let out = c.dir.join("..").join("debrief");
    let o = collect(&c, &["--handout", out.to_str().unwrap()]);
    ok(&o);
    let page = |who: &str| {
        let p = std::fs::read_to_string(out.join(format!("{who}.debrief.md"))).unwrap();
        tax_part(&p, "## ").to_string()
    };
    assert!(page("a-complete").contains("**Status:** answered"));
    assert!(page("b-unfinished").contains("**Status:** partly answered (4 of "));
    assert!(page("c-other").contains("**Status:** other ruleset (nist-800-63-3)"));
    assert!(page("d-untouched").contains("**Status:** untouched"));
    assert!(page("e-nofile").contains("**Status:** no file"));
    let f = page("f-corrupt");
    assert!(f.contains("**Status:** unreadable file ("), "{f}");
    assert!(corrupt_place(&f), "{f}");
    assert!(!f.contains("No file for this scenario"), "{f}");
    let html = std::fs::read_to_string(out.join("f-corrupt.debrief.html")).unwrap();
    assert!(html.contains("unreadable file ("), "{html}");
}
