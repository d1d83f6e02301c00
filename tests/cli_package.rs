//! The Debian package's contents as Cargo.toml lists them for cargo-deb: every file from the
//! checkout exists, and every generated one is written by `packaging/deb.sh` from the binary,
//! which does produce it (the man page with its sections, the three completion scripts).

use crate::support;

use support::cli::xal_command;

fn assets() -> Vec<(String, String)> {
    let manifest: toml::Table = std::fs::read_to_string("Cargo.toml")
        .unwrap()
        .parse()
        .unwrap();
    manifest["package"]["metadata"]["deb"]["assets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            let a = a.as_array().unwrap();
            (
                a[0].as_str().unwrap().to_string(),
                a[1].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn every_asset_is_in_the_checkout_or_made_by_the_packaging_script() {
    let script = std::fs::read_to_string("packaging/deb.sh").unwrap();
    let list = assets();
    let dests: Vec<&str> = list.iter().map(|(_, d)| d.as_str()).collect();
    for want in [
        "usr/bin/",
        "usr/share/man/man1/xal.1",
        "usr/share/bash-completion/completions/xal",
        "usr/share/zsh/vendor-completions/_xal",
        "usr/share/fish/vendor_completions.d/xal.fish",
        "usr/share/doc/xal/README.md",
        "usr/share/xal/rulesets/",
        "usr/share/xal/themes/",
    ] {
        assert!(dests.contains(&want), "{want} is not packaged: {dests:?}");
    }
    for (src, _) in &list {
        if src == "target/release/xal" {
            assert!(script.contains("cargo build --release --locked"));
        } else if let Some(made) = src.strip_prefix("target/assets/") {
            assert!(
                script.contains(&format!("> target/assets/{made}")),
                "{made}"
            );
        } else if let Some(dir) = src.strip_suffix("/*.toml") {
            let n = std::fs::read_dir(dir)
                .unwrap()
                .filter(|e| {
                    e.as_ref()
                        .unwrap()
                        .path()
                        .extension()
                        .is_some_and(|x| x == "toml")
                })
                .count();
            assert!(n >= 3, "{src}: {n} files");
        } else {
            assert!(std::path::Path::new(src).is_file(), "{src}");
        }
    }
}

#[test]
fn the_binary_writes_the_man_page_and_the_completion_scripts_the_script_packages() {
    let man = xal_command().arg("man").output().unwrap();
    assert_eq!(man.status.code(), Some(0));
    let page = String::from_utf8(man.stdout).unwrap();
    for section in [
        ".SH NAME",
        ".SH SYNOPSIS",
        ".SH OPTIONS",
        ".SH SUBCOMMANDS",
        ".SH \"EXIT STATUS\"",
    ] {
        assert!(page.contains(&format!("\n{section}\n")), "{section}");
    }
    assert!(page.contains(&format!("\"xal {}\"", env!("CARGO_PKG_VERSION"))));
    for shell in ["bash", "zsh", "fish"] {
        let o = xal_command().args(["completions", shell]).output().unwrap();
        assert_eq!(o.status.code(), Some(0), "{shell}");
        assert!(!o.stdout.is_empty(), "{shell}");
    }
    // `man` is for packagers: not in the help a user reads.
    let help = xal_command().arg("--help").output().unwrap();
    assert!(!String::from_utf8(help.stdout).unwrap().contains("  man "));
}

/// The package `packaging/deb.sh` built, read with `dpkg-deb`: its name and version, and a
/// file for every asset at its place, the binary executable. Building it takes minutes and
/// cargo-deb, so this runs on request: `sh packaging/deb.sh && cargo test --test suite cli_package::
/// -- --ignored`.
#[test]
#[ignore = "needs target/debian/xal_*.deb: sh packaging/deb.sh, then run with --ignored"]
fn the_built_package_holds_every_asset() {
    let deb = std::fs::read_dir("target/debian")
        .expect("target/debian: run sh packaging/deb.sh first")
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.extension().is_some_and(|x| x == "deb")
                && p.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with(&format!("xal_{}-", env!("CARGO_PKG_VERSION")))
        })
        .expect("a package of this version in target/debian");
    let field = |name: &str| {
        let o = std::process::Command::new("dpkg-deb")
            .arg("--field")
            .arg(&deb)
            .arg(name)
            .output()
            .unwrap();
        assert!(o.status.success());
        String::from_utf8(o.stdout).unwrap().trim().to_string()
    };
    assert_eq!(field("Package"), "xal");
    assert!(field("Version").starts_with(env!("CARGO_PKG_VERSION")));
    let o = std::process::Command::new("dpkg-deb")
        .arg("--contents")
        .arg(&deb)
        .output()
        .unwrap();
    assert!(o.status.success());
    let listing = String::from_utf8(o.stdout).unwrap();
    // `-rwxr-xr-x root/root 1234 2026-12-03 10:00 ./usr/bin/xal`
    let entries: Vec<(&str, &str)> = listing
        .lines()
        .filter_map(|l| Some((l.split_whitespace().next()?, l.rsplit_once(" ./")?.1)))
        .collect();
    let has = |path: &str| entries.iter().any(|(_, p)| *p == path);
    let bin = entries
        .iter()
        .find(|(_, p)| *p == "usr/bin/xal")
        .expect("usr/bin/xal");
    assert_eq!(bin.0, "-rwxr-xr-x");
    for (src, dest) in assets() {
        if let Some(dir) = src.strip_suffix("/*.toml") {
            for e in std::fs::read_dir(dir).unwrap() {
                let name = e.unwrap().file_name().to_string_lossy().into_owned();
                if name.ends_with(".toml") {
                    assert!(has(&format!("{dest}{name}")), "{dest}{name}");
                }
            }
        } else if dest.ends_with('/') {
            let name = std::path::Path::new(&src).file_name().unwrap();
            assert!(has(&format!("{dest}{}", name.to_string_lossy())), "{dest}");
        } else {
            // cargo-deb may compress a man page.
            assert!(has(&dest) || has(&format!("{dest}.gz")), "{dest}");
        }
    }
}
