//! The Digital Identity Acceptance Statement of an 800-63-4 assessment (§3.4.4), as `xal
//! export` prints it per user group in Markdown, HTML and JSON, in English and Thai: the four
//! parts the statement SHALL hold, (a) to (d), each labelled with its requirement ids, then
//! cost, the outside provider, continuous evaluation and redress; every part present even when
//! empty; every value the assessor wrote; and "No identity proofing" where the id `IAL0` would
//! otherwise be shown to a person.

use crate::support;

use std::path::{Path, PathBuf};

use serde_json::Value;
use support::cli::{ok, ok_json, xal};

/// Two user groups: `claimants`, whose IAL is tailored down with every part of the statement
/// written, and `visitors`, who need no proofing and have no statement written at all.
const ASSESSMENT: &str = r#"schema = 1
id = "01JF4D1A5000000000000000GR"

[service]
name = "Benefits portal"
agency = "Department of Welfare"
description = "Online claims for welfare benefits"

[ruleset]
id = "nist-800-63-4"
version = "2.0.0"

[[groups]]
id = "claimants"
name = "People claiming a benefit"

[groups.answers]
"proofing.needed" = "yes"
"auth.needed" = "yes"
"federation.used" = "yes"
"impact" = { mission = "low", trust = "moderate", information = "low", "financial/individuals" = "low", "financial/public" = "none", safety = "none" }
"pi.accessible" = "yes"
"scale.people" = "up-to-100k"

[groups.tailoring]
ial = "IAL1"
rationale = "RATIONALE many claimants hold one strong piece of evidence only"
privacy = "PRIVACY fewer documents are collected and kept"
experience = "EXPERIENCE claimants finish proofing in one visit"
threats = "THREATS payment fraud is met by the call-back below"
cost = "COST attended proofing for every claimant was not affordable"
provider = "PROVIDER national sign-in service of the DGA"
provider_dias = "PROVIDERDIAS its 2025 statement was reviewed; its AAL2 is relied on"
evaluation = "EVALUATION fraud and drop-out figures reviewed every quarter"
redress = "REDRESS a refused claimant is proofed in person at any office"

[[groups.tailoring.compensating]]
control = "COMPCONTROL caseworker call-back before the first payment"
replaces = "COMPREPLACES validation of a second strong piece of evidence"
why = "COMPWHY the second piece is missing for many claimants"
comparability = "COMPCOMPARABLE comparable for payment fraud, weaker for takeover"
note = "COMPRESIDUAL takeover before the first payment stays possible"

[[groups.tailoring.supplemental]]
control = "SUPPCONTROL alert on every change of payment account"
privacy = "SUPPPRIVACY the alert shows nothing the holder cannot see"
experience = "SUPPEXPERIENCE one more message per change"
threats = "SUPPTHREATS shortens the window for redirected payments"

[[groups]]
id = "visitors"
name = "Anyone reading the rules"

[groups.answers]
"proofing.needed" = "no"
"auth.needed" = "no"
"federation.used" = "no"

[meta]
created = 2026-11-28T09:00:00+07:00
updated = 2026-11-29T16:30:00+07:00
"#;

/// Every value written in the claimants' statement.
const VALUES: [&str; 18] = [
    "RATIONALE many claimants hold one strong piece of evidence only",
    "PRIVACY fewer documents are collected and kept",
    "EXPERIENCE claimants finish proofing in one visit",
    "THREATS payment fraud is met by the call-back below",
    "COST attended proofing for every claimant was not affordable",
    "PROVIDER national sign-in service of the DGA",
    "PROVIDERDIAS its 2025 statement was reviewed; its AAL2 is relied on",
    "EVALUATION fraud and drop-out figures reviewed every quarter",
    "REDRESS a refused claimant is proofed in person at any office",
    "COMPCONTROL caseworker call-back before the first payment",
    "COMPREPLACES validation of a second strong piece of evidence",
    "COMPWHY the second piece is missing for many claimants",
    "COMPCOMPARABLE comparable for payment fraud, weaker for takeover",
    "COMPRESIDUAL takeover before the first payment stays possible",
    "SUPPCONTROL alert on every change of payment account",
    "SUPPPRIVACY the alert shows nothing the holder cannot see",
    "SUPPEXPERIENCE one more message per change",
    "SUPPTHREATS shortens the window for redirected payments",
];

