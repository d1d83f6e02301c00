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

impl Stamp {
    pub fn sha256_hex(&self) -> String {
        hex::encode(self.sha256)
    }
}

pub(crate) fn sha256(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

/// Read a whole file and stamp it from the same open handle.
pub(crate) fn read_stamped(path: &Path) -> io::Result<(Vec<u8>, Stamp)> {
    let mut f = File::open(path)?;
    let meta = f.metadata()?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    f.read_to_end(&mut bytes)?;
    let stamp = Stamp {
        len: bytes.len() as u64,
        modified: meta.modified().ok(),
        sha256: sha256(&bytes),
    };
    Ok((bytes, stamp))
}

/// Create `dir` and missing parents, readable only by the user (0700 on unix).
pub(crate) fn create_private_dir(dir: &Path) -> io::Result<()> {
    let mut b = fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        b.mode(0o700);
    }
    b.create(dir)
}

/// Make the new name durable (a no-op where directories cannot be opened).
pub(crate) fn sync_dir(dir: &Path) -> io::Result<()> {
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
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut b = tempfile::Builder::new();
    b.prefix(".xal-").suffix(".tmp");
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

/// Held while checking a file and replacing it, so two xal processes cannot both pass the
/// check and then both write. Released when dropped (or when the process dies).
pub(crate) struct WriterLock {
    _file: File,
}

pub(crate) fn lock_writers(data_dir: &Path) -> io::Result<WriterLock> {
    let path = data_dir.join(".lock");
    let mut o = fs::OpenOptions::new();
    o.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    let file = o.open(&path)?;
    file.lock()?;
    Ok(WriterLock { _file: file })
}
