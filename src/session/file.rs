//! Session files: RON with a format `version`, loaded with errors that say where and what,
//! saved atomically so a crash never leaves half a file.

use std::fmt;
use std::path::Path;

use ron::ser::PrettyConfig;
use serde::Deserialize;

use crate::model::Session;
use crate::model::session::FORMAT_VERSION;

use super::disk::{self, MAX_FILE_BYTES};

/// Sessions whose pretty text would pass this size are written compact (one line): a large
/// map then stays well inside the size rule.
const PRETTY_UP_TO_BYTES: usize = 1024 * 1024;

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
    let bytes = read_session_bytes(path, &name)?;
    parse_bytes(&bytes, &name)
}

/// The bytes of a session file, within the size rule; pipes, devices and folders refused.
pub fn read_session_bytes(path: &Path, name: &str) -> Result<Vec<u8>, LoadError> {
    disk::read_capped(path, MAX_FILE_BYTES)
        .map_err(|e| LoadError::whole(name, e.message(MAX_FILE_BYTES)))
}

/// Standard input (`-`) read as a session file.
pub fn read_stdin() -> Result<Session, LoadError> {
    let bytes = disk::read_stdin_capped(MAX_FILE_BYTES)
        .map_err(|e| LoadError::whole("standard input", e.message(MAX_FILE_BYTES)))?;
    parse_bytes(&bytes, "standard input")
}

/// Session text as UTF-8, with or without a byte order mark.
pub fn parse_bytes(bytes: &[u8], name: &str) -> Result<Session, LoadError> {
    let text = std::str::from_utf8(bytes).map_err(|_| {
        LoadError::whole(
            name,
            "is not a text file: a session file is RON text written by vsm",
        )
    })?;
    parse(text, name)
}

/// Refuses a session vsm could not read back.
pub fn check_size(bytes: u64) -> Result<(), String> {
    if bytes > MAX_FILE_BYTES {
        return Err(format!(
            "the session is {} MB, over the {} MB a session file may have: split the map into \
             several sessions",
            bytes / (1024 * 1024),
            MAX_FILE_BYTES / (1024 * 1024)
        ));
    }
    Ok(())
}

#[derive(Deserialize)]
struct VersionOnly {
    version: u32,
}

pub fn parse(text: &str, source: &str) -> Result<Session, LoadError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
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
    crate::model::checks::check(&session, text).map_err(|problem| LoadError {
        source: source.into(),
        line: problem.line,
        column: problem.column,
        message: problem.message,
    })?;
    Ok(session)
}

/// The session as RON: pretty (one field a line) for hand reading and clean diffs, compact
/// for large maps.
pub fn to_ron(session: &Session) -> String {
    // A link to a deleted step would make the file refused at the next opening.
    let mut tidy = std::borrow::Cow::Borrowed(session);
    if session.has_dangling_links() {
        tidy.to_mut().drop_dangling_links();
    }
    let session = tidy.as_ref();
    let compact = ron::ser::to_string(session).expect("a session always serializes");
    // Pretty printing multiplies the size by about four with nesting.
    if compact.len() * 4 > PRETTY_UP_TO_BYTES {
        return compact + "\n";
    }
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

/// Shifts `FILE.1.bak`..`FILE.N.bak` along and writes `previous` as a new `FILE.1.bak`,
/// never through a link planted there.
pub fn keep_backup(path: &Path, previous: &[u8]) -> Result<std::path::PathBuf, String> {
    let fail = |e: std::io::Error| format!("cannot keep a backup of {}: {e}", path.display());
    for n in (1..BACKUPS).rev() {
        let from = backup_path(path, n);
        if disk::is_taken(&from) {
            std::fs::rename(&from, backup_path(path, n + 1)).map_err(fail)?;
        }
    }
    let newest = backup_path(path, 1);
    disk::write_new(&newest, previous).map_err(fail)?;
    // A backup is never readable by more people than the session it keeps.
    if let Ok(meta) = std::fs::metadata(path) {
        let _ = std::fs::set_permissions(&newest, meta.permissions());
    }
    Ok(newest)
}

/// Writes the session to a file vsm owns, such as a recovery file (atomically: the file on
/// disk is always either the old or the new version; only the user may read it; never through
/// a link). Refuses a session too big to read back.
pub fn save(path: &Path, session: &Session) -> Result<(), String> {
    let text = to_ron(session);
    check_size(text.len() as u64)?;
    super::writer::write(path, text.as_bytes(), &super::writer::How::private())
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// Writes the session to `path`, which must not exist yet (imports, "save mine elsewhere").
pub fn save_new(path: &Path, session: &Session) -> Result<(), String> {
    let text = to_ron(session);
    check_size(text.len() as u64)?;
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .map_err(|e| format!("cannot create folder {}: {e}", parent.display()))?;
    }
    disk::write_new(path, text.as_bytes())
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn a_backup_keeps_the_mode_of_its_session() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ws.ron");
        std::fs::write(&path, "old").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        let backup = keep_backup(&path, b"old").unwrap();
        let mode = std::fs::metadata(backup).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o640);
    }

    #[test]
    fn the_demo_round_trips_through_ron() {
        let demo = crate::session::demo();
        let again = parse(&to_ron(&demo), "again").unwrap();
        assert_eq!(demo, again);
    }

    #[test]
    fn a_written_session_always_opens_again() {
        // Deleting the future map leaves ideas linked to its steps; deleting a current step
        // leaves a future step pointing at it.
        let mut session = crate::session::demo();
        let mut future = session.future.take().unwrap();
        assert!(parse(&to_ron(&session), "no future").is_ok());
        future.stages[0].steps[0].from = Some(999);
        session.future = Some(future);
        let again = parse(&to_ron(&session), "from gone").unwrap();
        assert_eq!(again.future.unwrap().stages[0].steps[0].from, None);
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
