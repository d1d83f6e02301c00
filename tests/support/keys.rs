//! SSH keys for signed sign-offs: a new ed25519 key made with `ssh-keygen`, and an
//! `allowed_signers` list naming keys (docs/record.md, "Signed sign-offs").

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use super::cli::assert_ok;

/// A new ed25519 key `dir/name` (and `name.pub`), commented `comment`, with `passphrase`
/// (`""` for none).
pub fn keygen(dir: &Path, name: &str, comment: &str, passphrase: &str) -> PathBuf {
    let path = dir.join(name);
    let o = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", passphrase, "-C", comment, "-f"])
        .arg(&path)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_ok(&o);
    path
}

/// The text of an `allowed_signers` list: one line per `(PRINCIPALS [OPTIONS], private key
/// path)`, giving the key of its `.pub` file.
pub fn allowed(lines: &[(&str, &Path)]) -> String {
    lines
        .iter()
        .map(|(who, key)| {
            let public = std::fs::read_to_string(key.with_extension("pub")).unwrap();
            let mut parts = public.split_whitespace();
            let (kind, b64) = (parts.next().unwrap(), parts.next().unwrap());
            format!("{who} {kind} {b64}\n")
        })
        .collect()
}
