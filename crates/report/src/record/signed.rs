//! Signed sign-offs: what an SSH key signs ([`canonical`]), the signers an agency trusts
//! ([`AllowedSigners`], git's `allowed_signers` format), and each sign-off's one [`Status`]
//! (docs/record.md, "Signed sign-offs").
//!
//! A sign-off is signed with `ssh-keygen -Y sign -n xal-signoff` (OpenSSH's SSHSIG format, as
//! git signs commits with `gpg.format = ssh`); the signature is checked here, in-process,
//! with the `ssh-key` crate: reading a file never needs an external program.

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime};
use ssh_key::{HashAlg, PublicKey, SshSig};

use crate::diag::Diagnostic;
use crate::store::SignOff;

/// The SSHSIG namespace of a sign-off's signature: a signature made for anything else (a git
/// commit, a file) is never taken for one.
pub const NAMESPACE: &str = "xal-signoff";

/// The first line of the canonical text, naming its form.
pub const FORMAT: &str = "xal-signoff/1";

/// The agency's signers, at the top of the data dir.
pub(crate) const ALLOWED_SIGNERS: &str = "allowed_signers";

/// The bytes a sign-off's signature covers: [`FORMAT`], then one `key=value` line each, in
/// this order, every line ending in `\n`:
///
/// ```text
/// xal-signoff/1
/// record=<the content fingerprint, as written in the file>
/// step=approved
/// by=<name>
/// signer=<principal>
/// role=<role, or empty>
/// note=<note, or empty>
/// at=<RFC 3339 time with its offset, as 2026-12-02T10:00:00+07:00>
/// review_due=<YYYY-MM-DD, or empty>
/// ```
///
/// In a value `\` is written `\\`, a line feed `\n` and a carriage return `\r`, so that
/// every field is one line and no value can end one field and start another.
pub fn canonical(s: &SignOff) -> String {
    let at = s.at.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, false);
    let due = s.review_due.map(|d| d.to_string()).unwrap_or_default();
    let mut out = format!("{FORMAT}\n");
    for (k, v) in [
        ("record", s.record.as_str()),
        ("step", &s.step),
        ("by", &s.by),
        ("signer", &s.signer),
        ("role", &s.role),
        ("note", &s.note),
        ("at", &at),
        ("review_due", &due),
    ] {
        out.push_str(k);
        out.push('=');
        for c in v.chars() {
            match c {
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                c => out.push(c),
            }
        }
        out.push('\n');
    }
    out
}

/// What a sign-off is, exactly one of these.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// A valid signature over its canonical text, by a key the agency allows for the
    /// principal at the sign-off's time, and the content is the one it accepted.
    Signed,
    /// Something it covered changed since.
    Void,
    /// No signature.
    Unsigned,
    /// A valid signature, but by a key no `allowed_signers` entry gives that principal at
    /// that time (or there is no list to check it against).
    UnknownSigner,
    /// A signature that does not read, is not for `xal-signoff`, is not over this sign-off's
    /// fields or is not by the key it names.
    BadSignature,
}

impl Status {
    /// The word `list --format json`, `show` and the reports use.
    pub fn word(self) -> &'static str {
        match self {
            Status::Signed => "signed",
            Status::Void => "void",
            Status::Unsigned => "unsigned",
            Status::UnknownSigner => "unknown signer",
            Status::BadSignature => "bad signature",
        }
    }
}

/// One `allowed_signers` line.
#[derive(Clone, Debug)]
pub struct Allowed {
    /// Comma-separated patterns (`*` and `?` wildcards, `!` to exclude).
    pub principals: String,
    pub valid_after: Option<(NaiveDateTime, bool)>,
    pub valid_before: Option<(NaiveDateTime, bool)>,
    pub namespaces: Option<String>,
    pub key: PublicKey,
}

/// The signers an agency trusts: git's `allowed_signers` format (see ssh-keygen(1), "ALLOWED
/// SIGNERS"): one line each, `PRINCIPALS [OPTIONS] KEYTYPE BASE64 [COMMENT]`, `#` comments.
#[derive(Clone, Debug, Default)]
pub struct AllowedSigners {
    pub entries: Vec<Allowed>,
}

