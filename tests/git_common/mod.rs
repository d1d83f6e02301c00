//! Local bare repositories and clones in temporary folders, each clone a data dir with its own
//! git author; git's global and system config are kept out.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub struct World {
    pub tmp: tempfile::TempDir,
}

pub fn git_env(c: &mut Command, home: &Path) {
    c.env("HOME", home)
        .env("GIT_CONFIG_GLOBAL", home.join("gitconfig"))
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_AUTHOR_NAME")
        .env_remove("GIT_AUTHOR_EMAIL")
        .env_remove("GIT_COMMITTER_NAME")
        .env_remove("GIT_COMMITTER_EMAIL");
}

impl World {
    pub fn new() -> World {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(
            tmp.path().join("gitconfig"),
            "[init]\n\tdefaultBranch = main\n[user]\n\tname = Nobody\n\temail = nobody@example.org\n",
        )
        .unwrap();
        let w = World { tmp };
        w.git(w.root(), &["init", "-q", "--bare", "remote.git"]);
        w
    }

    pub fn root(&self) -> &Path {
        self.tmp.path()
    }

    pub fn remote(&self) -> PathBuf {
        self.root().join("remote.git")
    }

    pub fn git(&self, dir: &Path, args: &[&str]) -> String {
        let mut c = Command::new("git");
        c.arg("-C").arg(dir).args(args).stdin(Stdio::null());
        git_env(&mut c, self.root());
        let o = c.output().unwrap();
        assert!(
            o.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        String::from_utf8_lossy(&o.stdout).into_owned()
    }

    pub fn xal(&self, data: &Path, args: &[&str]) -> Output {
        self.xal_command(data, args).output().unwrap()
    }

    /// `xal --data-dir data args` with no config, language or git identity from outside, and
    /// no input; not started.
    pub fn xal_command(&self, data: &Path, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_xal"));
        c.env("XAL_CONFIG_DIR", "/nonexistent-xal-config")
            .env_remove("XAL_LANG")
            .env_remove("XAL_DATA_DIR")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env("LANG", "C.UTF-8")
            .arg("--data-dir")
            .arg(data)
            .args(args)
            .stdin(Stdio::null());
        git_env(&mut c, self.root());
        c
    }

    /// A data dir `name` made the first shared one: an assessment in it, `repo init` with the
    /// remote, a first sync.
    pub fn first(&self, name: &str, who: &str, files: &[(&str, &str)]) -> PathBuf {
        let d = self.root().join(name);
        std::fs::create_dir_all(d.join("assessments")).unwrap();
        for (id, text) in files {
            std::fs::write(d.join(format!("assessments/{id}.toml")), text).unwrap();
        }
        // An existing repository is adopted.
        self.git(&d, &["init", "-q"]);
        self.author(&d, who);
        let remote = self.remote();
        ok(&self.xal(&d, &["repo", "init", "--remote", remote.to_str().unwrap()]));
        ok(&self.xal(&d, &["sync"]));
        d
    }

    /// A clone of the remote as data dir `name`, authored by `who`.
    pub fn clone(&self, name: &str, who: &str) -> PathBuf {
        let remote = self.remote();
        self.git(
            self.root(),
            &["clone", "-q", remote.to_str().unwrap(), name],
        );
        let d = self.root().join(name);
        self.author(&d, who);
        ok(&self.xal(&d, &["repo", "init"]));
        d
    }

    pub fn author(&self, d: &Path, who: &str) {
        self.git(d, &["config", "user.name", who]);
        let mail = format!("{}@example.org", who.to_lowercase());
        self.git(d, &["config", "user.email", &mail]);
    }
}

pub fn ok(o: &Output) {
    assert_eq!(
        o.status.code(),
        Some(0),
        "stdout: {}\nstderr: {}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
}

pub fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// An assessment file with the given answer lines.
pub fn assessment(id: &str, name: &str, answers: &str) -> String {
    format!(
        "schema = 1\nid = \"{id}\"\n\n[service]\nname = \"{name}\"\n\n[ruleset]\nid = \"dgs-1-2-2564\"\n\n\
         [answers]\n{answers}\n[meta]\ncreated = 2026-11-28T09:02:11+07:00\nupdated = 2026-11-28T10:15:00+07:00\n"
    )
}

pub const TAX: &str = "\"service.group\" = \"transactional\"\n\"pi.needed\" = \"yes\"\n\
\"impact.auth\" = { reputation = \"moderate\", financial = \"moderate\", programs = \"moderate\", sensitive = \"moderate\", safety = \"none\", civil = \"moderate\" }\n";

pub fn edit(d: &Path, id: &str, from: &str, to: &str) {
    let p = d.join(format!("assessments/{id}.toml"));
    let text = std::fs::read_to_string(&p).unwrap();
    assert!(text.contains(from), "{from} in {text}");
    std::fs::write(&p, text.replacen(from, to, 1)).unwrap();
}

pub fn read(d: &Path, id: &str) -> String {
    std::fs::read_to_string(d.join(format!("assessments/{id}.toml"))).unwrap()
}

/// T1, the tax e-filing assessment the git tests share.
pub fn tax() -> String {
    assessment("T1", "Tax e-filing", TAX)
}

/// The shared record Alice started with T1 (`a`), and Bob's clone of it (`b`).
pub fn alice_and_bob() -> (World, PathBuf, PathBuf) {
    let w = World::new();
    let a = w.first("a", "Alice", &[("T1", &tax())]);
    let b = w.clone("b", "Bob");
    (w, a, b)
}

/// T1's `pi.needed` in data dir `d`, from yes to no.
pub fn pi_needed_no(d: &Path) {
    edit(d, "T1", "\"pi.needed\" = \"yes\"", "\"pi.needed\" = \"no\"");
}

/// T1's financial impact in data dir `d`, from moderate to high.
pub fn financial_high(d: &Path) {
    edit(d, "T1", "financial = \"moderate\"", "financial = \"high\"");
}

/// T1 in data dir `d` holds both changes: financial high and `pi.needed` no.
pub fn assert_both_changes(d: &Path) {
    let text = read(d, "T1");
    assert!(
        text.contains("financial = \"high\"") && text.contains("\"pi.needed\" = \"no\""),
        "{text}"
    );
}

/// `xal sync` in data dir `d` goes through, and what it prints holds `says`.
pub fn sync_says(w: &World, d: &Path, says: &str) -> Output {
    let s = w.xal(d, &["sync"]);
    ok(&s);
    assert!(out(&s).contains(says), "{}", out(&s));
    s
}

/// The environment of the interface in a pty: the world's git identity, the config dir
/// `config`, and nothing else but `PATH`.
pub fn pty_env(w: &World, config: &Path) -> Vec<(String, String)> {
    let mut env = vec![
        ("HOME".to_string(), w.root().display().to_string()),
        (
            "GIT_CONFIG_GLOBAL".into(),
            w.root().join("gitconfig").display().to_string(),
        ),
        ("GIT_CONFIG_NOSYSTEM".into(), "1".into()),
        ("XAL_CONFIG_DIR".into(), config.display().to_string()),
        ("LANG".into(), "C.UTF-8".into()),
        ("TERM".into(), "xterm-256color".into()),
    ];
    if let Ok(path) = std::env::var("PATH") {
        env.push(("PATH".into(), path));
    }
    env
}
