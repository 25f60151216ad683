//! Jira's own history without a CSV step: the JSON that Jira's REST API returns for an issue
//! search with `expand=changelog` (`GET /rest/api/2/search?jql=...&expand=changelog`, or
//! `/rest/api/3/search/jql`), saved as `curl` gives it, one page or several pages one after
//! the other. Each issue's `fields.created` is its first event, into the state its first status
//! change left (or its current `fields.status` when it never moved); each history's status
//! items (`field` "status", `toString`) are events at the history's `created`. Type from
//! `fields.issuetype.name`; titles (`fields.summary`) are not kept. Pages are read one at a time.

use std::io::BufRead;

use serde::Deserialize;

use super::log::{Builder, EventLog, LogError, ReadOptions};
use super::time::{self, Stamp};
use crate::model::measured::LogReading;

#[derive(Deserialize)]
struct Page {
    #[serde(default)]
    issues: Option<Vec<Issue>>,
}

#[derive(Deserialize)]
struct Issue {
    key: Option<String>,
    id: Option<String>,
    #[serde(default)]
    fields: Fields,
    #[serde(default)]
    changelog: Changelog,
}

#[derive(Deserialize, Default)]
struct Fields {
    created: Option<String>,
    issuetype: Option<NamedThing>,
    status: Option<NamedThing>,
}

#[derive(Deserialize)]
struct NamedThing {
    name: Option<String>,
}

#[derive(Deserialize, Default)]
struct Changelog {
    #[serde(default)]
    histories: Vec<History>,
}

#[derive(Deserialize)]
struct History {
    created: Option<String>,
    #[serde(default)]
    items: Vec<Change>,
}

#[derive(Deserialize)]
struct Change {
    field: Option<String>,
    #[serde(rename = "fromString")]
    from: Option<String>,
    #[serde(rename = "toString")]
    to: Option<String>,
}

pub(super) fn read(input: impl BufRead, options: &ReadOptions) -> Result<EventLog, LogError> {
    let mut builder = Builder::new(options);
    *builder.reading() = LogReading {
        item: "issues[].key".into(),
        state: "changelog.histories[].items[].toString (field status)".into(),
        time: "changelog.histories[].created, fields.created".into(),
        kind: Some("fields.issuetype.name".into()),
        title: Some("fields.summary".into()),
        separator: "Jira JSON".into(),
        ..LogReading::default()
    };
    let mut pages = 0;
    for page in serde_json::Deserializer::from_reader(input).into_iter::<Page>() {
        let page = page.map_err(|e| LogError {
            line: e.line() as u64,
            column: None,
            message: format!(
                "not Jira's search JSON ({e}): save what GET /rest/api/2/search?expand=changelog \
                 returns, or export CSV"
            ),
        })?;
        let Some(issues) = page.issues else {
            return Err(LogError {
                line: 0,
                column: None,
                message: "JSON without \"issues\": give the answer of Jira's issue search with \
                          expand=changelog"
                    .into(),
            });
        };
        pages += 1;
        for (number, issue) in issues.into_iter().enumerate() {
            if let Err((reason, message)) = add(&mut builder, issue, number, options) {
                if options.skip_bad {
                    builder.skip(reason);
                    continue;
                }
                return Err(LogError {
                    line: 0,
                    column: None,
                    message: format!("page {pages}, {message}, or run with --skip-bad"),
                });
            }
        }
    }
    builder.finish()
}

fn add(
    builder: &mut Builder,
    issue: Issue,
    number: usize,
    options: &ReadOptions,
) -> Result<(), (&'static str, String)> {
    let Some(key) = issue.key.or(issue.id).filter(|k| !k.trim().is_empty()) else {
        return Err(("no item", format!("issue {}: no key", number + 1)));
    };
    let stamp = |text: &str| {
        time::read(text, options.date_order).map_err(|e| ("bad time", format!("issue {key}: {e}")))
    };
    let mut moves: Vec<(Stamp, Option<String>, String)> = Vec::new();
    for history in &issue.changelog.histories {
        for change in &history.items {
            let is_status = change
                .field
                .as_deref()
                .is_some_and(|f| f.eq_ignore_ascii_case("status"));
            let Some(to) = change
                .to
                .as_deref()
                .filter(|t| is_status && !t.trim().is_empty())
            else {
                continue;
            };
            let Some(created) = &history.created else {
                return Err((
                    "no time",
                    format!("issue {key}: a status change without created"),
                ));
            };
            moves.push((stamp(created)?, change.from.clone(), to.trim().to_string()));
        }
    }
    // Jira lists histories newest first: the first move is the earliest.
    moves.sort_by_key(|(at, ..)| at.civil - i64::from(at.offset.unwrap_or(0)));
    let kind = issue
        .fields
        .issuetype
        .and_then(|t| t.name)
        .unwrap_or_default();
    let first_state = match moves.first() {
        Some((_, from, _)) => from.clone(),
        None => issue.fields.status.and_then(|s| s.name),
    };
    if let (Some(created), Some(state)) = (&issue.fields.created, first_state)
        && !state.trim().is_empty()
    {
        builder
            .push(0, &key, state.trim(), stamp(created)?, &kind)
            .map_err(|e| ("too many states", e))?;
    }
    for (at, _, to) in moves {
        builder
            .push(0, &key, &to, at, &kind)
            .map_err(|e| ("too many states", e))?;
    }
    Ok(())
}