impl AllowedSigners {
    /// The list in `text`; a line that does not read is an error naming it (1-based).
    pub fn parse(text: &str) -> Result<AllowedSigners, (usize, String)> {
        let mut entries = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            entries.push(parse_line(line).map_err(|e| (i + 1, e))?);
        }
        Ok(AllowedSigners { entries })
    }

    /// Whether `key` may sign as `principal` in the `xal-signoff` namespace at `at`.
    pub fn allows(
        &self,
        principal: &str,
        key: &ssh_key::public::KeyData,
        at: &DateTime<FixedOffset>,
    ) -> bool {
        !principal.is_empty()
            && self.entries.iter().any(|e| {
                e.key.key_data() == key
                    && pattern_list(&e.principals, principal)
                    && e.namespaces
                        .as_deref()
                        .is_none_or(|n| pattern_list(n, NAMESPACE))
                    && e.valid_after.is_none_or(|t| moment(at, t.1) >= t.0)
                    && e.valid_before.is_none_or(|t| moment(at, t.1) < t.0)
            })
    }
}

/// The sign-off's time as a validity date is read: in UTC for a date ending in `Z`, else in
/// the sign-off's own offset.
fn moment(at: &DateTime<FixedOffset>, utc: bool) -> NaiveDateTime {
    if utc {
        at.naive_utc()
    } else {
        at.naive_local()
    }
}

fn parse_line(line: &str) -> Result<Allowed, String> {
    let (principals, rest) = token(line);
    if principals.is_empty() {
        return Err("no principals".into());
    }
    let rest = rest.trim_start();
    let (options, key_text) = match PublicKey::from_openssh(rest) {
        Ok(_) => ("", rest),
        Err(_) => {
            let (o, k) = token(rest);
            (o, k.trim_start())
        }
    };
    let key = PublicKey::from_openssh(key_text)
        .map_err(|e| format!("not a public key ({e}): give KEYTYPE BASE64, as in a .pub file"))?;
    let mut a = Allowed {
        principals: unquote(principals),
        valid_after: None,
        valid_before: None,
        namespaces: None,
        key,
    };
    for o in split_options(options) {
        let (name, value) = o.split_once('=').unwrap_or((o, ""));
        match name.to_ascii_lowercase().as_str() {
            "valid-after" => a.valid_after = Some(parse_time(&unquote(value))?),
            "valid-before" => a.valid_before = Some(parse_time(&unquote(value))?),
            "namespaces" => a.namespaces = Some(unquote(value)),
            "cert-authority" => {
                return Err("cert-authority: SSH certificates are not supported".into());
            }
            "" => {}
            other => return Err(format!("unknown option `{other}`")),
        }
    }
    Ok(a)
}

/// The first token of `s` (a `"…"` one may hold spaces), and the rest.
fn token(s: &str) -> (&str, &str) {
    let mut quoted = false;
    for (i, c) in s.char_indices() {
        match c {
            '"' => quoted = !quoted,
            c if c.is_whitespace() && !quoted => return (&s[..i], &s[i..]),
            _ => {}
        }
    }
    (s, "")
}

fn split_options(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut quoted, mut start) = (false, 0);
    for (i, c) in s.char_indices() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => {
                out.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&s[start..]);
    out
}

fn unquote(s: &str) -> String {
    s.trim_matches('"').to_string()
}

/// `YYYYMMDD[HHMM[SS]]`, with `Z` at the end for UTC.
fn parse_time(s: &str) -> Result<(NaiveDateTime, bool), String> {
    let (digits, utc) = match s.strip_suffix(['Z', 'z']) {
        Some(d) => (d, true),
        None => (s, false),
    };
    let bad = || format!("`{s}` is not a date: YYYYMMDD[HHMM[SS]][Z]");
    if !digits.bytes().all(|b| b.is_ascii_digit()) || ![8, 12, 14].contains(&digits.len()) {
        return Err(bad());
    }
    let n = |r: std::ops::Range<usize>| digits.get(r).and_then(|d| d.parse::<u32>().ok());
    let date = NaiveDate::from_ymd_opt(
        n(0..4).ok_or_else(bad)? as i32,
        n(4..6).ok_or_else(bad)?,
        n(6..8).ok_or_else(bad)?,
    )
    .ok_or_else(bad)?;
    let t = date
        .and_hms_opt(
            n(8..10).unwrap_or(0),
            n(10..12).unwrap_or(0),
            n(12..14).unwrap_or(0),
        )
        .ok_or_else(bad)?;
    Ok((t, utc))
}

/// Whether `name` matches a comma-separated list of patterns: some pattern matches and no
/// `!pattern` does.
fn pattern_list(list: &str, name: &str) -> bool {
    let mut hit = false;
    for p in list.split(',').map(str::trim) {
        if let Some(neg) = p.strip_prefix('!') {
            if glob(neg.as_bytes(), name.as_bytes()) {
                return false;
            }
        } else if glob(p.as_bytes(), name.as_bytes()) {
            hit = true;
        }
    }
    hit
}

