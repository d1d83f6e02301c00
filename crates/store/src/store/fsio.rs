//! The file-system side: private folders, atomic writes, the writers' lock, stamps.

use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::path::Path;
use std::time::SystemTime;

use sha2::{Digest, Sha256};

/// What a file was when it was read: compared before overwriting it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stamp {
    pub len: u64,
    pub modified: Option<SystemTime>,
    pub sha256: [u8; 32],
}

pub(crate) fn sha256(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

/// The largest file xal reads: an assessment, a ruleset, a theme or a config is a few
/// kilobytes; anything this big is a mistake, or a device, and is refused before it fills
/// the memory.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// Why a path was not read although it exists.
fn refused(why: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, why)
}

fn kind_of(t: fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    if t.is_dir() {
        "a folder"
    } else {
        "not a regular file"
    }
}

/// Whether the last component of a path is followed when it is a symbolic link: only for a
/// path a person named on the command line; never inside a data dir or config dir, whose
/// files someone else may have written (see `confined.rs`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Links {
    Follow,
    Refuse,
}

/// The error for a symbolic link met where xal never follows one.
pub(crate) fn link_refused(shown: &Path) -> io::Error {
    refused(format!(
        "`{}` is a symbolic link; xal never follows links in its data or config folder, and          left it alone",
        crate::text::safe::visible(&shown.to_string_lossy())
    ))
}

/// Whether an open failed because `O_NOFOLLOW` met a link.
pub(crate) fn is_loop(e: &io::Error) -> bool {
    e.raw_os_error() == Some(libc::ELOOP)
}

/// Opens `path` for reading only if it is a regular file, without ever blocking: a FIFO
/// would wait for a writer forever, a device would never end. The type is checked on the
/// open handle, so nothing can be swapped in between.
fn open_regular(path: &Path, links: Links) -> io::Result<(File, fs::Metadata)> {
    let mut o = fs::OpenOptions::new();
    o.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        let nofollow = match links {
            Links::Follow => 0,
            Links::Refuse => libc::O_NOFOLLOW,
        };
        o.custom_flags(libc::O_NONBLOCK | nofollow);
    }
    let f = match o.open(path) {
        Ok(f) => f,
        Err(e) if links == Links::Refuse && is_loop(&e) => {
            return Err(link_refused(Path::new(
                path.file_name().unwrap_or_default(),
            )));
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return Err(match fs::symlink_metadata(path) {
                Ok(m) if m.file_type().is_symlink() => {
                    refused("a symbolic link to a file that does not exist".into())
                }
                _ => e,
            });
        }
        Err(e) => return Err(e),
    };
    let meta = f.metadata()?;
    if !meta.is_file() {
        return Err(refused(format!(
            "{}, not a regular file; left alone",
            kind_of(meta.file_type())
        )));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_big(meta.len()));
    }
    Ok((f, meta))
}

fn too_big(len: u64) -> io::Error {
    refused(format!(
        "{len} bytes, more than the {} MB xal reads; left alone",
        MAX_FILE_BYTES / (1024 * 1024)
    ))
}

/// Reads a whole regular file of at most [`MAX_FILE_BYTES`] that a person named (a link to
/// one is followed); anything else is an error that says what the path is. The cap holds
/// even if the file grows while it is read. Files of a data dir or config dir are read
/// through `Confined` instead, which never follows a link.
pub fn read_regular(path: &Path) -> io::Result<Vec<u8>> {
    read_regular_meta(path, Links::Follow).map(|(bytes, _)| bytes)
}

pub(crate) fn read_regular_meta(path: &Path, links: Links) -> io::Result<(Vec<u8>, fs::Metadata)> {
    let (f, meta) = open_regular(path, links)?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_big(bytes.len() as u64));
    }
    Ok((bytes, meta))
}

/// [`read_regular`] of a text file; bytes that are not UTF-8 give `InvalidData`.
pub fn read_text(path: &Path) -> io::Result<String> {
    String::from_utf8(read_regular(path)?).map_err(|_| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            "stream did not contain valid UTF-8",
        )
    })
}

/// [`read_regular`] that never follows a link at the last component: for a file found by
/// listing a folder someone else wrote (its folder checked already, or trusted).
pub fn read_no_link(path: &Path) -> io::Result<Vec<u8>> {
    read_regular_meta(path, Links::Refuse).map(|(bytes, _)| bytes)
}

/// Read a whole file (never through a link) and stamp it from the same open handle.
pub(crate) fn read_stamped(path: &Path) -> io::Result<(Vec<u8>, Stamp)> {
    let (bytes, meta) = read_regular_meta(path, Links::Refuse)?;
    let stamp = Stamp {
        len: bytes.len() as u64,
        modified: meta.modified().ok(),
        sha256: sha256(&bytes),
    };
    Ok((bytes, stamp))
}

/// Create `dir` and missing parents, readable only by the user (0700 on unix, whatever the
/// umask). A folder that is already there is left as its owner set it.
pub fn create_private_dir(dir: &Path) -> io::Result<()> {
    // The folders this call makes, innermost first: each is set 0700 afterwards, since a
    // umask that takes the owner's own bits would leave it unusable.
    let mut made = Vec::new();
    let mut p = Some(dir);
    while let Some(d) = p.filter(|d| !d.as_os_str().is_empty() && !d.exists()) {
        made.push(d.to_path_buf());
        p = d.parent();
    }
    let mut b = fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        b.mode(0o700);
    }
    b.create(dir)?;
    #[cfg(unix)]
    for d in made.iter().rev() {
        make_private(d)?;
    }
    Ok(())
}

