//! The trust boundary: a data dir shared through git holds what collaborators committed, and
//! a config dir may hold files copied from anywhere. A symbolic link there is data, never a
//! way out: every file xal reads, writes, appends to, locks, lists or renames under such a
//! folder goes through [`Confined`], which refuses a link anywhere between the folder and the
//! file (the file itself included) and opens only regular files, checking the type on the
//! open handle.
//!
//! The folder itself (`--data-dir`, `XAL_CONFIG_DIR`, or the platform's) may be a link: the
//! user chose it. What lies below it is checked component by component with `lstat`, and the
//! last component is opened with `O_NOFOLLOW`; a rename target that is a link is refused, not
//! replaced. The threat is a committed file, not a local process racing xal: a collaborator's
//! links arrive with a checkout, before xal runs.

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use super::fsio::{self, Links, Stamp, WriterLock, link_refused};

/// A folder whose contents are untrusted, by its path.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Confined<'a> {
    root: &'a Path,
}

impl<'a> Confined<'a> {
    pub(crate) fn new(root: &'a Path) -> Confined<'a> {
        Confined { root }
    }

    /// Refuses `path` unless it lies below the root with no symbolic link on the way: the
    /// folders between, and `path` itself when `last` (a rename target, a folder to list).
    /// A component that does not exist ends the walk: nothing below it can be a link.
    fn check(&self, path: &Path, last: bool) -> io::Result<()> {
        let rel = path.strip_prefix(self.root).map_err(|_| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                format!(
                    "{} is outside {}",
                    path.display(),
                    self.root.as_os_str().to_string_lossy()
                ),
            )
        })?;
        let parts: Vec<Component> = rel.components().collect();
        let upto = if last {
            parts.len()
        } else {
            parts.len().saturating_sub(1)
        };
        let mut at = self.root.to_path_buf();
        let mut shown = PathBuf::new();
        for c in &parts[..upto] {
            let Component::Normal(name) = c else {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidInput,
                    format!("{} leaves its folder", rel.display()),
                ));
            };
            at.push(name);
            shown.push(name);
            match fs::symlink_metadata(&at) {
                Ok(m) if m.file_type().is_symlink() => return Err(link_refused(&shown)),
                Ok(_) => {}
                Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    /// Refuses `path` when it is a link, lies under one, or is there but not a regular file.
    pub(crate) fn check_file(&self, path: &Path) -> io::Result<()> {
        self.check(path, true)?;
        match fs::symlink_metadata(path) {
            Ok(m) if !m.is_file() => Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!("{} is not a regular file; left alone", path.display()),
            )),
            Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }

    /// The error `O_NOFOLLOW` gave for the last component, named from the root.
    fn named(&self, path: &Path, e: io::Error) -> io::Error {
        if fsio::is_loop(&e) || e.to_string().contains("is a symbolic link") {
            link_refused(path.strip_prefix(self.root).unwrap_or(path))
        } else {
            e
        }
    }

    /// A whole regular file of at most [`fsio::MAX_FILE_BYTES`].
    pub(crate) fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        self.read_meta(path).map(|(b, _)| b)
    }

    fn read_meta(&self, path: &Path) -> io::Result<(Vec<u8>, fs::Metadata)> {
        self.check(path, false)?;
        fsio::read_regular_meta(path, Links::Refuse).map_err(|e| self.named(path, e))
    }

    /// [`Confined::read`] of UTF-8 text.
    pub(crate) fn read_text(&self, path: &Path) -> io::Result<String> {
        String::from_utf8(self.read(path)?).map_err(|_| {
            io::Error::new(
                io::ErrorKind::InvalidData,
                "stream did not contain valid UTF-8",
            )
        })
    }

    /// The file and its stamp, from one open handle.
    pub(crate) fn read_stamped(&self, path: &Path) -> io::Result<(Vec<u8>, Stamp)> {
        self.check(path, false)?;
        fsio::read_stamped(path).map_err(|e| self.named(path, e))
    }

    /// `fsio::write_atomic`, refusing a link on the way or at the target (a rename would
    /// replace the link, and the next sync would carry the outside file's copy).
    pub(crate) fn write_atomic(
        &self,
        path: &Path,
        bytes: &[u8],
        no_clobber: bool,
    ) -> io::Result<Stamp> {
        self.check(path, true)?;
        fsio::write_atomic(path, bytes, no_clobber)
    }

    /// Creates `dir` 0700 (and the folders above it, up to the root) where missing; a link
    /// on the way is refused, not created through.
    pub(crate) fn create_dir(&self, dir: &Path) -> io::Result<()> {
        self.check(dir, true)?;
        fsio::create_private_dir(dir)?;
        // Created by someone else in between: checked again.
        self.check(dir, true)
    }

    /// Appends `bytes` in one write (creating the file 0600).
    pub(crate) fn append(&self, path: &Path, bytes: &[u8]) -> io::Result<()> {
        use std::io::Write;
        self.check(path, false)?;
        let mut f = fsio::open_for_writing(path, true).map_err(|e| self.named(path, e))?;
        f.write_all(bytes)
    }

    /// The writers' lock file `path`, taken.
    pub(crate) fn lock(&self, path: &Path) -> io::Result<WriterLock> {
        self.check(path, false)?;
        fsio::lock_file(path).map_err(|e| self.named(path, e))
    }

    /// Whether `dir` is a real folder below the root: no link on the way or in its place.
    pub(crate) fn is_folder(&self, dir: &Path) -> bool {
        self.check(dir, true).is_ok() && fs::symlink_metadata(dir).is_ok_and(|m| m.is_dir())
    }

    /// The entries of the folder `dir`, which must not be (or be under) a link.
    pub(crate) fn read_dir(&self, dir: &Path) -> io::Result<fs::ReadDir> {
        self.check(dir, true)?;
        fs::read_dir(dir)
    }

    /// Renames `from` to `to`; neither may be a link nor lie under one.
    pub(crate) fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        self.check(from, true)?;
        self.check(to, true)?;
        fs::rename(from, to)
    }

    /// Removes the file `path` (a link itself may be removed: that follows nothing).
    pub(crate) fn remove_file(&self, path: &Path) -> io::Result<()> {
        self.check(path, false)?;
        fs::remove_file(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;
    use std::os::unix::fs::symlink;

    /// Every file under `dir` with its bytes, links as their targets: what "unchanged" means.
    fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
        let mut out = BTreeMap::new();
        let mut stack = vec![dir.to_path_buf()];
        while let Some(d) = stack.pop() {
            for e in fs::read_dir(&d).unwrap().flatten() {
                let p = e.path();
                let t = e.file_type().unwrap();
                if t.is_symlink() {
                    out.insert(
                        p.clone(),
                        fs::read_link(&p)
                            .unwrap()
                            .into_os_string()
                            .into_encoded_bytes(),
                    );
                } else if t.is_dir() {
                    out.insert(p.clone(), b"<dir>".to_vec());
                    stack.push(p);
                } else {
                    out.insert(p.clone(), fs::read(&p).unwrap());
                }
            }
        }
        out
    }

    /// Every operation on `path` under `root`; each must fail, since a link is on the way.
    fn every_operation(c: Confined, path: &Path) -> Vec<(&'static str, bool)> {
        vec![
            ("read", c.read(path).is_err()),
            ("read_stamped", c.read_stamped(path).is_err()),
            (
                "write_atomic",
                c.write_atomic(path, b"x = 1\n", false).is_err(),
            ),
            ("write new", c.write_atomic(path, b"x = 1\n", true).is_err()),
            ("append", c.append(path, b"line\n").is_err()),
            ("lock", c.lock(path).is_err()),
            ("create_dir", c.create_dir(&path.join("sub")).is_err()),
            (
                "read_dir",
                c.read_dir(path).is_err() || c.read_dir(path.parent().unwrap()).is_err(),
            ),
        ]
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        /// A path with a link at any component, to a file or to a folder outside, is never
        /// followed: every operation is refused and nothing outside changes.
        #[test]
        fn a_path_with_any_link_component_is_never_followed(
            names in proptest::collection::vec("[a-z]{1,6}", 1..5),
            link_at in 0usize..5,
        ) {
            let tmp = tempfile::tempdir().unwrap();
            let root = tmp.path().join("data");
            let outside = tmp.path().join("outside");
            fs::create_dir_all(&root).unwrap();
            let link_at = link_at % names.len();
            let last = names.len() - 1;
            // The outside mirrors the rest of the path, so that following the link would
            // find everything it names.
            let target = if link_at < last {
                let mirror = names[link_at + 1..last].iter().fold(outside.clone(), |p, n| p.join(n));
                fs::create_dir_all(&mirror).unwrap();
                fs::write(mirror.join(&names[last]), b"secret\n").unwrap();
                outside.clone()
            } else {
                fs::create_dir_all(&outside).unwrap();
                fs::write(outside.join("target"), b"secret\n").unwrap();
                outside.join("target")
            };
            let inside = names[..link_at].iter().fold(root.clone(), |p, n| p.join(n));
            fs::create_dir_all(&inside).unwrap();
            symlink(&target, inside.join(&names[link_at])).unwrap();
            let before = snapshot(&outside);
            let path = names.iter().fold(root.clone(), |p, n| p.join(n));
            let c = Confined::new(&root);
            for (op, refused) in every_operation(c, &path) {
                proptest::prop_assert!(refused, "{op} followed a link in {:?} at {link_at}", names);
            }
            proptest::prop_assert_eq!(before, snapshot(&outside));
        }
    }

    #[test]
    fn the_root_itself_may_be_a_link_and_files_below_it_are_used() {
        let tmp = tempfile::tempdir().unwrap();
        let real = tmp.path().join("real");
        fs::create_dir(&real).unwrap();
        let root = tmp.path().join("chosen");
        symlink(&real, &root).unwrap();
        let c = Confined::new(&root);
        let dir = root.join("assessments");
        c.create_dir(&dir).unwrap();
        let f = dir.join("a.toml");
        c.write_atomic(&f, b"x = 1\n", true).unwrap();
        c.append(&root.join("xal.log"), b"one\n").unwrap();
        c.append(&root.join("xal.log"), b"two\n").unwrap();
        assert_eq!(c.read(&f).unwrap(), b"x = 1\n");
        assert_eq!(c.read_text(&root.join("xal.log")).unwrap(), "one\ntwo\n");
        let _lock = c.lock(&root.join(".lock")).unwrap();
        assert_eq!(c.read_dir(&dir).unwrap().count(), 1);
    }

    #[test]
    fn a_link_is_named_from_the_root_and_left_in_place() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("data");
        fs::create_dir_all(root.join("assessments")).unwrap();
        fs::write(tmp.path().join("bashrc"), "# mine\n").unwrap();
        let link = root.join("xal.log");
        symlink("../bashrc", &link).unwrap();
        let e = Confined::new(&root).append(&link, b"PWNED\n").unwrap_err();
        assert!(
            e.to_string().contains("`xal.log` is a symbolic link"),
            "{e}"
        );
        assert_eq!(
            fs::read_to_string(tmp.path().join("bashrc")).unwrap(),
            "# mine\n"
        );
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        let e = Confined::new(&root)
            .write_atomic(&link, b"x", false)
            .unwrap_err();
        assert!(
            e.to_string().contains("`xal.log` is a symbolic link"),
            "{e}"
        );
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
    }

    #[test]
    fn a_device_or_fifo_in_the_folder_is_refused_without_blocking() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        let fifo = root.join("xal.log");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success());
        let c = Confined::new(root);
        assert!(c.read(&fifo).is_err());
        assert!(c.append(&fifo, b"x").is_err());
        assert!(c.lock(&fifo).is_err());
    }
}