fn write(dir: &Path, text: &str) -> PathBuf {
    let file = dir.join("benefits.toml");
    std::fs::write(&file, text).unwrap();
    file
}

fn export(dir: &Path, file: &Path, format: &str, lang: &str) -> String {
    ok(&xal(
        dir,
        &[
            "export",
            file.to_str().unwrap(),
            "--format",
            format,
            "--lang",
            lang,
        ],
    ))
}

/// Markdown as a reader sees it: without the escapes and the bold marks.
fn plain(md: &str) -> String {
    md.replace('\\', "").replace("**", "")
}

/// The part of `doc` from the first `from` to the next `to` after it.
fn between<'a>(doc: &'a str, from: &str, to: &str) -> &'a str {
    let start = doc
        .find(from)
        .unwrap_or_else(|| panic!("no {from:?} in:\n{doc}"));
    let rest = &doc[start..];
    let end = rest[from.len()..]
        .find(to)
        .map_or(rest.len(), |e| e + from.len());
    &rest[..end]
}

/// The headings of one group's statement in `lang`, in order.
fn headings(lang: &str) -> [&'static str; 8] {
    match lang {
        "th" => [
            "(ก) ผลการประเมินผลกระทบเบื้องต้น [DIAS-3a, IA-1, CIL-1]",
            "(ข) ระดับที่ประเมินได้เบื้องต้น [DIAS-3b, IIAL-1b, IAAL-1b, IFAL-1b]",
            "(ค) ระดับหลังการปรับ เหตุผล และมาตรการชดเชย [DIAS-3c, TAL, ICC]",
            "(ง) มาตรการเสริม [DIAS-3d, ISC-1, ISC-2]",
            "การตัดสินใจด้านค่าใช้จ่ายที่เปลี่ยนระดับ [PCT-4]",
            "ผู้ให้บริการพิสูจน์และยืนยันตัวตน (CSP/IdP) ภายนอกและคำแถลงการยอมรับของผู้ให้บริการนั้น [DIAS-2]",
            "การประเมินอย่างต่อเนื่อง (§3.5)",
            "การเยียวยาแก้ไข (§3.6)",
        ],
        _ => [
            "(a) Initial impact assessment [DIAS-3a, IA-1, CIL-1]",
            "(b) Initially assessed xALs [DIAS-3b, IIAL-1b, IAAL-1b, IFAL-1b]",
            "(c) Tailored xALs, rationale and compensating controls [DIAS-3c, TAL, ICC]",
            "(d) Supplemental controls [DIAS-3d, ISC-1, ISC-2]",
            "Decisions on cost [PCT-4]",
            "Outside CSP/IdP and its DIAS [DIAS-2]",
            "Continuous evaluation (§3.5)",
            "Redress (§3.6)",
        ],
    }
}

/// What a Markdown or HTML statement must say, in `lang`; `doc` is the text as read, `h2`
/// what starts the next section after the groups.
fn check_statement(doc: &str, lang: &str, heading: &dyn Fn(&str) -> String, h2: &str) {
    let th = lang == "th";
    let claimants = between(doc, "(claimants)", "(visitors)");
    let visitors = between(doc, "(visitors)", h2);
    for group in [claimants, visitors] {
        let mut at = 0;
        for h in headings(lang) {
            let h = heading(h);
            let found = group[at..]
                .find(&h)
                .unwrap_or_else(|| panic!("{lang}: heading {h:?} missing or out of order"));
            at += found + h.len();
        }
    }
    for v in VALUES {
        assert!(claimants.contains(v), "{lang}: {v:?} missing:\n{claimants}");
    }
    let (initial, overall, method, scale, impact_entities) = if th {
        (
            "IAL1 (ระดับเบื้องต้น IAL2)",
            "ระดับผลกระทบรวม: ปานกลาง",
            "ค่าสูงสุด (high-water mark)",
            "ไม่เกิน 100,000 คน",
            "↳ บุคคล (financial/individuals)",
        )
    } else {
        (
            "IAL1 (initial IAL2)",
            "Overall impact level: Moderate",
            "high-water mark",
            "Up to 100,000 people",
            "↳ Individuals (financial/individuals)",
        )
    };
    for want in [initial, overall, method, scale, impact_entities] {
        assert!(
            claimants.contains(want),
            "{lang}: {want:?} missing:\n{claimants}"
        );
    }
    // The unwritten statement of the visitors reads whole: every part says it is empty.
    let (not_recorded, none, not_assessed) = if th {
        ("ไม่ได้บันทึก", "ไม่มี", "ไม่ได้ประเมิน")
    } else {
        ("not recorded", "none", "not assessed")
    };
    assert!(
        visitors.matches(not_recorded).count() >= 9,
        "{lang}: each empty text part says so:\n{visitors}"
    );
    assert!(visitors.contains(none), "{lang}: controls say none");
    assert!(
        visitors.contains(not_assessed),
        "{lang}: impact not assessed"
    );
    // The level id IAL0 is never shown to a reader; its label is.
    let label = if th {
        "ไม่มีการพิสูจน์ตัวตน"
    } else {
        "No identity proofing"
    };
    assert!(
        visitors.contains(label),
        "{lang}: {label:?} missing:\n{visitors}"
    );
    assert!(!doc.contains("IAL0"), "{lang}: IAL0 shown:\n{doc}");
}

