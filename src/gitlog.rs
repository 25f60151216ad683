//! An event log from a local git repository's merged pull requests (rules of the data README):
//! one item per "Merge pull request #N" commit, entering
//! Coding at the earliest author date of the pull request's own commits,
//! Review at the latest committer date of those commits,
//! Awaiting release at the merge commit's committer date,
//! Released at the creation date of the earliest tag (by creation date) that contains the merge.
//!
//! Runs the `git` program rather than a library: it is where the repository is, reads every
//! repository format and pack the user's git does, and keeps gix's or libgit2's build weight
//! out of a terminal app for one headless command.

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

use chrono::NaiveDate;

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

fn git(repo: &Path, args: &[&str]) -> Result<String, String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(repo)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run git ({e}): install git or use --events with a CSV log"))?;
    if !output.status.success() {
        return Err(format!(
            "{}: git {} failed: {}",
            repo.display(),
            args.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

struct Merge {
    hash: String,
    parents: Vec<String>,
    merged_at: String,
    number: String,
    title: String,
}

/// The pull request number of a merge subject "Merge pull request #12 from ...".
fn number(subject: &str) -> Option<String> {
    let rest = subject.strip_prefix("Merge pull request #")?;
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    (!digits.is_empty()).then_some(digits)
}

/// `defect` when the title says fix, bug, regression, panic or crash; `debt` for refactoring,
/// cleanup, lints, CI, dependencies, docs and tests; `feature` otherwise.
pub fn kind_of(title: &str) -> &'static str {
    let lower = title.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let starts = |prefixes: &[&str]| {
        words
            .iter()
            .any(|w| prefixes.iter().any(|p| w.starts_with(p)))
    };
    if starts(&["fix", "bug", "regression", "panic", "crash"]) {
        "defect"
    } else if starts(&[
        "refactor",
        "clean",
        "lint",
        "clippy",
        "ci",
        "dependenc",
        "deps",
        "bump",
        "doc",
        "readme",
        "test",
        "typo",
    ]) {
        "debt"
    } else {
        "feature"
    }
}

/// Derives the log of the repository at `repo`, for pull requests merged on or after `since`.
pub fn derive(repo: &Path, since: Option<NaiveDate>) -> Result<Vec<GitEvent>, String> {
    let mut args = vec![
        "log".to_string(),
        "--merges".into(),
        "--format=%H%x1f%P%x1f%cI%x1f%s%x1f%b%x1e".into(),
    ];
    if let Some(day) = since {
        args.push(format!("--since={day}T00:00:00"));
    }
    args.push("HEAD".into());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let text = git(repo, &args)?;
    let mut merges = Vec::new();
    for record in text.split('\u{1e}') {
        let fields: Vec<&str> = record.trim_start_matches('\n').split('\u{1f}').collect();
        let [hash, parents, merged_at, subject, body] = fields[..] else {
            continue;
        };
        let Some(number) = number(subject) else {
            continue;
        };
        let title = body
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty())
            .unwrap_or(subject)
            .to_string();
        merges.push(Merge {
            hash: hash.into(),
            parents: parents.split_whitespace().map(String::from).collect(),
            merged_at: merged_at.into(),
            number,
            title,
        });
    }
    let released = release_dates(repo, &merges)?;
    let mut events = Vec::new();
    for merge in merges.iter().rev() {
        let [first, second, ..] = &merge.parents[..] else {
            continue;
        };
        let range = format!("{first}..{second}");
        let own = git(repo, &["log", "--format=%aI%x1f%cI", &range])?;
        let mut authored: Option<(i64, String)> = None;
        let mut pushed: Option<(i64, String)> = None;
        for line in own.lines() {
            let Some((author, committer)) = line.split_once('\u{1f}') else {
                continue;
            };
            let (a, c) = (seconds(author)?, seconds(committer)?);
            if authored.as_ref().is_none_or(|(t, _)| a < *t) {
                authored = Some((a, author.into()));
            }
            if pushed.as_ref().is_none_or(|(t, _)| c > *t) {
                pushed = Some((c, committer.into()));
            }
        }
        let (Some((_, coding)), Some((_, review))) = (authored, pushed) else {
            continue;
        };
        let mut times = vec![coding, review, merge.merged_at.clone()];
        if let Some(release) = released.get(&merge.hash) {
            times.push(release.clone());
        }
        for (state, at) in STATES.iter().zip(times) {
            events.push(GitEvent {
                item: format!("#{}", merge.number),
                kind: kind_of(&merge.title),
                title: merge.title.clone(),
                state,
                at,
            });
        }
    }
    if events.is_empty() {
        let since = since.map_or(String::new(), |day| format!(" since {day}"));
        return Err(format!(
            "{}: no merged pull requests found{since}: vsm recognises them by merge commits \
             reachable from HEAD whose subject starts \"Merge pull request #N\" (as GitHub \
             writes them) and that bring in commits of their own; give a CSV log with --events \
             otherwise",
            repo.display()
        ));
    }
    Ok(events)
}

fn seconds(iso: &str) -> Result<i64, String> {
    super::measure::time::parse(iso, 0)
}

/// For each merge, the creation date of the earliest tag (by creation date) containing it.
fn release_dates(repo: &Path, merges: &[Merge]) -> Result<HashMap<String, String>, String> {
    let tags = git(
        repo,
        &[
            "for-each-ref",
            "--format=%(refname)%1f%(creatordate:iso-strict)",
            "refs/tags",
        ],
    )?;
    let mut tags: Vec<(i64, &str, &str)> = tags
        .lines()
        .filter_map(|l| l.split_once('\u{1f}'))
        .filter_map(|(name, date)| Some((seconds(date).ok()?, name, date)))
        .collect();
    tags.sort();
    let mut waiting: std::collections::HashSet<&str> =
        merges.iter().map(|m| m.hash.as_str()).collect();
    let mut released = HashMap::new();
    for (_, name, date) in tags {
        if waiting.is_empty() {
            break;
        }
        let commits = git(repo, &["rev-list", name])?;
        for commit in commits.lines() {
            if waiting.remove(commit) {
                released.insert(commit.to_string(), date.to_string());
            }
        }
    }
    Ok(released)
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
    fn types_come_from_the_title() {
        assert_eq!(kind_of("Fix panic on empty map"), "defect");
        assert_eq!(kind_of("Update the readme"), "debt");
        assert_eq!(kind_of("Resolve clippy lints"), "debt");
        assert_eq!(kind_of("Support i128"), "feature");
        assert_eq!(number("Merge pull request #42 from a/b"), Some("42".into()));
        assert_eq!(number("Merge branch 'x'"), None);
    }
}
