//! The acceptance statement end to end, as an assessor makes it: a new NIST SP 800-63-4
//! assessment with two user groups typed into the real program in a pseudo-terminal, one level
//! tailored with a rationale, a compensating and a supplemental control added in the statement
//! dialog, then the exported statement (Markdown and JSON) read back.

use crate::support;

use std::path::PathBuf;

use support::cli::xal_command;
use support::{Pty, Sandbox};

/// The one assessment file of the data dir, once there is one.
fn the_file(sb: &Sandbox) -> Option<PathBuf> {
    let dir = std::fs::read_dir(sb.assessments_dir()).ok()?;
    dir.filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "toml"))
}

fn file_text(sb: &Sandbox) -> String {
    the_file(sb)
        .and_then(|p| std::fs::read_to_string(p).ok())
        .unwrap_or_default()
}

/// Types `key` and waits until the file holds `saved`.
fn answer(pty: &mut Pty, sb: &Sandbox, key: &str, saved: &str) {
    pty.send_str(key);
    pty.wait_for(&format!("{saved} in the file"), |_| {
        file_text(sb).contains(saved)
    });
}

fn export(sb: &Sandbox, id: &str, format: &str, lang: &str) -> String {
    let out = xal_command()
        .env("XAL_CONFIG_DIR", sb.config_dir())
        .arg("--data-dir")
        .arg(sb.data_dir())
        .args(["--lang", lang, "export", id, "--format", format])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "export {format}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn an_assessor_writes_the_acceptance_statement_and_the_export_holds_it() {
    let sb = Sandbox::new();
    let mut pty = Pty::xal(&sb, &["--lang", "en"], &[], 100, 30);
    pty.wait_text("No services yet");

    // A new service under NIST SP 800-63-4.
    pty.send_str("n");
    pty.wait_text("New service");
    pty.send_str("Citizen portal");
    pty.send_str("\t\t\t");
    // One step at a time, each waited for on the screen: keys sent on a timer overshoot the
    // choice when frames lag on a loaded machine.
    let shown = |t: &str| t.lines().find(|l| l.contains('◂')).map(str::to_string);
    pty.wait_text("◂ ");
    for _ in 0..3 {
        let before = shown(&pty.screen_text());
        if before
            .as_deref()
            .is_some_and(|l| l.contains("nist-800-63-4"))
        {
            break;
        }
        pty.send_str("\x1b[C");
        pty.wait_for("the next ruleset", |s| shown(&s.contents()) != before);
    }
    pty.wait_text("◂ nist-800-63-4");
    pty.send_str("\r");
    pty.wait_text("User group: Users (1/1)");

    // The first group: proofing, sign-in, no federation, moderate impacts, personal data.
    answer(&mut pty, &sb, "1", r#""proofing.needed" = "yes""#);
    answer(&mut pty, &sb, "1", r#""auth.needed" = "yes""#);
    answer(&mut pty, &sb, "2", r#""federation.used" = "no""#);
    for _ in 0..5 {
        pty.send_str("3");
        std::thread::sleep(std::time::Duration::from_millis(60));
    }
    pty.wait_for("the first impact saved", |_| {
        file_text(&sb).contains(r#"safety = "moderate""#)
    });
    answer(&mut pty, &sb, "1", r#""pi.accessible" = "yes""#);
    pty.wait_text("Every question is answered");
    pty.send_str("q");
    pty.wait_for("the summary closed", |s| {
        !s.contents().contains("Every question is answered")
    });

    // The second group: tax agents through a federated IdP, high financial impact.
    pty.send_str("+");
    pty.wait_text("new group's name");
    pty.send_str("Tax agents\r");
    pty.wait_text("User group: Tax agents (2/2)");
    answer(&mut pty, &sb, "1", r#""proofing.needed" = "yes""#);
    pty.wait_for("two groups answered proofing", |_| {
        file_text(&sb)
            .matches(r#""proofing.needed" = "yes""#)
            .count()
            == 2
    });
    pty.send_str("1");
    pty.wait_for("auth", |_| {
        file_text(&sb).matches(r#""auth.needed" = "yes""#).count() == 2
    });
    answer(&mut pty, &sb, "1", r#""federation.used" = "yes""#);
    for k in ["2", "2", "2", "4", "2"] {
        pty.send_str(k);
        std::thread::sleep(std::time::Duration::from_millis(60));
    }
    pty.wait_for("the high impact saved", |_| {
        file_text(&sb).contains(r#"financial = "high""#)
    });
    pty.send_str("1");
    pty.wait_for("personal data, second group", |_| {
        file_text(&sb).matches(r#""pi.accessible" = "yes""#).count() == 2
    });
    answer(&mut pty, &sb, "2", r#""federation.idp_compromise" = "no""#);
    pty.wait_text("Every question is answered");

    // The statement, from the summary: IAL3 tailored down to IAL2, with why.
    pty.send_str("D");
    pty.wait_text("Acceptance statement");
    pty.wait_text("Tax agents");
    pty.send_str("h");
    pty.wait_for("the final IAL saved", |_| {
        file_text(&sb).contains("[groups.tailoring]") && file_text(&sb).contains(r#"ial = "IAL2""#)
    });
    pty.wait_text("(initial IAL3)");
    pty.send_str("jjj\r");
    pty.send_str("Agents are known to the Revenue Department; IAL3 kiosks are not needed.\r");
    pty.wait_for("the rationale saved", |_| {
        file_text(&sb).contains("rationale = \"Agents are known to the Revenue Department")
    });

    // A compensating control with what it replaces, and a supplemental control.
    pty.send_str("c");
    pty.send_str("Licence check at the Revenue Department\r");
    pty.wait_for("the compensating control saved", |_| {
        file_text(&sb).contains("Licence check at the Revenue Department")
    });
    pty.send_str("j\r");
    pty.send_str("in-person identity verification (IAL3)\r");
    pty.wait_for("what it replaces saved", |_| {
        file_text(&sb).contains(r#"replaces = "in-person identity verification (IAL3)""#)
    });
    pty.send_str("s");
    pty.send_str("Transaction signing for refunds\r");
    pty.wait_for("the supplemental control saved", |_| {
        file_text(&sb).contains("Transaction signing for refunds")
    });
    pty.send_str("\x1b");
    pty.wait_for("the statement closed", |s| {
        !s.contents().contains("Acceptance statement ·")
    });
    // The result pane shows the tailored level beside the initial one.
    pty.wait_text("(initial IAL3)");
    pty.send_str("q");
    pty.wait_exit(support::PATIENCE);

    let saved = file_text(&sb);
    let id = the_file(&sb)
        .and_then(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .unwrap();

    let md = export(&sb, &id, "md", "en");
    for want in [
        "Users",
        "Tax agents",
        "(initial IAL3)",
        "Agents are known to the Revenue Department; IAL3 kiosks are not needed.",
        "Licence check at the Revenue Department",
        "in-person identity verification (IAL3)",
        "Transaction signing for refunds",
        "DIAS-3",
        "high-water mark",
    ] {
        assert!(
            md.contains(want),
            "{want:?} missing from the Markdown:\n{md}\n--- file:\n{saved}"
        );
    }

    let json: serde_json::Value = serde_json::from_str(&export(&sb, &id, "json", "en")).unwrap();
    let groups = json["groups"].as_array().expect("groups");
    assert_eq!(groups.len(), 2, "{json:#}");
    let agents = groups
        .iter()
        .find(|g| g["id"] == "tax-agents")
        .expect("the agents' group");
    let st = &agents["statement"];
    assert_eq!(
        st["rationale"], "Agents are known to the Revenue Department; IAL3 kiosks are not needed.",
        "{st:#}"
    );
    assert_eq!(
        st["compensating"][0]["control"],
        "Licence check at the Revenue Department"
    );
    assert_eq!(
        st["compensating"][0]["replaces"],
        "in-person identity verification (IAL3)"
    );
    assert_eq!(
        st["supplemental"][0]["control"],
        "Transaction signing for refunds"
    );

    // Thai: the same statement, Thai headings around the assessor's own words.
    let th = export(&sb, &id, "md", "th");
    assert!(
        th.contains("Licence check at the Revenue Department"),
        "{th}"
    );
    assert!(th.contains("มาตรการชดเชย"), "{th}");
}
