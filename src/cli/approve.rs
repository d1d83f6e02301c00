//! `xal approve ID --by NAME [--role ROLE] [--note TEXT] [--step reviewed|approved]
//! [--signer PRINCIPAL] [--key PATH] [--no-sign]`: records one sign-off step in the
//! assessment's file, on its current content fingerprint, signed with an SSH key
//! (`ssh-keygen -Y sign -n xal-signoff`, as git signs with `gpg.format = ssh`) over its
//! canonical text (docs/record.md, "Signed sign-offs").

use crate::record::signed::expand_home;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use super::lookup::{load_failure, open_store, registry, resolve_id, ruleset_of};
use super::{ApproveArgs, Failure, Global, Term};
use crate::engine::evaluate_set;
use crate::record::due::due_after;
use crate::record::settings::RecordSettings;
use crate::record::signoff::{STEPS, not_one_line};
use crate::record::{Record, grouped};
use crate::report::dates::date;
use crate::report::tr;
use crate::store::{SaveError, SignOff};
use crate::text::{Lang, visible};

pub fn run(
    t: &mut Term<'_>,
    global: &Global,
    args: &ApproveArgs,
    lang: Lang,
) -> Result<(), Failure> {
    let by = args.by.trim();
    if by.is_empty() {
        return Err(Failure::BadInput(
            "--by needs the name of the person signing off".into(),
        ));
    }
    // Who signed and their role are one line each (a line break would let a listing show a
    // line that is not there); the note may hold several.
    for (flag, what, value) in [
        ("--by", "name", Some(by)),
        ("--role", "role", args.role.as_deref()),
    ] {
        if let Some(c) = value.and_then(not_one_line) {
            return Err(Failure::BadInput(format!(
                "{flag}: a sign-off's {what} is one line; it may not hold a line break or a control character (U+{:04X})",
                u32::from(c)
            )));
        }
    }
    if !STEPS.contains(&args.step.as_str()) {
        return Err(Failure::BadInput(format!(
            "--step {:?}: use reviewed or approved",
            args.step
        )));
    }
    let settings = record_settings()?;
    let months = review_months(args, &settings)?;
    let store = open_store(global)?;
    let registry = registry(t);
    let id = resolve_id(&store, &args.id)?;
    let mut loaded = store.load(&id).map_err(load_failure)?;
    let mut a = loaded.assessment.clone();
    let rs = ruleset_of(&registry, &a, &loaded.path)?;
    let eval = evaluate_set(&rs, &a.answers);
    if args.step == "approved" && !eval.complete() {
        return Err(Failure::BadInput(format!(
            "{} is incomplete (its levels are lower bounds): answer every question before approving; --step reviewed records a review",
            a.id
        )));
    }
    // After the file: a wrong id or an unreadable file is said first.
    let key = if args.no_sign {
        None
    } else {
        Some(signing_key(global, args, &settings)?)
    };
    let content = Record::of(&a, &rs, &eval).content_sha256();
    let now = crate::clock::now();
    let review_due = (args.step == "approved").then(|| due_after(now.date_naive(), months));
    let mut signoff = SignOff {
        step: args.step.clone(),
        by: by.to_string(),
        role: args.role.clone().unwrap_or_default().trim().to_string(),
        note: args.note.clone().unwrap_or_default(),
        at: now,
        record: content.clone(),
        review_due,
        signer: String::new(),
        key: String::new(),
        signature: String::new(),
    };
    if let Some(key) = &key {
        sign(&mut signoff, key, args.signer.as_deref())?;
    }
    a.signoffs.push(signoff);
    // In a shared data dir the approval is a commit of its own: what was pending before is
    // committed first, then the sign-off alone ("…: approved by NAME (ROLE), signed by KEY").
    let shared = crate::git::Repo::at(store.data_dir()).is_some();
    if shared {
        commit(t, store.data_dir());
    }
    store.save(&mut loaded, &a).map_err(save_failure)?;
    if shared {
        commit(t, store.data_dir());
    }
    let signed = loaded.assessment.signoffs.last().cloned();
    let mut s = String::new();
    if let Some(signed) = signed {
        let _ = writeln!(
            s,
            "{}",
            visible(&crate::report::signoff::line(&signed, &content, lang))
        );
        // A review date only for an approval that holds (an unsigned one where signatures
        // are required does not).
        let holds = crate::record::standing(&signed, &content) == crate::record::Standing::Holds;
        if let Some(d) = signed.review_due.filter(|_| holds) {
            let _ = writeln!(
                s,
                "{} {}",
                tr(lang, "กำหนดทบทวน", "review due"),
                date(d, lang)
            );
        }
    }
    let _ = writeln!(
        s,
        "{}\n{}",
        tr(
            lang,
            "ลายนิ้วมือของเนื้อหาที่ลงนาม:",
            "content fingerprint signed:"
        ),
        grouped(&content)
    );
    t.text(&s)
}

