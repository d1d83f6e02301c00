//! SSH keys for signed sign-offs: a new ed25519 key made with `ssh-keygen`, and an
//! `allowed_signers` list naming keys (docs/record.md, "Signed sign-offs").

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use super::cli::{DGS, assert_ok, report_fixture, xal_command};

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

/// A data dir holding the DGS report fixture, and a home of its own (no git config from
/// outside): where sign-offs are recorded and checked. `None` when ssh-keygen is missing
/// (a failure under CI; see `tools`).
pub struct SignDir {
    pub tmp: tempfile::TempDir,
}

impl SignDir {
    pub fn new() -> Option<SignDir> {
        super::tools::require([&["ssh-keygen"]])?;
        let tmp = tempfile::tempdir().unwrap();
        let assessments = tmp.path().join("data/assessments");
        std::fs::create_dir_all(&assessments).unwrap();
        std::fs::create_dir_all(tmp.path().join("home")).unwrap();
        std::fs::copy(report_fixture(DGS), assessments.join(format!("{DGS}.toml"))).unwrap();
        Some(SignDir { tmp })
    }

    pub fn data(&self) -> PathBuf {
        self.tmp.path().join("data")
    }

    /// The DGS fixture's file in the data dir.
    pub fn file(&self) -> PathBuf {
        self.data().join(format!("assessments/{DGS}.toml"))
    }

    pub fn cmd(&self, args: &[&str]) -> Command {
        let mut c = xal_command();
        c.env("HOME", self.tmp.path().join("home"))
            .env("GIT_CONFIG_GLOBAL", self.tmp.path().join("home/gitconfig"))
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .arg("--data-dir")
            .arg(self.data())
            .args(args)
            .stdin(Stdio::null());
        c
    }

    pub fn xal(&self, args: &[&str]) -> Output {
        self.cmd(args).output().unwrap()
    }
}
