//! Signed sign-offs: `xal approve --key` signs the canonical sign-off with an SSH key
//! (`ssh-keygen -Y sign -n xal-signoff`); with an `allowed_signers` list in the data dir only
//! a valid signature by a key allowed for its principal at its time holds. Every forgery — a
//! hand-written table, a changed field, a revived void approval, another key, a key outside
//! its dates, tampered bytes — is refused by `show`, `list --format json` and `verify
//! --signoffs`; checking needs no ssh-keygen.

use crate::git_common;
use crate::support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use support::cli::{DGS, assert_ok, ok, ok_json, report_fixture};
use support::keys::{SignDir, allowed, keygen};
use support::tools;

/// The sign-off data dir of `support::keys`, with this file's own steps.
struct Env {
    dir: SignDir,
}

impl std::ops::Deref for Env {
    type Target = SignDir;
    fn deref(&self) -> &SignDir {
        &self.dir
    }
}

impl Env {
    fn new() -> Option<Env> {
        Some(Env {
            dir: SignDir::new()?,
        })
    }

    /// A new ed25519 key `name` (no passphrase unless given), commented `comment`.
    fn key(&self, name: &str, comment: &str, passphrase: &str) -> PathBuf {
        keygen(self.tmp.path(), name, comment, passphrase)
    }

    /// `allowed_signers` with `lines` (each `PRINCIPALS [OPTIONS]` and the key of a file).
    fn allow(&self, lines: &[(&str, &Path)]) {
        std::fs::write(self.data().join("allowed_signers"), allowed(lines)).unwrap();
    }

    fn approve(&self, more: &[&str]) -> Output {
        let mut args = vec!["approve", DGS, "--by", "Jane Roe", "--role", "CIO"];
        args.extend_from_slice(more);
        self.xal(&args)
    }

    fn edit(&self, from: &str, to: &str) {
        let text = std::fs::read_to_string(self.file()).unwrap();
        let changed = text.replacen(from, to, 1);
        assert_ne!(text, changed, "{from:?} not in the file");
        std::fs::write(self.file(), changed).unwrap();
    }

    /// The latest sign-off's status in `list --format json`, and whether it holds.
    fn listed(&self) -> (String, bool) {
        let v = ok_json(&self.xal(&["list", "--format", "json"]));
        let s = &v[0]["signoff"];
        (
            s["status"].as_str().unwrap().to_string(),
            s["holds"].as_bool().unwrap(),
        )
    }

    /// `status` is what show, list and verify --signoffs say of the latest sign-off, and it
    /// does not hold.
    fn refused(&self, status: &str) {
        let show = ok(&self.xal(&["show", DGS]));
        assert!(
            show.contains("not accepted") || show.contains("void"),
            "{show}"
        );
        assert!(!show.contains(" · signed by"), "{show}");
        assert_eq!(self.listed(), (status.to_string(), false));
        let shown = ok_json(&self.xal(&["show", DGS, "--format", "json"]));
        let last = shown["signoff"].as_array().unwrap().last().unwrap().clone();
        assert_eq!(last["status"], status, "{last}");
        assert_eq!(last["holds"], false, "{last}");
        let v = self.xal(&["verify", "--signoffs", DGS]);
        let out = String::from_utf8_lossy(&v.stdout);
        assert_eq!(v.status.code(), Some(1), "{out}");
        assert!(out.contains(&format!("{status} — ")), "{out}");
        assert!(out.contains("does not hold"), "{out}");
    }
}