#[test]
fn markdown_statement_has_every_part_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), ASSESSMENT);
    for lang in ["en", "th"] {
        let md = export(dir.path(), &file, "md", lang);
        let doc = plain(&md);
        check_statement(&doc, lang, &|h| format!("#### {h}\n"), "\n## ");
    }
}

#[test]
fn html_statement_has_every_part_and_prints_on_a4_with_lines_to_sign() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), ASSESSMENT);
    for lang in ["en", "th"] {
        let html = export(dir.path(), &file, "html", lang);
        // Read as text: the headings are <h4>, the few entities these values hold decoded.
        let doc = html
            .replace("<dt>", "")
            .replace("</dt><dd>", ": ")
            .replace("&#39;", "'")
            .replace("&amp;", "&");
        check_statement(&doc, lang, &|h| format!("<h4>{h}</h4>"), "<h2>");
        assert!(html.contains("@page { size: A4;"), "{lang}: A4 page");
        // A heading never ends a page: the statement's headings stay with what follows.
        assert!(html.contains("h1, h2, h3, h4 { break-after: avoid;"));
        // No approval yet: a blank line for the approver to sign.
        let approver = if lang == "th" {
            "ผู้อนุมัติ"
        } else {
            "Approved by"
        };
        let block = &html[html.find("class=\"signatures\"").expect("signature table")..];
        assert!(
            block.contains(&format!(
                "<tr><th>{approver}</th><td></td><td></td><td></td><td class=\"sign\"></td></tr>"
            )),
            "{lang}: blank approver line:\n{block}"
        );
    }
}

fn group<'a>(v: &'a Value, id: &str) -> &'a Value {
    v["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["id"] == id)
        .unwrap_or_else(|| panic!("group {id}"))
}