fn glob(p: &[u8], s: &[u8]) -> bool {
    match (p.first(), s.first()) {
        (None, None) => true,
        (Some(b'*'), _) => glob(&p[1..], s) || (!s.is_empty() && glob(p, &s[1..])),
        (Some(b'?'), Some(_)) => glob(&p[1..], &s[1..]),
        (Some(a), Some(b)) if a == b => glob(&p[1..], &s[1..]),
        _ => false,
    }
}

/// What the data dir says about signatures: its list of signers, whether one is required,
/// and the problem when the list does not read (then no signature is taken for a signer's:
/// a broken list fails closed).
#[derive(Clone, Debug, Default)]
pub struct Trust {
    pub list: Option<AllowedSigners>,
    /// `[record] require_signature = true`.
    pub require: bool,
    /// The list's file, when there is one.
    pub path: Option<PathBuf>,
    /// Why the list could not be used.
    pub problem: Option<Diagnostic>,
}

impl Trust {
    /// Whether only signed sign-offs hold: there is a list (or one that does not read), or
    /// a signature is required.
    pub(crate) fn enforcing(&self) -> bool {
        self.require || self.list.is_some() || self.problem.is_some()
    }

    /// The list of `data_dir` (`[record] allowed_signers`, a path relative to the data dir
    /// or absolute; else `allowed_signers` at its top, read without following a link), and
    /// `require_signature`.
    pub fn load(data_dir: &Path, allowed: Option<&str>, require: bool) -> Trust {
        let mut t = Trust {
            require,
            ..Trust::default()
        };
        let (path, bytes) = match allowed {
            Some(p) => {
                let p = expand_home(p);
                let full = data_dir.join(&p);
                let read = if full.starts_with(data_dir) {
                    crate::store::read_within(data_dir, &full)
                } else {
                    // A path the user set: regular files only, capped like every file xal reads.
                    crate::store::read_regular(&full)
                };
                (full, read)
            }
            None => {
                let full = data_dir.join(ALLOWED_SIGNERS);
                let read = crate::store::read_within(data_dir, &full);
                if read
                    .as_ref()
                    .is_err_and(|e| e.kind() == std::io::ErrorKind::NotFound)
                {
                    return t;
                }
                (full, read)
            }
        };
        t.path = Some(path.clone());
        let text = match bytes.map(String::from_utf8) {
            Ok(Ok(text)) => text,
            Ok(Err(_)) => {
                t.problem = Some(Diagnostic::whole_file(&path, "not UTF-8 text"));
                return t;
            }
            Err(e) => {
                t.problem = Some(Diagnostic::whole_file(&path, e.to_string()));
                return t;
            }
        };
        match AllowedSigners::parse(&text) {
            Ok(l) => t.list = Some(l),
            Err((line, msg)) => {
                let offset: usize = text
                    .split_inclusive('\n')
                    .take(line - 1)
                    .map(str::len)
                    .sum();
                t.problem = Some(Diagnostic::at_offset(&path, &text, offset, msg));
            }
        }
        t
    }

    /// What `s` is, when the record's content fingerprint is now `content_sha256`.
    pub fn status(&self, s: &SignOff, content_sha256: &str) -> Status {
        if !s.record.eq_ignore_ascii_case(content_sha256) {
            return Status::Void;
        }
        if s.signature.trim().is_empty() {
            return Status::Unsigned;
        }
        let Some(key) = check_signature(s) else {
            return Status::BadSignature;
        };
        match &self.list {
            Some(l) if self.problem.is_none() && l.allows(&s.signer, &key, &s.at) => Status::Signed,
            _ => Status::UnknownSigner,
        }
    }

    /// Whether a sign-off of `status` holds: a signed one always; an unsigned one, or one
    /// whose key no list vouches for, only while the data dir has no list and no signature
    /// is required; a void or badly signed one never.
    pub fn holds(&self, status: Status) -> bool {
        match status {
            Status::Signed => true,
            Status::Unsigned | Status::UnknownSigner => !self.enforcing(),
            Status::Void | Status::BadSignature => false,
        }
    }
}

