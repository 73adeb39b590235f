//! Bounded reads of files a user names, and the one way to replace a file a user names.
//!
//! Why a module of its own: a path on the command line or in a coordinator folder can be a
//! symlink to `/dev/zero`, a FIFO, a directory or a 3 GiB file. `fs::read` trusts `stat`
//! (zero for character devices) and blocks forever on a FIFO, so every user-named file is
//! opened here: non-blocking (a FIFO without a writer does not hang the open), refused unless
//! it is a regular file, and read through `take(limit + 1)` so the limit bounds what is read,
//! whatever the file claims to be.
//!
//! Writes go through [`replace_file`]: written beside the target and renamed over it, so a
//! reader sees the old file or the new one — but only when the target is a regular file.
//! A rename over `--out /dev/null` run as root replaced the machine's `/dev/null` with a
//! regular file (every later `2>/dev/null` appended to it, and cargo fed it to rustc as
//! source); a rename over a symlink replaces the link, not the file it points to.

use std::fs::File;
use std::io::Read;
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

/// Why a user-named file could not be read. Messages are written for coordinators.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("cannot read: {0}")]
    Io(#[from] std::io::Error),
    #[error("not a regular file ({kind}): name a file saved from Excel or a text editor")]
    NotRegular { kind: &'static str },
    #[error("too large (the limit is {} bytes): is this the right file?", limit)]
    TooLarge { limit: u64 },
}

/// What went wrong with a path, in the terms a coordinator can act on (each is worded with
/// what to do: `errors-unreadable-*`, `import-file-*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    /// Nothing at that path.
    Missing,
    /// The operating system refused access.
    Permission,
    /// A part of the path is a file, not a folder.
    NotAFolder,
    /// A folder where a file was expected.
    Folder,
    /// A pipe, device or socket.
    Special,
    TooLarge,
    /// Anything else (a disk error): the OS's own words are kept as detail.
    Other,
}

/// Classifies an I/O error.
pub fn why_io(e: &std::io::Error) -> Why {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::NotFound => Why::Missing,
        K::PermissionDenied => Why::Permission,
        K::NotADirectory => Why::NotAFolder,
        K::IsADirectory => Why::Folder,
        _ => Why::Other,
    }
}

impl ReadError {
    /// What went wrong, for the message that says what to do.
    pub fn why(&self) -> Why {
        match self {
            ReadError::Io(e) => why_io(e),
            ReadError::NotRegular { kind: "a folder" } => Why::Folder,
            ReadError::NotRegular { .. } => Why::Special,
            ReadError::TooLarge { .. } => Why::TooLarge,
        }
    }

    /// True when the file is the user's mistake (special file, too large), not an I/O fault.
    pub fn is_refusal(&self) -> bool {
        match self {
            ReadError::Io(e) => matches!(
                e.kind(),
                std::io::ErrorKind::NotFound
                    | std::io::ErrorKind::PermissionDenied
                    | std::io::ErrorKind::InvalidData
                    | std::io::ErrorKind::IsADirectory
                    | std::io::ErrorKind::NotADirectory
            ),
            ReadError::NotRegular { .. } | ReadError::TooLarge { .. } => true,
        }
    }
}

/// Opens `path` for reading without blocking on FIFOs, and refuses anything but a regular
/// file (after following symlinks). The returned file is in blocking mode again.
pub fn open_regular(path: &Path) -> Result<File, ReadError> {
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)?;
    let meta = file.metadata()?;
    let ft = meta.file_type();
    if !ft.is_file() {
        use std::os::unix::fs::FileTypeExt;
        let kind = if ft.is_dir() {
            "a folder"
        } else if ft.is_fifo() {
            "a pipe"
        } else if ft.is_char_device() || ft.is_block_device() {
            "a device"
        } else if ft.is_socket() {
            "a socket"
        } else {
            "a special file"
        };
        return Err(ReadError::NotRegular { kind });
    }
    // Back to blocking reads: O_NONBLOCK only mattered for the open itself.
    use std::os::fd::AsRawFd;
    let fd = file.as_raw_fd();
    // SAFETY: fcntl on a descriptor we own, with flags read from it.
    unsafe {
        let flags = libc::fcntl(fd, libc::F_GETFL);
        if flags >= 0 {
            libc::fcntl(fd, libc::F_SETFL, flags & !libc::O_NONBLOCK);
        }
    }
    Ok(file)
}

/// Reads a whole regular file of at most `limit` bytes.
pub fn read_regular(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let file = open_regular(path)?;
    read_limited(file, limit)
}

