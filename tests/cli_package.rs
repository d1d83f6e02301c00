//! The Debian package's contents as Cargo.toml lists them for cargo-deb: every file from the
//! checkout exists, and every generated one is written by `packaging/deb.sh` from the binary,
//! which does produce it (the man page with its sections, the three completion scripts).

mod support;

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