#[test]
fn json_statement_holds_every_field_and_labels_beside_ids() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), ASSESSMENT);
    for (lang, label) in [("en", "No identity proofing"), ("th", "ไม่มีการพิสูจน์ตัวตน")]
    {
        let v = ok_json(&xal(
            dir.path(),
            &[
                "export",
                file.to_str().unwrap(),
                "--format",
                "json",
                "--lang",
                lang,
            ],
        ));
        assert_eq!(v["schema"], "xal.export/1");
        let c = group(&v, "claimants");
        // What scripts read before stays.
        assert_eq!(c["ial"], "IAL1");
        assert_eq!(c["initial"]["ial"], "IAL2");
        assert_eq!(c["needs_rationale"], serde_json::json!([]));
        assert_eq!(c["tailoring_problems"], serde_json::json!([]));
        let s = &c["statement"];
        assert_eq!(
            s["levels"]["ial"]["final"],
            serde_json::json!({"id": "IAL1"})
        );
        assert_eq!(
            s["levels"]["ial"]["initial"],
            serde_json::json!({"id": "IAL2"})
        );
        assert_eq!(s["levels"]["ial"]["tailored"], true);
        assert_eq!(s["levels"]["ial"]["needs_rationale"], false);
        assert_eq!(s["levels"]["aal"]["final"]["id"], "AAL2");
        assert_eq!(s["levels"]["aal"]["tailored"], false);
        assert_eq!(s["levels"]["fal"]["initial"]["id"], "FAL2");
        for (key, value) in [
            ("rationale", VALUES[0]),
            ("privacy", VALUES[1]),
            ("experience", VALUES[2]),
            ("threats", VALUES[3]),
            ("cost", VALUES[4]),
            ("provider", VALUES[5]),
            ("provider_dias", VALUES[6]),
            ("evaluation", VALUES[7]),
            ("redress", VALUES[8]),
        ] {
            assert_eq!(s[key], value, "{lang}: statement.{key}");
        }
        assert_eq!(
            s["compensating"],
            serde_json::json!([{
                "control": VALUES[9],
                "replaces": VALUES[10],
                "why": VALUES[11],
                "comparability": VALUES[12],
                "residual_risk": VALUES[13],
            }])
        );
        assert_eq!(
            s["supplemental"],
            serde_json::json!([{
                "control": VALUES[14],
                "privacy": VALUES[15],
                "experience": VALUES[16],
                "threats": VALUES[17],
            }])
        );
        let i = &c["impact"];
        assert_eq!(
            i["categories"],
            serde_json::json!({
                "mission": "low", "trust": "moderate", "information": "low",
                "financial": "low", "safety": "none",
            })
        );
        // Financial was rated per entity: the category holds the highest, each entity is kept.
        assert_eq!(
            i["entities"],
            serde_json::json!({"financial": {"individuals": "low", "public": "none"}})
        );
        assert_eq!(i["overall"], "moderate");
        assert_eq!(i["method"], "high-water");
        assert!(
            i["method_text"]
                .as_str()
                .unwrap()
                .contains("high-water mark")
        );
        assert_eq!(i["asked"], true);
        assert_eq!(i["scale"], "up-to-100k");

        // Nothing written: every member is there, empty; the level id stays, with its label.
        let p = group(&v, "visitors");
        assert_eq!(p["ial"], "IAL0");
        let s = &p["statement"];
        assert_eq!(
            s["levels"]["ial"]["final"],
            serde_json::json!({"id": "IAL0", "label": label})
        );
        assert_eq!(
            s["levels"]["ial"]["initial"],
            serde_json::json!({"id": "IAL0", "label": label})
        );
        for key in [
            "rationale",
            "privacy",
            "experience",
            "threats",
            "cost",
            "provider",
            "provider_dias",
            "evaluation",
            "redress",
        ] {
            assert_eq!(s[key], "", "{lang}: visitors' statement.{key}");
        }
        assert_eq!(s["compensating"], serde_json::json!([]));
        assert_eq!(s["supplemental"], serde_json::json!([]));
        assert_eq!(p["impact"]["asked"], false);
        assert_eq!(p["impact"]["overall"], Value::Null);
        assert_eq!(p["impact"]["method"], "high-water");
    }
}

/// A final level that differs with no rationale is flagged in every format.
#[test]
fn a_tailored_level_without_a_rationale_is_flagged() {
    let dir = tempfile::tempdir().unwrap();
    let text = ASSESSMENT.replace(
        "rationale = \"RATIONALE many claimants hold one strong piece of evidence only\"\n",
        "",
    );
    let file = write(dir.path(), &text);
    let md = plain(&export(dir.path(), &file, "md", "en"));
    let claimants = between(&md, "(claimants)", "(visitors)");
    assert!(
        claimants.contains("final level differs without a written rationale: ial"),
        "{claimants}"
    );
    assert!(claimants.contains("Rationale: not recorded"), "{claimants}");
    let th = plain(&export(dir.path(), &file, "md", "th"));
    assert!(th.contains("ปรับระดับโดยยังไม่ได้เขียนเหตุผล: ial"));
    let v = ok_json(&xal(
        dir.path(),
        &["export", file.to_str().unwrap(), "--format", "json"],
    ));
    let c = group(&v, "claimants");
    assert_eq!(c["needs_rationale"], serde_json::json!(["ial"]));
    assert_eq!(c["statement"]["levels"]["ial"]["needs_rationale"], true);
    assert_eq!(c["statement"]["rationale"], "");
}