/// Reads at most `limit` bytes from any reader (standard input included); more is an error,
/// detected after reading `limit + 1` bytes, never after reading everything.
pub fn read_limited(reader: impl Read, limit: u64) -> Result<Vec<u8>, ReadError> {
    let mut bytes = Vec::new();
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge { limit });
    }
    Ok(bytes)
}

/// Replaces the contents of `path` with `bytes`, so that a reader sees the old contents or the
/// new, never half: written to a temporary file beside the target (its name ends in
/// `tmp_suffix`), synced, and renamed over it. A symlink is followed (the file it points to is
/// replaced, the link stays). A target that is not a regular file (a device such as
/// `/dev/null`, a pipe) is written in place, never replaced; a folder is refused.
pub fn replace_file(path: &Path, bytes: &[u8], tmp_suffix: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut target = path.to_path_buf();
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_dir() => {
            return Err(std::io::Error::from(std::io::ErrorKind::IsADirectory));
        }
        Ok(meta) if !meta.is_file() => {
            let mut f = std::fs::OpenOptions::new().write(true).open(path)?;
            return f.write_all(bytes).and_then(|()| f.flush());
        }
        Ok(_) if path.symlink_metadata()?.file_type().is_symlink() => {
            target = std::fs::canonicalize(path)?;
        }
        _ => {}
    }
    let name = target
        .file_name()
        .ok_or_else(|| std::io::Error::from(std::io::ErrorKind::InvalidInput))?;
    let mut tmp_name = std::ffi::OsString::from(".");
    tmp_name.push(name);
    tmp_name.push(format!(".{}{tmp_suffix}", std::process::id()));
    let tmp = target.with_file_name(tmp_name);
    let written = File::create(&tmp).and_then(|mut f| {
        f.write_all(bytes)?;
        f.sync_all()
    });
    if let Err(e) = written.and_then(|()| std::fs::rename(&tmp, &target)) {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    let parent = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if let Ok(d) = File::open(parent) {
        let _ = d.sync_all();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regression: `solve --out /dev/null`, run as root, renamed a temporary file over
    /// `/dev/null`, leaving the machine a regular file there.
    #[test]
    fn replacing_dev_null_writes_into_it_and_leaves_the_device() {
        use std::os::unix::fs::FileTypeExt;
        replace_file(Path::new("/dev/null"), b"thrown away", ".tmp").unwrap();
        let meta = std::fs::metadata("/dev/null").unwrap();
        assert!(meta.file_type().is_char_device(), "{meta:?}");
        assert_eq!(meta.len(), 0);
    }

    #[test]
    fn replacing_through_a_symlink_keeps_the_link() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.html");
        let link = dir.path().join("link.html");
        std::fs::write(&real, "old").unwrap();
        std::os::unix::fs::symlink(&real, &link).unwrap();
        replace_file(&link, b"new", ".tmp").unwrap();
        assert!(link.symlink_metadata().unwrap().file_type().is_symlink());
        assert_eq!(std::fs::read_to_string(&real).unwrap(), "new");
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(left.len(), 2, "no temporary file left: {left:?}");
    }

    #[test]
    fn replacing_a_folder_is_refused_and_a_new_file_is_created() {
        let dir = tempfile::tempdir().unwrap();
        let err = replace_file(dir.path(), b"x", ".tmp").unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::IsADirectory);
        let new = dir.path().join("new.txt");
        replace_file(&new, b"x", ".tmp").unwrap();
        assert_eq!(std::fs::read(&new).unwrap(), b"x");
    }

    #[test]
    fn dev_zero_is_refused_without_reading() {
        let err = read_regular(Path::new("/dev/zero"), 1024).unwrap_err();
        assert!(
            matches!(err, ReadError::NotRegular { kind: "a device" }),
            "{err}"
        );
    }

    #[test]
    fn folder_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let err = read_regular(dir.path(), 1024).unwrap_err();
        assert!(matches!(err, ReadError::NotRegular { .. }), "{err}");
    }

    #[test]
    fn fifo_without_writer_does_not_block() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe");
        let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        // SAFETY: mkfifo with a valid C string.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        let err = read_regular(&fifo, 1024).unwrap_err();
        assert!(
            matches!(err, ReadError::NotRegular { kind: "a pipe" }),
            "{err}"
        );
    }

    #[test]
    fn limit_bounds_what_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("big");
        std::fs::write(&f, vec![b'x'; 2048]).unwrap();
        assert!(matches!(
            read_regular(&f, 2047),
            Err(ReadError::TooLarge { limit: 2047 })
        ));
        assert_eq!(read_regular(&f, 2048).unwrap().len(), 2048);
        let endless = std::io::repeat(b'z');
        assert!(matches!(
            read_limited(endless, 10),
            Err(ReadError::TooLarge { limit: 10 })
        ));
    }
}
