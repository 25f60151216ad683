//! An event log from a local git repository's merged pull requests (rules of the data README
//! and DESIGN.md "Measured flow"): one item per "Merge pull request #N" commit on the main line
//! (first parent; every merge with `all_merges`), entering
//! Coding at the earliest author date of the pull request's own commits,
//! Review at the latest committer date of those commits,
//! Awaiting release at the merge commit's committer date,
//! Released at the creation date of the earliest tag (by creation date) that contains the merge.
//!
//! History is read with gix (`read`), never by running `git`: measuring someone else's
//! repository must not run what its config names, nor pass what its commits say as arguments.
//! The rules themselves (`history`) work on what was read, without I/O.

pub mod history;
pub mod read;

use std::path::Path;

use chrono::NaiveDate;

pub use history::Walk;
pub use read::{Progress, Quiet};

pub const STATES: [&str; 4] = ["Coding", "Review", "Awaiting release", "Released"];

/// One row of the derived log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GitEvent {
    pub item: String,
    pub kind: &'static str,
    pub title: String,
    pub state: &'static str,
    /// ISO 8601 with the offset git recorded.
    pub at: String,
}

/// The words (whole words, any case) that make a title a defect.
const DEFECT_WORDS: &[&str] = &[
    "fix",
    "fixes",
    "fixed",
    "fixing",
    "bugfix",
    "bugfixes",
    "hotfix",
    "bug",
    "bugs",
    "regression",
    "regressions",
    "panic",
    "panics",
    "panicking",
    "crash",
    "crashes",
    "crashed",
    "crashing",
];

/// The words (whole words, any case) that make a title debt.
const DEBT_WORDS: &[&str] = &[
    "refactor",
    "refactors",
    "refactored",
    "refactoring",
    "clean",
    "cleans",
    "cleaned",
    "cleaning",
    "cleanup",
    "cleanups",
    "lint",
    "lints",
    "linting",
    "clippy",
    "ci",
    "dependency",
    "dependencies",
    "deps",
    "dep",
    "bump",
    "bumps",
    "bumped",
    "doc",
    "docs",
    "documentation",
    "readme",
    "test",
    "tests",
    "testing",
    "typo",
    "typos",
];

/// `defect` when the title says fix, bug, regression, panic or crash; `debt` for refactoring,
/// cleanup, lints, CI, dependencies, docs and tests; `feature` otherwise. Whole words only
/// (an identifier such as `serde_test` is one word): "bugreport" is no defect and "CITATION"
/// no debt.
pub fn kind_of(title: &str) -> &'static str {
    let lower = title.to_lowercase();
    let has = |list: &[&str]| {
        lower
            .split(|c: char| !c.is_alphanumeric() && c != '_')
            .any(|w| list.contains(&w))
    };
    if has(DEFECT_WORDS) {
        "defect"
    } else if has(DEBT_WORDS) {
        "debt"
    } else {
        "feature"
    }
}

/// Derives the log of the repository at (or above) `repo`, for pull requests merged on or
/// after `since` (local midnight), from the main line.
pub fn derive(repo: &Path, since: Option<NaiveDate>) -> Result<Vec<GitEvent>, String> {
    derive_with(repo, since, false, &mut Quiet)
}

/// [`derive`], with every merge reachable from HEAD if `all_merges`, and progress shown (and
/// cancelled) through `progress`.
pub fn derive_with(
    repo: &Path,
    since: Option<NaiveDate>,
    all_merges: bool,
    progress: &mut dyn Progress,
) -> Result<Vec<GitEvent>, String> {
    let history = read::history(repo, progress)?;
    let walk = Walk {
        all_merges,
        since: since.map(local_midnight),
    };
    let events = events(&history::pull_requests(&history, walk));
    if events.is_empty() {
        let since = since.map_or(String::new(), |day| format!(" since {day}"));
        let line = if all_merges {
            "reachable from HEAD"
        } else {
            "on the main line (first parents from HEAD; --all-merges takes every merge)"
        };
        return Err(format!(
            "{}: no merged pull requests found{since}: vsm recognises them by merge commits \
             {line} whose subject starts \"Merge pull request #N\" (as GitHub writes them) \
             and that bring in commits of their own; give a CSV log with --events otherwise",
            repo.display()
        ));
    }
    Ok(events)
}

/// The first instant of `day` in this computer's time zone.
fn local_midnight(day: NaiveDate) -> i64 {
    let midnight = day.and_time(chrono::NaiveTime::MIN);
    midnight
        .and_local_timezone(chrono::Local)
        .earliest()
        .map_or_else(|| midnight.and_utc().timestamp(), |t| t.timestamp())
}

/// The rows of the log: one per state each pull request entered, in the order of the states.
pub fn events(pull_requests: &[history::PullRequest]) -> Vec<GitEvent> {
    let mut events = Vec::new();
    for pr in pull_requests {
        let kind = kind_of(&pr.title);
        let times = [
            Some(pr.coding),
            Some(pr.review),
            Some(pr.merged),
            pr.released,
        ];
        for (state, at) in STATES.iter().zip(times) {
            let Some(at) = at else { continue };
            events.push(GitEvent {
                item: pr.item.clone(),
                kind,
                title: pr.title.clone(),
                state,
                at: at.iso(),
            });
        }
    }
    events
}

/// The log as CSV, with the columns of `../shared/data/serde-prs.csv`.
pub fn to_csv(events: &[GitEvent]) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let _ = writer.write_record(["item", "type", "title", "state", "at"]);
    for e in events {
        let _ = writer.write_record([e.item.as_str(), e.kind, &e.title, e.state, &e.at]);
    }
    String::from_utf8(writer.into_inner().unwrap_or_default()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_come_from_whole_words_of_the_title() {
        assert_eq!(kind_of("Fix panic on empty map"), "defect");
        assert_eq!(kind_of("Fixes #12"), "defect");
        assert_eq!(kind_of("Update the readme"), "debt");
        assert_eq!(kind_of("Resolve clippy lints"), "debt");
        assert_eq!(kind_of("Use SVG version of Travis CI badge"), "debt");
        assert_eq!(kind_of("Support i128"), "feature");
        assert_eq!(kind_of("Add a bugreport template"), "feature");
        assert_eq!(kind_of("Add CITATION.cff"), "feature");
        assert_eq!(kind_of("Prefixed names"), "feature");
        assert_eq!(kind_of("serde_test requires serde 1.0.16"), "feature");
    }
}