/// Commits what is pending in the shared data dir `dir`; a repository that cannot take a
/// commit now (a merge under way) is said on stderr: the sign-off is saved all the same and
/// the next `xal sync` commits it.
fn commit(t: &mut Term<'_>, dir: &Path) {
    if let Err(e) = crate::words::git::commit_for_interface(dir) {
        t.note(&format!("not committed: {e}"));
    }
}

/// The `[record]` settings of config.toml. A problem in them (or a config file that does not
/// parse) stops the approval: the date and the key are recorded in the signed file, and a
/// typo must not quietly become a year or another key.
fn record_settings() -> Result<RecordSettings, Failure> {
    let (s, problems) = crate::record::settings::load(crate::paths::config_dir().as_deref());
    if !problems.is_empty() {
        return Err(Failure::Input(problems));
    }
    Ok(s)
}

/// `--review-months`, else `[record] review_months` of config.toml, else a year.
fn review_months(args: &ApproveArgs, s: &RecordSettings) -> Result<u32, Failure> {
    use crate::record::settings::MAX_REVIEW_MONTHS;
    if let Some(n) = args.review_months {
        if !(1..=MAX_REVIEW_MONTHS).contains(&n) {
            return Err(Failure::BadInput(format!(
                "--review-months {n}: give 1 to {MAX_REVIEW_MONTHS} months"
            )));
        }
        return Ok(n);
    }
    Ok(s.review_months)
}

/// The key to sign with, as `ssh-keygen -f` takes it.
enum SigningKey {
    /// A key file: private, or `.pub` with the private key held by ssh-agent.
    File(PathBuf),
    /// git's `user.signingKey = "key::ssh-ed25519 AAAA…"`: the public key itself (the
    /// private one in ssh-agent), written to a temporary `.pub` file for ssh-keygen.
    Literal(String),
}

const NO_KEY: &str = "no SSH key to sign the sign-off with: give --key PATH (a private key, or its .pub with the key in ssh-agent), set `signing_key = \"PATH\"` under [record] in config.toml, or `git config user.signingKey PATH` with `git config gpg.format ssh`; --no-sign records an unsigned sign-off";

/// `--key`, else `[record] signing_key`, else git's `user.signingKey` when `gpg.format` is
/// `ssh` (read in the data dir, so that a repository's own setting counts).
fn signing_key(
    global: &Global,
    args: &ApproveArgs,
    s: &RecordSettings,
) -> Result<SigningKey, Failure> {
    if let Some(k) = &args.key {
        return Ok(SigningKey::File(k.clone()));
    }
    if let Some(k) = &s.signing_key {
        return Ok(SigningKey::File(expand_home(k)));
    }
    let dir = crate::paths::data_dir(global.data_dir.as_deref());
    let git = |key: &str| -> Option<String> {
        let mut c = Command::new("git");
        if let Some(d) = dir.as_ref().filter(|d| d.is_dir()) {
            c.arg("-C").arg(d);
        }
        let out = c
            .args(["config", "--get", key])
            .stdin(Stdio::null())
            .stderr(Stdio::null())
            .output()
            .ok()?;
        let v = String::from_utf8(out.stdout).ok()?.trim().to_string();
        (out.status.success() && !v.is_empty()).then_some(v)
    };
    if git("gpg.format").as_deref() == Some("ssh")
        && let Some(k) = git("user.signingKey")
    {
        return Ok(match k.strip_prefix("key::") {
            Some(lit) => SigningKey::Literal(lit.to_string()),
            None if k.starts_with("ssh-") || k.starts_with("ecdsa-") => SigningKey::Literal(k),
            None => SigningKey::File(expand_home(&k)),
        });
    }
    Err(Failure::BadInput(NO_KEY.into()))
}

