//! Session files: RON with a format `version`, loaded with errors that say where and what,
//! saved atomically so a crash never leaves half a file.

use std::fmt;
use std::io::Write;
use std::path::Path;

use ron::ser::PrettyConfig;
use serde::Deserialize;

use crate::model::Session;
use crate::model::session::FORMAT_VERSION;

/// Larger files are refused before parsing: a workshop map is a few kilobytes.
const MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq)]
pub struct LoadError {
    pub source: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.source)?;
        if let (Some(line), Some(column)) = (self.line, self.column) {
            write!(f, ":{line}:{column}")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl LoadError {
    fn whole(source: &str, message: impl Into<String>) -> LoadError {
        LoadError {
            source: source.into(),
            line: None,
            column: None,
            message: message.into(),
        }
    }
}

pub fn load(path: &Path) -> Result<Session, LoadError> {
    let name = path.display().to_string();
    let metadata = std::fs::metadata(path)
        .map_err(|e| LoadError::whole(&name, format!("cannot open: {e}")))?;
    if metadata.len() > MAX_FILE_BYTES {
        return Err(LoadError::whole(
            &name,
            format!(
                "is {} MB; a session file is at most {} MB: is this the right file?",
                metadata.len() / (1024 * 1024),
                MAX_FILE_BYTES / (1024 * 1024)
            ),
        ));
    }
    let bytes =
        std::fs::read(path).map_err(|e| LoadError::whole(&name, format!("cannot read: {e}")))?;
    let text = String::from_utf8(bytes).map_err(|_| {
        LoadError::whole(
            &name,
            "is not a text file: a session file is RON text written by vsm",
        )
    })?;
    parse(&text, &name)
}

#[derive(Deserialize)]
struct VersionOnly {
    version: u32,
}

pub fn parse(text: &str, source: &str) -> Result<Session, LoadError> {
    if text.trim().is_empty() {
        return Err(LoadError::whole(
            source,
            "is empty: a session file starts with `(version: 1, title: ...`",
        ));
    }
    let ron_error = |error: ron::error::SpannedError| LoadError {
        source: source.into(),
        line: Some(error.span.start.line),
        column: Some(error.span.start.col),
        message: format!("{}", error.code),
    };
    let newer = |version: u32| {
        LoadError::whole(
            source,
            format!(
                "was written in session format version {version}, this vsm reads up to version {FORMAT_VERSION}: update vsm to open it"
            ),
        )
    };
    // Parse once; only a file that does not parse is read again for its version, so a newer
    // format is named as such rather than as a syntax error.
    let session: Session = match ron::from_str(text) {
        Ok(session) => session,
        Err(error) => {
            return Err(match ron::from_str::<VersionOnly>(text) {
                Ok(found) if found.version > FORMAT_VERSION => newer(found.version),
                _ => ron_error(error),
            });
        }
    };
    if session.version > FORMAT_VERSION {
        return Err(newer(session.version));
    }
    session
        .validate()
        .map_err(|message| LoadError::whole(source, message))?;
    Ok(session)
}

pub fn to_ron(session: &Session) -> String {
    let config = PrettyConfig::new().struct_names(false);
    ron::ser::to_string_pretty(session, config).expect("a session always serializes") + "\n"
}

/// How many earlier versions of a session file are kept (`FILE.1.bak` newest).
pub const BACKUPS: usize = 3;

pub fn backup_path(path: &Path, n: usize) -> std::path::PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    path.with_file_name(format!("{name}.{n}.bak"))
}

/// Shifts `FILE.1.bak`..`FILE.N.bak` along and copies the file on disk to `FILE.1.bak`.
pub fn rotate_backups(path: &Path) -> Result<(), String> {
    if !path.exists() {
        return Ok(());
    }
    for n in (1..BACKUPS).rev() {
        let from = backup_path(path, n);
        if from.exists() {
            std::fs::rename(&from, backup_path(path, n + 1))
                .map_err(|e| format!("cannot keep a backup of {}: {e}", path.display()))?;
        }
    }
    std::fs::copy(path, backup_path(path, 1))
        .map(|_| ())
        .map_err(|e| format!("cannot keep a backup of {}: {e}", path.display()))
}

/// Writes the session through a temporary file in the same folder, synced and renamed into
/// place, so the file on disk is always either the old or the new version.
pub fn save(path: &Path, session: &Session) -> Result<(), String> {
    let text = to_ron(session);
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .map_err(|e| format!("cannot create folder {}: {e}", parent.display()))?;
    }
    let mut file = atomic_write_file::AtomicWriteFile::open(path)
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    file.write_all(text.as_bytes())
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    // Commit syncs the temporary file, renames it into place and syncs the folder.
    file.commit()
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_round_trips_through_ron() {
        let demo = crate::session::demo();
        let again = parse(&to_ron(&demo), "again").unwrap();
        assert_eq!(demo, again);
    }

    #[test]
    fn errors_say_where_and_what() {
        let error = parse("(version: 1, title: 5)", "x.ron").unwrap_err();
        assert_eq!(error.line, Some(1));
        assert!(error.to_string().starts_with("x.ron:1:"), "{error}");

        let error = parse("", "x.ron").unwrap_err();
        assert!(error.to_string().contains("is empty"));

        let error = parse("(version: 9, title: \"t\")", "x.ron").unwrap_err();
        assert!(error.message.contains("version 9"), "{error}");
        assert!(error.message.contains("up to version 1"), "{error}");
    }

    #[test]
    fn lead_time_shorter_than_process_time_in_a_file_is_refused() {
        let text = crate::session::DEMO_RON.replacen("lead_time: \"4d\"", "lead_time: \"1d\"", 1);
        let error = parse(&text, "x.ron").unwrap_err();
        assert!(error.message.contains("Code the feature"), "{error}");
        assert!(error.message.contains("lead time"), "{error}");
    }
}
