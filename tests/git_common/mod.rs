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
        c.output().unwrap()
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
