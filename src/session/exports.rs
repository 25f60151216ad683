//! Where exports go: beside the session, never over the session file itself and never over a
//! file vsm did not write (a user's notes, a planted link). vsm remembers what it exported in
//! the state folder, so exporting again replaces its own earlier export.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::{disk, writer};

const FILE_NAME: &str = "exports.ron";
const KEEP: usize = 200;

/// `dir/stem.ext`, else `dir/stem-2.ext`, `dir/stem-3.ext`... the first name nothing has.
pub fn free_name(dir: &Path, stem: &str, ext: &str) -> PathBuf {
    (1..)
        .map(|n| match n {
            1 => dir.join(format!("{stem}.{ext}")),
            n => dir.join(format!("{stem}-{n}.{ext}")),
        })
        .find(|path| !disk::is_taken(path))
        .expect("some name is free")
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Exported {
    path: PathBuf,
    fingerprint: u64,
}

/// The record of files vsm exported, kept in the state folder.
pub struct Exports {
    record: Option<PathBuf>,
}

impl Exports {
    pub fn new(state_dir: Option<&Path>) -> Exports {
        Exports {
            record: state_dir.map(|dir| dir.join(FILE_NAME)),
        }
    }

    fn list(&self) -> Vec<Exported> {
        self.record
            .as_deref()
            .and_then(|path| disk::read_own(path, 1024 * 1024).ok())
            .and_then(|bytes| ron::de::from_bytes(&bytes).ok())
            .unwrap_or_default()
    }

    /// Whether `path` is a regular file holding what vsm last exported there.
    fn made_by_vsm(&self, path: &Path) -> bool {
        let is_file = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_file());
        let Ok(bytes) = disk::read_capped(path, disk::MAX_FILE_BYTES) else {
            return false;
        };
        let fingerprint = disk::fingerprint(&bytes);
        is_file
            && self
                .list()
                .iter()
                .any(|e| e.path == path && e.fingerprint == fingerprint)
    }

    fn remember(&self, path: &Path, bytes: &[u8]) {
        let Some(record) = &self.record else {
            return;
        };
        let mut entries = self.list();
        entries.retain(|e| e.path != path);
        entries.insert(
            0,
            Exported {
                path: path.to_path_buf(),
                fingerprint: disk::fingerprint(bytes),
            },
        );
        entries.truncate(KEEP);
        if let Ok(text) = ron::to_string(&entries) {
            // Forgetting an export only means the next one gets a new name.
            let _ = writer::write(record, text.as_bytes(), &writer::How::private());
        }
    }

    /// Writes `bytes` as `SESSION.ext` beside the session file, or under the first name that is
    /// free or vsm's own export; returns where it went.
    pub fn write_beside(&self, session: &Path, ext: &str, bytes: &[u8]) -> Result<PathBuf, String> {
        let dir = session.parent().unwrap_or(Path::new(""));
        let stem = session
            .file_stem()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_else(|| "session".into());
        let the_session = same_file_as(session);
        let candidates =
            std::iter::once(dir.join(format!("{stem}.{ext}"))).chain((1..100).map(|n| match n {
                1 => dir.join(format!("{stem}-export.{ext}")),
                n => dir.join(format!("{stem}-export-{n}.{ext}")),
            }));
        for target in candidates {
            if the_session(&target) {
                continue;
            }
            // An export is never readable by more people than the session it shows.
            let how = writer::How {
                mode_like: Some(session),
                ..writer::How::own()
            };
            let written = if !disk::is_taken(&target) {
                writer::write(
                    &target,
                    bytes,
                    &writer::How {
                        expect: writer::Expect::Absent,
                        ..how
                    },
                )
            } else if self.made_by_vsm(&target) {
                writer::write(&target, bytes, &how)
            } else {
                continue;
            };
            written.map_err(|e| e.to_string())?;
            self.remember(&target, bytes);
            return Ok(target);
        }
        Err(format!(
            "every export name beside {} is taken by other files",
            session.display()
        ))
    }
}

/// A test for "is this the session file", links and `./` followed.
fn same_file_as(session: &Path) -> impl Fn(&Path) -> bool {
    let real = std::fs::canonicalize(session).ok();
    let given = session.to_path_buf();
    move |path: &Path| path == given || (real.is_some() && std::fs::canonicalize(path).ok() == real)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_export_never_replaces_the_session_file_or_a_users_file() {
        let dir = tempfile::tempdir().unwrap();
        let state = dir.path().join("state");
        let exports = Exports::new(Some(&state));
        // A session named notes.md: the Markdown export must not go over it.
        let session = dir.path().join("notes.md");
        std::fs::write(&session, "the session").unwrap();
        let first = exports.write_beside(&session, "md", b"export 1").unwrap();
        assert_eq!(std::fs::read_to_string(&session).unwrap(), "the session");
        assert_eq!(first, dir.path().join("notes-export.md"));
        // Exporting again replaces vsm's own export.
        assert_eq!(
            exports.write_beside(&session, "md", b"export 2").unwrap(),
            first
        );
        assert_eq!(std::fs::read_to_string(&first).unwrap(), "export 2");
        // Once the user edits it, it is theirs.
        std::fs::write(&first, "my notes").unwrap();
        let third = exports.write_beside(&session, "md", b"export 3").unwrap();
        assert_eq!(std::fs::read_to_string(&first).unwrap(), "my notes");
        assert_eq!(third, dir.path().join("notes-export-2.md"));
    }

    #[cfg(unix)]
    #[test]
    fn an_export_never_writes_through_a_planted_link() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim.txt");
        std::fs::write(&victim, "precious").unwrap();
        let session = dir.path().join("ws.ron");
        std::os::unix::fs::symlink(&victim, dir.path().join("ws.html")).unwrap();
        let exports = Exports::new(Some(dir.path()));
        let went = exports.write_beside(&session, "html", b"<html>").unwrap();
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
        assert_eq!(went, dir.path().join("ws-export.html"));
    }

    #[cfg(unix)]
    #[test]
    fn an_export_keeps_the_mode_of_its_session() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let session = dir.path().join("ws.ron");
        std::fs::write(&session, "map").unwrap();
        std::fs::set_permissions(&session, std::fs::Permissions::from_mode(0o600)).unwrap();
        let exports = Exports::new(Some(dir.path()));
        let went = exports.write_beside(&session, "html", b"<html>").unwrap();
        let mode = std::fs::metadata(&went).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}
