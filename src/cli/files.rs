//! Files a command is given on its command line, read and written so that every failure
//! names the file and means the right exit code.
//!
//! Reading: a file that is not there, not readable by this user, a folder, or not UTF-8 is
//! the user's input (exit 2, `FILE: cannot read: …` or `FILE:LINE:COLUMN: not UTF-8 …`); a
//! read the system fails (an I/O error) is exit 1. Writing: every failure — a full disk,
//! no permission, a folder that is not there — is an I/O failure (exit 1) naming the file.

use std::io::{self, ErrorKind};
use std::path::{Path, PathBuf};

use super::Failure;
use crate::diag::{self, Diagnostic};

/// Whether a failed read means the user named something that cannot be read (exit 2),
/// rather than the system failing to read it (exit 1).
fn unreadable_input(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        ErrorKind::NotFound
            | ErrorKind::PermissionDenied
            | ErrorKind::IsADirectory
            | ErrorKind::NotADirectory
            | ErrorKind::InvalidInput
            | ErrorKind::InvalidFilename
            | ErrorKind::InvalidData
    )
}

/// The failure of reading `path`, with what was being read ("cannot read ruleset").
pub(crate) fn read_failure(path: &Path, what: &str, e: &io::Error) -> Failure {
    let d = Diagnostic::whole_file(path, format!("{what}: {e}"));
    if unreadable_input(e) {
        Failure::Input(vec![d])
    } else {
        Failure::Io(d.to_string())
    }
}

/// The failure of writing `path`: always an I/O failure (exit 1).
pub(crate) fn write_failure(path: &Path, e: &io::Error) -> Failure {
    Failure::Io(Diagnostic::whole_file(path, format!("cannot write: {e}")).to_string())
}

/// The bytes of a file given to a command.
pub(crate) fn read_bytes(path: &Path) -> Result<Vec<u8>, Failure> {
    crate::store::read_regular(path).map_err(|e| read_failure(path, "cannot read", &e))
}

/// The text of a file given to a command; bytes that are not UTF-8 are placed by line and
/// column.
pub(crate) fn read_text(path: &Path) -> Result<String, Failure> {
    let bytes = read_bytes(path)?;
    diag::utf8(path, &bytes)?;
    // Checked just above.
    Ok(String::from_utf8(bytes).unwrap_or_default())
}

/// Where a file is written: a bare name (`report.md`) is in the current folder. The store's
/// atomic write syncs the folder a file is in, and the "folder" of a bare name is the empty
/// path, which cannot be opened: the file would be written and the run still fail.
pub(crate) fn output_path(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if p.as_os_str().is_empty() => Path::new(".").join(path),
        _ => path.to_path_buf(),
    }
}

/// Writes a file a command was told to write (`-o PATH`). A regular file (new or replaced)
/// is written atomically: a temporary file in the same folder, synced, renamed over it, so a
/// reader never sees half a report. Anything else that already exists there — a device such
/// as `/dev/stdout` or `/dev/null`, a named pipe — is written into, never replaced: a rename
/// would put a regular file where the device was (and as root, succeed). A symbolic link to
/// a regular file is followed, so the link stays and its target gets the new text.
pub(crate) fn write_output(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    let fail = |e: io::Error| write_failure(path, &e);
    match std::fs::metadata(path) {
        Ok(m) if !m.is_file() && !m.is_dir() => {
            use std::io::Write;
            let mut f = std::fs::OpenOptions::new()
                .write(true)
                .open(path)
                .map_err(fail)?;
            f.write_all(bytes).and_then(|_| f.flush()).map_err(fail)
        }
        Ok(m) if m.is_file() => {
            let target = std::fs::canonicalize(path).map_err(fail)?;
            crate::store::write_file_atomic(&target, bytes).map_err(fail)
        }
        _ => crate::store::write_file_atomic(&output_path(path), bytes).map_err(fail),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bare_file_name_is_in_the_current_folder() {
        assert_eq!(
            output_path(Path::new("report.md")),
            Path::new("./report.md")
        );
        assert_eq!(output_path(Path::new("out/r.md")), Path::new("out/r.md"));
        assert_eq!(output_path(Path::new("/tmp/r.md")), Path::new("/tmp/r.md"));
    }

    #[test]
    fn reads_the_user_got_wrong_are_bad_input_and_the_rest_io() {
        let p = Path::new("x.toml");
        let code = |f: Failure| match f {
            Failure::Input(d) => (2, d[0].to_string()),
            Failure::Io(d) => (1, d),
            other => panic!("{other:?}"),
        };
        assert_eq!(
            code(read_failure(
                p,
                "cannot read",
                &io::Error::from(ErrorKind::NotFound)
            ))
            .0,
            2
        );
        assert_eq!(
            code(read_failure(
                p,
                "cannot read",
                &io::Error::from_raw_os_error(libc::EACCES)
            ))
            .0,
            2
        );
        let (c, line) = code(read_failure(
            p,
            "cannot read",
            &io::Error::from_raw_os_error(libc::EIO),
        ));
        assert_eq!(c, 1);
        assert!(line.starts_with("x.toml: cannot read: "), "{line}");
        // Writes are I/O failures whatever the reason.
        for errno in [libc::ENOSPC, libc::EACCES, libc::ENOENT, libc::EROFS] {
            let f = write_failure(p, &io::Error::from_raw_os_error(errno));
            assert!(matches!(f, Failure::Io(_)), "{errno}");
        }
    }
}
