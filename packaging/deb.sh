#!/bin/sh
# Builds target/debian/xal_<version>_<arch>.deb: the release binary, its man page and its
# completion scripts (both written by the binary from its own clap definitions), the README,
# and copies of the built-in rulesets and themes. Needs cargo-deb (`cargo install cargo-deb`).
set -eu
cd "$(dirname "$0")/.."
cargo build --release --locked
mkdir -p target/assets
bin=target/release/xal
"$bin" man > target/assets/xal.1
"$bin" completions bash > target/assets/xal.bash
"$bin" completions zsh > target/assets/_xal
"$bin" completions fish > target/assets/xal.fish
cargo deb --no-build --locked "$@"