/// Signs `s` with `key`: its public key gives the fingerprint and (with no --signer) the
/// principal, both part of what is signed; `ssh-keygen -Y sign` signs the canonical text
/// (asking for a passphrase on the terminal, or through ssh-agent); the signature is
/// checked before anything is saved.
fn sign(s: &mut SignOff, key: &SigningKey, signer: Option<&str>) -> Result<(), Failure> {
    let mut temp = None;
    let path = match key {
        SigningKey::File(p) => p.clone(),
        SigningKey::Literal(text) => {
            let mut f = tempfile::Builder::new()
                .suffix(".pub")
                .tempfile()
                .map_err(|e| Failure::Io(format!("a temporary key file: {e}")))?;
            let _ = writeln!(f, "{text}");
            let p = f.path().to_path_buf();
            temp = Some(f);
            p
        }
    };
    let public = public_key(&path)?;
    let principal = signer
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .or_else(|| {
            let c = public.comment().trim();
            (!c.is_empty() && not_one_line(c).is_none()).then(|| c.to_string())
        })
        .unwrap_or_else(|| s.by.clone());
    if let Some(c) = not_one_line(&principal) {
        return Err(Failure::BadInput(format!(
            "--signer: a principal is one line; it may not hold a control character (U+{:04X})",
            u32::from(c)
        )));
    }
    s.signer = principal;
    s.key = public.fingerprint(ssh_key::HashAlg::Sha256).to_string();
    let canonical = crate::record::signed::canonical(s);
    let mut child = Command::new("ssh-keygen")
        .args(["-Y", "sign", "-n", crate::record::signed::NAMESPACE, "-f"])
        .arg(&path)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| {
            Failure::Io(format!(
                "ssh-keygen: {e} (signing needs OpenSSH's ssh-keygen; --no-sign records an unsigned sign-off)"
            ))
        })?;
    if let Some(mut stdin) = child.stdin.take() {
        stdin
            .write_all(canonical.as_bytes())
            .map_err(|e| Failure::Io(format!("ssh-keygen: {e}")))?;
    }
    let out = child
        .wait_with_output()
        .map_err(|e| Failure::Io(format!("ssh-keygen: {e}")))?;
    drop(temp);
    if !out.status.success() {
        let said = String::from_utf8_lossy(&out.stderr);
        return Err(Failure::BadInput(format!(
            "ssh-keygen could not sign with {}: {}",
            path.display(),
            visible(said.trim())
        )));
    }
    s.signature = String::from_utf8_lossy(&out.stdout).trim().to_string();
    match crate::record::signed::check_signature(s) {
        Some(k) if &k == public.key_data() => Ok(()),
        _ => Err(Failure::Internal(format!(
            "the signature ssh-keygen made with {} does not verify",
            path.display()
        ))),
    }
}

/// The public half of the key at `path`: the file itself when it is a public key, else its
/// `.pub` beside it, else what `ssh-keygen -y` derives (it may ask for the passphrase).
fn public_key(path: &Path) -> Result<ssh_key::PublicKey, Failure> {
    let read = |p: &Path| {
        crate::store::read_text(p)
            .ok()
            .and_then(|t| ssh_key::PublicKey::from_openssh(t.trim()).ok())
    };
    if let Some(k) = read(path) {
        return Ok(k);
    }
    let mut pub_path = path.as_os_str().to_owned();
    pub_path.push(".pub");
    if let Some(k) = read(Path::new(&pub_path)) {
        return Ok(k);
    }
    if !path.is_file() {
        return Err(Failure::BadInput(format!(
            "{}: no such key file. {NO_KEY}",
            path.display()
        )));
    }
    let out = Command::new("ssh-keygen")
        .arg("-y")
        .arg("-f")
        .arg(path)
        .stdin(Stdio::inherit())
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| Failure::Io(format!("ssh-keygen: {e}")))?;
    String::from_utf8(out.stdout)
        .ok()
        .and_then(|t| ssh_key::PublicKey::from_openssh(t.trim()).ok())
        .ok_or_else(|| {
            Failure::BadInput(format!(
                "{}: not an SSH key that ssh-keygen can read",
                path.display()
            ))
        })
}

fn save_failure(e: SaveError) -> Failure {
    match e {
        SaveError::Broken { diagnostic, .. } => Failure::Input(vec![diagnostic]),
        other => Failure::Io(other.to_string()),
    }
}