fn path_str(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn a_signed_approval_holds_and_is_checked_without_ssh_keygen() {
    let Some(env) = Env::new() else { return };
    let alice = env.key("alice", "alice@agency.go.th", "");
    env.allow(&[("alice@agency.go.th", &alice)]);
    let out = ok(&env.approve(&["--key", path_str(&alice)]));
    assert!(
        out.contains("signed by alice@agency.go.th (SHA256:"),
        "{out}"
    );
    let text = std::fs::read_to_string(env.file()).unwrap();
    assert!(text.contains("signer = \"alice@agency.go.th\""), "{text}");
    assert!(text.contains("key = \"SHA256:"), "{text}");
    assert!(text.contains("-----BEGIN SSH SIGNATURE-----"), "{text}");
    let show = ok(&env.xal(&["show", DGS]));
    assert!(
        show.contains("approved by Jane Roe (CIO) on ") && show.contains(" · signed by alice@"),
        "{show}"
    );
    assert_eq!(env.listed(), ("signed".into(), true));
    let v = ok_json(&env.xal(&["list", "--format", "json"]));
    assert_eq!(v[0]["signoff"]["signer"], "alice@agency.go.th");
    assert!(
        v[0]["signoff"]["key"]
            .as_str()
            .unwrap()
            .starts_with("SHA256:")
    );
    let json = ok_json(&env.xal(&["export", DGS, "--format", "json"]));
    assert_eq!(
        json["signoff"][0]["status"], "signed",
        "{}",
        json["signoff"]
    );
    // No ssh-keygen (no PATH at all): the check is xal's own.
    let o = env
        .cmd(&["verify", "--signoffs", DGS])
        .env("PATH", "")
        .output()
        .unwrap();
    let said = ok(&o);
    assert!(
        said.starts_with("1. signed — approved by Jane Roe"),
        "{said}"
    );
    let o = env.cmd(&["show", DGS]).env("PATH", "").output().unwrap();
    assert!(ok(&o).contains(" · signed by alice@"));
    // A report of the file verifies while its approval holds.
    let report = env.tmp.path().join("report.md");
    assert_ok(&env.xal(&["export", DGS, "--format", "md", "-o", path_str(&report)]));
    assert_ok(&env.xal(&["verify", path_str(&report)]));

    // A third party checks it with OpenSSH alone.
    let canonical = env.xal(&["verify", "--signoffs", DGS, "--print-canonical", "1"]);
    assert_ok(&canonical);
    assert!(canonical.stdout.starts_with(b"xal-signoff/1\nrecord="));
    let sig = env.xal(&["verify", "--signoffs", DGS, "--print-signature", "1"]);
    assert_ok(&sig);
    let sig_path = env.tmp.path().join("sig");
    std::fs::write(&sig_path, &sig.stdout).unwrap();
    let mut c = Command::new("ssh-keygen")
        .args(["-Y", "verify", "-f"])
        .arg(env.data().join("allowed_signers"))
        .args(["-I", "alice@agency.go.th", "-n", "xal-signoff", "-s"])
        .arg(&sig_path)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    c.stdin
        .take()
        .unwrap()
        .write_all(&canonical.stdout)
        .unwrap();
    let o = c.wait_with_output().unwrap();
    assert_ok(&o);
}

#[test]
fn no_key_is_exit_2_saying_how_to_give_one_and_no_sign_records_an_unsigned_step() {
    let Some(env) = Env::new() else { return };
    let o = env.approve(&[]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("--key PATH") && err.contains("signing_key") && err.contains("--no-sign"),
        "{err}"
    );
    assert!(
        !std::fs::read_to_string(env.file())
            .unwrap()
            .contains("[[signoff]]")
    );
    // Without a list an unsigned approval holds as before, said to be unsigned.
    let out = ok(&env.approve(&["--no-sign"]));
    assert!(out.contains(" · unsigned"), "{out}");
    assert_eq!(env.listed(), ("unsigned".into(), true));
    assert_ok(&env.xal(&["verify", "--signoffs", DGS]));
    // Once the agency has a list, it no longer does.
    let alice = env.key("alice", "alice", "");
    env.allow(&[("alice", &alice)]);
    env.refused("unsigned");
}

#[test]
fn git_s_signing_key_setting_is_used_when_gpg_format_is_ssh() {
    let Some(env) = Env::new() else { return };
    let alice = env.key("alice", "alice@agency.go.th", "");
    std::fs::write(
        env.tmp.path().join("home/gitconfig"),
        format!(
            "[gpg]\n\tformat = ssh\n[user]\n\tsigningKey = {}\n",
            alice.display()
        ),
    )
    .unwrap();
    env.allow(&[("alice@agency.go.th", &alice)]);
    assert_ok(&env.approve(&[]));
    assert_eq!(env.listed(), ("signed".into(), true));
}

#[test]
fn a_hand_written_table_without_signature_is_refused_when_there_is_a_list() {
    let Some(env) = Env::new() else { return };
    let alice = env.key("alice", "alice", "");
    env.allow(&[("alice", &alice)]);
    let content =
        ok_json(&env.xal(&["export", DGS, "--format", "json"]))["fingerprints"]["content_sha256"]
            .as_str()
            .unwrap()
            .to_string();
    let mut text = std::fs::read_to_string(env.file()).unwrap();
    text.push_str(&format!(
        "\n[[signoff]]\nstep = \"approved\"\nby = \"The Minister\"\nat = 2026-12-02T10:00:00+07:00\nrecord = \"{content}\"\nsigner = \"alice\"\n"
    ));
    std::fs::write(env.file(), text).unwrap();
    env.refused("unsigned");
}

#[test]
fn a_changed_name_is_a_bad_signature() {
    let Some(env) = Env::new() else { return };
    let alice = env.key("alice", "alice", "");
    env.allow(&[("alice", &alice)]);
    assert_ok(&env.approve(&["--key", path_str(&alice)]));
    assert_eq!(env.listed(), ("signed".into(), true));
    env.edit("by = \"Jane Roe\"", "by = \"The Minister\"");
    env.refused("bad signature");
}

#[test]
fn a_void_approval_is_not_revived_by_replacing_its_record() {
    let Some(env) = Env::new() else { return };
    let alice = env.key("alice", "alice", "");
    env.allow(&[("alice", &alice)]);
    assert_ok(&env.approve(&["--key", path_str(&alice)]));
    let old =
        ok_json(&env.xal(&["export", DGS, "--format", "json"]))["fingerprints"]["content_sha256"]
            .as_str()
            .unwrap()
            .to_string();
    env.edit("\"pi.needed\" = \"yes\"", "\"pi.needed\" = \"no\"");
    env.refused("void");
    let new =
        ok_json(&env.xal(&["export", DGS, "--format", "json"]))["fingerprints"]["content_sha256"]
            .as_str()
            .unwrap()
            .to_string();
    assert_ne!(old, new);
    env.edit(
        &format!("record = \"{old}\""),
        &format!("record = \"{new}\""),
    );
    env.refused("bad signature");
}

#[test]
fn another_key_claiming_the_principal_is_an_unknown_signer() {
    let Some(env) = Env::new() else { return };
    let alice = env.key("alice", "alice", "");
    let mallory = env.key("mallory", "mallory", "");
    env.allow(&[("alice", &alice)]);
    assert_ok(&env.approve(&["--key", path_str(&mallory), "--signer", "alice"]));
    env.refused("unknown signer");
    // Nor is her key good for another principal.
    env.allow(&[("alice", &alice), ("mallory", &mallory)]);
    assert_eq!(env.listed(), ("unknown signer".into(), false));
    let file = std::fs::read_to_string(env.file()).unwrap();
    assert!(file.contains("signer = \"alice\""));
}

#[test]
fn a_key_outside_its_dates_is_an_unknown_signer() {
    let Some(env) = Env::new() else { return };
    let alice = env.key("alice", "alice", "");
    assert_ok(&env.approve(&["--key", path_str(&alice)]));
    env.allow(&[("alice valid-before=20200101", &alice)]);
    env.refused("unknown signer");
    env.allow(&[("alice valid-after=29990101Z", &alice)]);
    env.refused("unknown signer");
    env.allow(&[(
        "alice valid-after=20200101,valid-before=\"29990101\"",
        &alice,
    )]);
    assert_eq!(env.listed(), ("signed".into(), true));
    // A key for other namespaces only does not sign sign-offs.
    env.allow(&[("alice namespaces=\"git\"", &alice)]);
    assert_eq!(env.listed(), ("unknown signer".into(), false));
}

#[test]
fn tampered_signature_bytes_are_a_bad_signature() {
    let Some(env) = Env::new() else { return };
    let alice = env.key("alice", "alice", "");
    env.allow(&[("alice", &alice)]);
    assert_ok(&env.approve(&["--key", path_str(&alice)]));
    let text = std::fs::read_to_string(env.file()).unwrap();
    // The last base64 line before the end holds the signature itself.
    let end = text.find("\n-----END SSH SIGNATURE-----").unwrap();
    let at = end - 6;
    let mut bytes = text.into_bytes();
    bytes[at] = if bytes[at] == b'A' { b'B' } else { b'A' };
    std::fs::write(env.file(), bytes).unwrap();
    env.refused("bad signature");
}

#[test]
fn a_list_that_does_not_read_fails_closed() {
    let Some(env) = Env::new() else { return };
    let alice = env.key("alice", "alice", "");
    assert_ok(&env.approve(&["--key", path_str(&alice)]));
    std::fs::write(
        env.data().join("allowed_signers"),
        "alice ssh-ed25519 !!!\n",
    )
    .unwrap();
    let o = env.xal(&["verify", "--signoffs", DGS]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("allowed_signers:1:"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(env.listed(), ("unknown signer".into(), false));
    let o = env.xal(&["show", DGS]);
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("allowed_signers:1:"),
        "the problem is said by show too"
    );
}

#[test]
fn a_report_whose_approval_does_not_hold_does_not_verify() {
    let Some(env) = Env::new() else { return };
    let alice = env.key("alice", "alice", "");
    env.allow(&[("alice", &alice)]);
    assert_ok(&env.approve(&["--no-sign"]));
    let report = env.tmp.path().join("report.md");
    assert_ok(&env.xal(&["export", DGS, "--format", "md", "-o", path_str(&report)]));
    let o = env.xal(&["verify", path_str(&report)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("not accepted: unsigned"),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
}

#[test]
fn a_passphrase_key_signs_through_ssh_agent() {
    let Some(env) = Env::new() else { return };
    let Some([agent, add]) = tools::require([&["ssh-agent"], &["ssh-add"]]) else {
        return;
    };
    let key = env.key("agent_key", "alice", "correct horse");
    let sock = env.tmp.path().join("agent.sock");
    let mut child = Command::new(agent)
        .arg("-D")
        .arg("-a")
        .arg(&sock)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    struct Kill(std::process::Child);
    impl Drop for Kill {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    let _guard = Kill(child_take(&mut child));
    for _ in 0..100 {
        if sock.exists() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    if !sock.exists() {
        assert!(!tools::under_ci(), "ssh-agent did not start");
        eprintln!("SKIPPED: ssh-agent did not start");
        return;
    }
    // ssh-add reads the passphrase through SSH_ASKPASS when it has no terminal.
    let askpass = env.tmp.path().join("askpass.sh");
    std::fs::write(&askpass, "#!/bin/sh\necho 'correct horse'\n").unwrap();
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&askpass, std::fs::Permissions::from_mode(0o700)).unwrap();
    }
    let o = Command::new(add)
        .arg(&key)
        .env("SSH_AUTH_SOCK", &sock)
        .env("SSH_ASKPASS", &askpass)
        .env("SSH_ASKPASS_REQUIRE", "force")
        .env("DISPLAY", ":0")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_ok(&o);
    env.allow(&[("alice", &key)]);
    let public = key.with_extension("pub");
    let o = env
        .cmd(&[
            "approve",
            DGS,
            "--by",
            "Jane Roe",
            "--key",
            path_str(&public),
        ])
        .env("SSH_AUTH_SOCK", &sock)
        .output()
        .unwrap();
    assert_ok(&o);
    assert_eq!(env.listed(), ("signed".into(), true));
}

fn child_take(c: &mut std::process::Child) -> std::process::Child {
    // Moves the child out, leaving a finished stand-in (`true`) behind.
    let stand_in = Command::new("true").spawn().unwrap();
    std::mem::replace(c, stand_in)
}

#[test]
fn a_signed_approval_merged_from_another_clone_holds() {
    if tools::require([&["ssh-keygen"], &["git"]]).is_none() {
        return;
    }
    let w = git_common::World::new();
    let text = std::fs::read_to_string(report_fixture(DGS)).unwrap();
    let a = w.first("a", "Alice", &[(DGS, &text)]);
    let key = keygen(w.root(), "bob_key", "bob@agency.go.th", "");
    std::fs::write(
        a.join("allowed_signers"),
        allowed(&[("bob@agency.go.th", &key)]),
    )
    .unwrap();
    w.git(&a, &["add", "allowed_signers"]);
    w.git(&a, &["commit", "-q", "-m", "the agency's signers"]);
    git_common::ok(&w.xal(&a, &["sync"]));
    let b = w.clone("b", "Bob");
    assert!(b.join("allowed_signers").is_file());
    git_common::ok(&w.xal(
        &b,
        &[
            "approve",
            DGS,
            "--by",
            "Bob Official",
            "--key",
            path_str(&key),
        ],
    ));
    // The approval is a commit of its own, saying who approved and with which key.
    let subject = w.git(&b, &["log", "-1", "--format=%s"]);
    assert!(
        subject.contains(": approved by Bob Official, signed by SHA256:"),
        "{subject}"
    );
    assert_eq!(
        w.git(&b, &["show", "--name-only", "--format=", "HEAD"])
            .trim(),
        format!("assessments/{DGS}.toml")
    );
    git_common::ok(&w.xal(&b, &["sync"]));
    git_common::ok(&w.xal(&a, &["sync"]));
    let o = w.xal(&a, &["verify", "--signoffs", DGS]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{out}");
    assert!(
        out.starts_with("1. signed — approved by Bob Official"),
        "{out}"
    );
}

#[test]
fn a_report_is_marked_not_approved_on_every_page_until_an_approval_holds() {
    let Some(env) = Env::new() else { return };
    let alice = env.key("alice", "alice", "");
    env.allow(&[("alice", &alice)]);
    let export = |format: &str, lang: &str| {
        ok(&env.xal(&["--lang", lang, "export", DGS, "--format", format]))
    };
    for (format, lang, mark) in [
        ("md", "en", "> **NOT APPROVED · ยังไม่ได้รับอนุมัติ**"),
        ("md", "th", "> **ยังไม่ได้รับอนุมัติ · NOT APPROVED**"),
        (
            "html",
            "en",
            "<div class=\"watermark\" aria-hidden=\"true\">NOT APPROVED",
        ),
    ] {
        assert!(export(format, lang).contains(mark), "{format} {lang}");
    }
    assert!(export("html", "en").contains("@top-center { content: \"NOT APPROVED"));
    // An unsigned approval does not hold here: still marked, and no review date.
    assert_ok(&env.approve(&["--no-sign"]));
    let md = export("md", "en");
    assert!(md.contains("NOT APPROVED"), "{md}");
    assert!(!md.contains("Review due"), "{md}");
    assert_ok(&env.approve(&["--key", path_str(&alice)]));
    let md = export("md", "en");
    assert!(!md.contains("NOT APPROVED"), "{md}");
    assert!(md.contains("Review due"), "{md}");
    assert!(md.contains("CIO · signed by alice (SHA256:"), "{md}");
    let html = export("html", "en");
    assert!(!html.contains("class=\"watermark\""), "{html}");
    assert!(html.contains("signed by alice (SHA256:"), "{html}");
}

/// The interface's result pane for the DGS fixture, as it shows the latest sign-off.
fn interface_shows(env: &Env, wanted: &str) {
    let config = env.tmp.path().join("config");
    std::fs::create_dir_all(&config).unwrap();
    let mut vars = vec![
        (
            "HOME".to_string(),
            env.tmp.path().join("home").display().to_string(),
        ),
        ("XAL_CONFIG_DIR".into(), config.display().to_string()),
        ("GIT_CONFIG_NOSYSTEM".into(), "1".into()),
        ("LANG".into(), "C.UTF-8".into()),
        ("TERM".into(), "xterm-256color".into()),
    ];
    if let Ok(path) = std::env::var("PATH") {
        vars.push(("PATH".into(), path));
    }
    let data = env.data().display().to_string();
    let mut pty = support::Pty::spawn(
        Path::new(env!("CARGO_BIN_EXE_xal")),
        &["--data-dir", &data, "--lang", "en"],
        &vars,
        env.tmp.path(),
        160,
        45,
    );
    pty.wait_text("Personal income-tax");
    pty.send(b"\r");
    // The pane wraps its lines where the width falls: its text is read column by column
    // from its left border, without spaces and borders.
    let squeeze = |s: &str| -> String {
        s.chars()
            .filter(|c| !c.is_whitespace() && !matches!(c, '┃' | '│'))
            .collect()
    };
    let want = squeeze(wanted);
    pty.wait_for(wanted, |s| {
        let (rows, cols) = s.size();
        let (rows, cols) = (rows.get(), cols.get());
        let start = (0..cols)
            .rev()
            .find(|&c| s.cell(1, c).is_some_and(|x| x.contents() == "┌"))
            .unwrap_or(0);
        let mut pane = String::new();
        for r in 0..rows {
            for c in start..cols {
                if let Some(x) = s.cell(r, c) {
                    pane.push_str(x.contents());
                }
            }
        }
        squeeze(&pane).contains(&want)
    });
    pty.send(b"q");
    let (status, _) = pty.wait_exit(std::time::Duration::from_secs(10));
    assert!(status.success());
}

#[test]
fn the_interface_shows_the_status_and_the_signer() {
    let Some(env) = Env::new() else { return };
    let alice = env.key("alice", "alice", "");
    env.allow(&[("alice", &alice)]);
    assert_ok(&env.approve(&["--key", path_str(&alice)]));
    interface_shows(&env, "signed by alice (SHA256:");
    env.edit("by = \"Jane Roe\"", "by = \"Mallory\"");
    interface_shows(&env, "approval not accepted: bad signature");
}