/// The key that signed `s`, when its signature is a valid `xal-signoff` signature over its
/// canonical text by the key it names.
pub fn check_signature(s: &SignOff) -> Option<ssh_key::public::KeyData> {
    let sig = SshSig::from_pem(s.signature.trim().as_bytes()).ok()?;
    let key = PublicKey::from(sig.public_key().clone());
    if !s.key.is_empty() && s.key != key.fingerprint(HashAlg::Sha256).to_string() {
        return None;
    }
    key.verify(NAMESPACE, canonical(s).as_bytes(), &sig).ok()?;
    Some(key.key_data().clone())
}

/// `~/rest` under `$HOME` (a path from a config file or git's config), else `p` as it is.
pub fn expand_home(p: &str) -> PathBuf {
    match p.strip_prefix("~/") {
        Some(rest) => std::env::var_os("HOME")
            .map(|h| PathBuf::from(h).join(rest))
            .unwrap_or_else(|| PathBuf::from(p)),
        None => PathBuf::from(p),
    }
}

static CURRENT: RwLock<Option<Arc<Trust>>> = RwLock::new(None);

/// Makes `t` the trust every [`crate::record::standing`] of this process decides by (the
/// command line installs its data dir's at start).
pub fn install(t: Trust) {
    if let Ok(mut c) = CURRENT.write() {
        *c = Some(Arc::new(t));
    }
}

/// The installed trust; none installed is no list and no signature required.
pub fn current() -> Arc<Trust> {
    CURRENT
        .read()
        .ok()
        .and_then(|c| c.clone())
        .unwrap_or_default()
}

/// A short text that changes whenever the installed trust would decide differently: for
/// the listing cache's salt.
pub fn salt() -> String {
    let t = current();
    if !t.enforcing() && t.list.is_none() {
        return String::new();
    }
    let mut s = format!("|trust:{}:{}", t.require, t.problem.is_some());
    if let Some(l) = &t.list {
        for e in &l.entries {
            s.push_str(&format!(
                ";{}:{:?}:{:?}:{:?}:{}",
                e.principals,
                e.valid_after,
                e.valid_before,
                e.namespaces,
                e.key.fingerprint(HashAlg::Sha256)
            ));
        }
    }
    crate::digest::sha256_hex(s.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_text_is_one_line_a_field_in_fixed_order() {
        let s = SignOff {
            step: "approved".into(),
            by: "A\nB".into(),
            role: String::new(),
            note: "x\\y\r\nz".into(),
            at: DateTime::parse_from_rfc3339("2026-12-02T10:00:00+07:00").unwrap(),
            record: "ab".repeat(32),
            review_due: NaiveDate::from_ymd_opt(2027, 12, 2),
            signer: "a@agency".into(),
            key: String::new(),
            signature: String::new(),
        };
        assert_eq!(
            canonical(&s),
            format!(
                "xal-signoff/1\nrecord={}\nstep=approved\nby=A\\nB\nsigner=a@agency\nrole=\nnote=x\\\\y\\r\\nz\nat=2026-12-02T10:00:00+07:00\nreview_due=2027-12-02\n",
                "ab".repeat(32)
            )
        );
    }

    #[test]
    fn allowed_signers_lines_read_as_git_writes_them() {
        let key =
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOKSDcwLzDeJvJ3E8dbNK7wyLU6CCWYnV1Vfr0WcP1W2";
        let text = format!(
            "# agency\n\nalice@x.go.th {key} laptop\n\"bob@x,carol@*\" valid-after=20260101,valid-before=\"20270101Z\",namespaces=\"git,xal-signoff\" {key}\n"
        );
        let l = AllowedSigners::parse(&text).unwrap();
        assert_eq!(l.entries.len(), 2);
        assert_eq!(l.entries[1].principals, "bob@x,carol@*");
        assert!(pattern_list("bob@x,carol@*", "carol@y"));
        assert!(!pattern_list("*,!eve", "eve"));
        let at = DateTime::parse_from_rfc3339("2026-06-01T10:00:00+07:00").unwrap();
        let kd = l.entries[0].key.key_data().clone();
        assert!(l.allows("carol@z", &kd, &at));
        assert!(l.allows("alice@x.go.th", &kd, &at));
        assert!(!l.allows("mallory", &kd, &at));
        let late = DateTime::parse_from_rfc3339("2027-06-01T10:00:00+07:00").unwrap();
        assert!(!l.allows("bob@x", &kd, &late));
        assert_eq!(
            AllowedSigners::parse("alice ssh-ed25519 !!!\n")
                .unwrap_err()
                .0,
            1
        );
        assert!(AllowedSigners::parse(&format!("a valid-after=2026 {key}")).is_err());
        assert!(AllowedSigners::parse(&format!("a bogus=1 {key}")).is_err());
    }
}