/// 0700 on a folder this process just made, through a handle opened without following a
/// link: were the folder swapped for a link meanwhile, the open fails (ELOOP) and nothing a
/// link points at is ever changed.
#[cfg(unix)]
fn make_private(dir: &Path) -> io::Result<()> {
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    let handle = fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_DIRECTORY)
        .open(dir)
        .map_err(|e| {
            // With O_DIRECTORY a link is reported as "not a directory", not as a loop.
            let is_link = fs::symlink_metadata(dir).is_ok_and(|m| m.file_type().is_symlink());
            if is_link { link_refused(dir) } else { e }
        })?;
    handle.set_permissions(fs::Permissions::from_mode(0o700))
}

/// Make the new name durable (a no-op where directories cannot be opened).
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

/// Write `bytes` to `path` so that a reader or a crash sees the old file or the new one, whole:
/// a temporary `.xal-*.tmp` in the same folder, flushed, renamed over `path`, folder flushed.
/// With `no_clobber`, fails with `AlreadyExists` instead of replacing a file.
/// Returns the new file's stamp.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8], no_clobber: bool) -> io::Result<Stamp> {
    // A bare file name has the parent "", which cannot be opened to be synced.
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut b = tempfile::Builder::new();
    let prefix = format!("{TEMP_PREFIX}{}-", std::process::id());
    b.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        b.permissions(fs::Permissions::from_mode(0o600));
    }
    let mut tmp = b.tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    let modified = tmp.as_file().metadata()?.modified().ok();
    if no_clobber {
        tmp.persist_noclobber(path).map_err(|e| e.error)?;
    } else {
        tmp.persist(path).map_err(|e| e.error)?;
    }
    sync_dir(dir)?;
    Ok(Stamp {
        len: bytes.len() as u64,
        modified,
        sha256: sha256(bytes),
    })
}

/// Replaces `path` whole by a rename, without flushing to disk: for a scratch file another
/// program reads at once and keeps nothing of (git's copy of a side in a merge, which git
/// itself never flushes), where waiting for the disk twice per file is all the cost.
pub(crate) fn replace_unsynced(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!("{TEMP_PREFIX}{}-", std::process::id()))
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// How every temporary file of xal starts; the writer's process id follows.
pub(crate) const TEMP_PREFIX: &str = ".xal-";

/// The process that made the temporary file `name` (`.xal-<pid>-<random>.tmp`), if named.
pub(crate) fn temp_writer(name: &str) -> Option<u32> {
    let rest = name.strip_prefix(TEMP_PREFIX)?.strip_suffix(".tmp")?;
    let (pid, _) = rest.split_once('-')?;
    pid.parse().ok().filter(|&p| p > 0)
}

/// Whether a process with this id runs on this machine (one of another user counts).
pub fn process_alive(pid: u32) -> bool {
    #[cfg(unix)]
    {
        let Some(pid) = i32::try_from(pid)
            .ok()
            .and_then(rustix::process::Pid::from_raw)
        else {
            return false;
        };
        // Signal 0 only checks that the process exists; nothing is sent.
        match rustix::process::test_kill_process(pid) {
            Ok(()) => true,
            Err(e) => e == rustix::io::Errno::PERM,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        true
    }
}

/// Held while checking a file and replacing it, so two xal processes cannot both pass the
/// check and then both write. Released when dropped (or when the process dies).
pub(crate) struct WriterLock {
    _file: File,
}

/// Takes the lock file `path` (created 0600 if missing; never through a link).
pub(crate) fn lock_file(path: &Path) -> io::Result<WriterLock> {
    let file = open_for_writing(path, false)?;
    file.lock()?;
    Ok(WriterLock { _file: file })
}

/// Opens (creating it 0600 if missing) a file to write into, never through a link and never
/// blocking; refused unless what was opened is a regular file.
pub(crate) fn open_for_writing(path: &Path, append: bool) -> io::Result<File> {
    let mut o = fs::OpenOptions::new();
    o.read(!append).create(true);
    if append {
        o.append(true);
    } else {
        o.write(true).truncate(false);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // Given at creation, not set after: the file is never readable by others, even for
        // a moment.
        o.mode(0o600);
        o.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    let file = o.open(path).map_err(|e| {
        if is_loop(&e) {
            link_refused(Path::new(path.file_name().unwrap_or_default()))
        } else {
            e
        }
    })?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(refused(format!(
            "{}, not a regular file; left alone",
            kind_of(meta.file_type())
        )));
    }
    Ok(file)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn mode(p: &Path) -> u32 {
        fs::symlink_metadata(p).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn a_made_folder_is_private_and_a_link_in_its_place_is_never_followed() {
        let root = tempfile::tempdir().unwrap();
        let made = root.path().join("a/b");
        create_private_dir(&made).unwrap();
        assert_eq!(mode(&made), 0o700);
        assert_eq!(mode(&root.path().join("a")), 0o700);

        // A link where the folder was: refused, and what it points at keeps its mode.
        let elsewhere = root.path().join("elsewhere");
        fs::create_dir(&elsewhere).unwrap();
        fs::set_permissions(&elsewhere, fs::Permissions::from_mode(0o755)).unwrap();
        let link = root.path().join("link");
        std::os::unix::fs::symlink(&elsewhere, &link).unwrap();
        let e = make_private(&link).unwrap_err();
        assert!(e.to_string().contains("symbolic link"), "{e}");
        assert_eq!(mode(&elsewhere), 0o755);
    }
}
