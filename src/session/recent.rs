//! The list of recently opened sessions shown on the start screen, newest first.

use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

const FILE_NAME: &str = "recent.ron";
const KEEP: usize = 20;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecentSession {
    pub path: PathBuf,
    pub title: String,
    pub opened: NaiveDateTime,
    #[serde(default)]
    pub held_on: Option<chrono::NaiveDate>,
    #[serde(default)]
    pub last_changed: Option<NaiveDateTime>,
}

pub fn list(data_dir: &Path) -> Vec<RecentSession> {
    std::fs::read_to_string(data_dir.join(FILE_NAME))
        .ok()
        .and_then(|text| ron::from_str::<Vec<RecentSession>>(&text).ok())
        .unwrap_or_default()
}

/// Takes `path` off the list; the file itself stays.
pub fn forget(data_dir: &Path, path: &Path) -> Result<(), String> {
    let mut entries = list(data_dir);
    if !entries.iter().any(|e| e.path == path) {
        // Nothing to write: a folder without the entry (or without a list) stays as it is.
        return Ok(());
    }
    entries.retain(|e| e.path != path);
    write(data_dir, &entries)
}

/// Puts `entry` first, dropping older entries for the same file; keeps the newest few.
pub fn remember(data_dir: &Path, entry: RecentSession) -> Result<(), String> {
    let mut entries = list(data_dir);
    entries.retain(|e| e.path != entry.path);
    entries.insert(0, entry);
    entries.sort_by_key(|e| std::cmp::Reverse(e.opened));
    entries.truncate(KEEP);
    write(data_dir, &entries)
}

fn write(data_dir: &Path, entries: &[RecentSession]) -> Result<(), String> {
    let text = ron::ser::to_string_pretty(&entries, ron::ser::PrettyConfig::new())
        .map_err(|e| e.to_string())?;
    std::fs::create_dir_all(data_dir).map_err(|e| e.to_string())?;
    let mut file = atomic_write_file::AtomicWriteFile::open(data_dir.join(FILE_NAME))
        .map_err(|e| e.to_string())?;
    std::io::Write::write_all(&mut file, text.as_bytes()).map_err(|e| e.to_string())?;
    file.commit().map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap()
    }

    #[test]
    fn newest_first_without_duplicates() {
        let dir = tempfile::tempdir().unwrap();
        let entry = |path: &str, when: &str| RecentSession {
            path: path.into(),
            title: path.to_uppercase(),
            opened: at(when),
            held_on: None,
            last_changed: None,
        };
        remember(dir.path(), entry("a.ron", "2026-01-01 10:00")).unwrap();
        remember(dir.path(), entry("b.ron", "2026-01-02 10:00")).unwrap();
        remember(dir.path(), entry("a.ron", "2026-01-03 10:00")).unwrap();
        let paths: Vec<_> = list(dir.path()).into_iter().map(|e| e.path).collect();
        assert_eq!(paths, vec![PathBuf::from("a.ron"), PathBuf::from("b.ron")]);
        forget(dir.path(), Path::new("a.ron")).unwrap();
        let paths: Vec<_> = list(dir.path()).into_iter().map(|e| e.path).collect();
        assert_eq!(paths, vec![PathBuf::from("b.ron")]);
    }
}
