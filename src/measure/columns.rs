//! Which column of a tracker's export holds the item, the state, the time, the type and the
//! title. Header names are compared without case, spaces, `_`, `-`, `.` or a `System.` prefix
//! (so `toState`, `To Status`, `to_state` and `System.State` are found); each role has its
//! names from the most specific to the least, and a transition column (`To Status`) wins over
//! a current-status column (`Status`). The facilitator can name any column instead.

/// A header name reduced to what is compared: lower-case letters and digits only, without a
/// leading `System.` (Azure DevOps) or byte-order mark.
pub fn key(header: &str) -> String {
    let header = header.trim().trim_start_matches('\u{feff}').trim();
    let header = match header.get(..7) {
        Some(prefix) if prefix.eq_ignore_ascii_case("system.") => &header[7..],
        _ => header,
    };
    header
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

pub const ITEM_NAMES: &[&str] = &[
    "item",
    "item id",
    "issue key",
    "key",
    "identifier",
    "work item id",
    "issue id",
    "issue",
    "issue number",
    "ticket",
    "story",
    "story id",
    "work item",
    "pull request",
    "pr",
    "number",
    "id",
];
/// Transition columns: the state an item moved to at that row's time.
pub const TRANSITION_NAMES: &[&str] = &[
    "to status",
    "to state",
    "new state",
    "new status",
    "to status name",
    "to state name",
    "to",
];
/// Current-state columns: on a history export, the item's state today on every row.
pub const CURRENT_STATE_NAMES: &[&str] = &["state", "status", "status name", "state name"];
/// Most specific first: a status transition date over the date a row was changed.
pub const TIME_NAMES: &[&str] = &[
    "status transition date",
    "state transition date",
    "transition date",
    "state change date",
    "state changed date",
    "status change date",
    "status changed date",
    "entered at",
    "entered",
    "changed at",
    "date changed",
    "changed date",
    "changed",
    "timestamp",
    "time",
    "at",
    "date",
    "updated at",
    "updated",
    "created at",
    "created",
    "created date",
];
pub const TYPE_NAMES: &[&str] = &["type", "issue type", "work item type", "item type", "kind"];
pub const TITLE_NAMES: &[&str] = &["title", "summary", "name", "subject"];

/// Columns the facilitator named (`--column state=To Status,...`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Named {
    pub item: Option<String>,
    pub state: Option<String>,
    pub time: Option<String>,
    pub kind: Option<String>,
    pub title: Option<String>,
}

impl Named {
    /// `item=Key,state=To Status,time=Date,type=Issue Type,title=Summary`.
    pub fn parse(text: &str) -> Result<Named, String> {
        let mut named = Named::default();
        for pair in text.split(',').filter(|p| !p.trim().is_empty()) {
            let Some((role, name)) = pair.split_once('=') else {
                return Err(format!(
                    "--column {pair}: write ROLE=NAME, e.g. --column state='To Status'"
                ));
            };
            let slot = match role.trim().to_lowercase().as_str() {
                "item" => &mut named.item,
                "state" | "status" => &mut named.state,
                "time" | "date" => &mut named.time,
                "type" | "kind" => &mut named.kind,
                "title" | "summary" => &mut named.title,
                other => {
                    return Err(format!(
                        "--column {other}=...: the roles are item, state, time, type and title"
                    ));
                }
            };
            *slot = Some(name.trim().to_string());
        }
        Ok(named)
    }
}

/// The columns chosen (0-based), with the header names as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chosen {
    pub item: usize,
    pub state: usize,
    pub time: usize,
    pub kind: Option<usize>,
    pub title: Option<usize>,
    /// A current-status column that was passed over for the transition column.
    pub current_state: Option<usize>,
    pub headers: Vec<String>,
}

impl Chosen {
    pub fn name(&self, index: usize) -> &str {
        self.headers[index].trim().trim_start_matches('\u{feff}')
    }
}

fn best(keys: &[String], names: &[&str], taken: &[usize]) -> Option<usize> {
    names.iter().find_map(|name| {
        let wanted = key(name);
        keys.iter()
            .enumerate()
            .position(|(i, k)| *k == wanted && !taken.contains(&i))
    })
}

fn named_column(headers: &[String], keys: &[String], name: &str) -> Result<usize, String> {
    headers
        .iter()
        .position(|h| h.trim().eq_ignore_ascii_case(name.trim()))
        .or_else(|| keys.iter().position(|k| *k == key(name)))
        .ok_or_else(|| {
            format!(
                "--column: there is no column '{name}' (found: {})",
                headers.join(", ")
            )
        })
}

/// Chooses the columns of `headers`; `named` ones first. Errors say which role has no column
/// and what names would be found.
pub fn choose(headers: Vec<String>, named: &Named) -> Result<Chosen, String> {
    let keys: Vec<String> = headers.iter().map(|h| key(h)).collect();
    let pick = |choice: &Option<String>, names: &[&str], taken: &[usize]| match choice {
        Some(name) => named_column(&headers, &keys, name).map(Some),
        None => Ok(best(&keys, names, taken)),
    };
    let missing = |what: &str, names: &[&[&str]]| {
        let names: Vec<&str> = names.iter().flat_map(|n| n.iter().copied()).collect();
        format!(
            "no column for {what}: name it one of {}, or say which with --column (found: {})",
            names.join(", "),
            headers.join(", ")
        )
    };
    let item = pick(&named.item, ITEM_NAMES, &[])?
        .ok_or_else(|| missing("the work item", &[ITEM_NAMES]))?;
    let transition = best(&keys, TRANSITION_NAMES, &[item]);
    let current = best(&keys, CURRENT_STATE_NAMES, &[item]);
    let state = match &named.state {
        Some(name) => named_column(&headers, &keys, name)?,
        None => transition
            .or(current)
            .ok_or_else(|| missing("the state", &[TRANSITION_NAMES, CURRENT_STATE_NAMES]))?,
    };
    let time = pick(&named.time, TIME_NAMES, &[item, state])?
        .ok_or_else(|| missing("the time a state was entered", &[TIME_NAMES]))?;
    let kind = pick(&named.kind, TYPE_NAMES, &[item, state, time])?;
    let title = pick(&named.title, TITLE_NAMES, &[item, state, time])?;
    Ok(Chosen {
        item,
        state,
        time,
        kind,
        title,
        current_state: current.filter(|c| *c != state),
        headers,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(text: &str) -> Vec<String> {
        text.split(',').map(str::to_string).collect()
    }

    #[test]
    fn header_names_are_compared_without_case_spaces_or_prefixes() {
        assert_eq!(key("System.State"), "state");
        assert_eq!(key("toState"), key("To State"));
        assert_eq!(key("\u{feff}Changed_At"), key("changed at"));
        assert_eq!(key("Work-Item-Type"), "workitemtype");
    }

    #[test]
    fn a_transition_column_wins_and_the_most_specific_time() {
        let jira = choose(
            headers("Issue key,Summary,Issue Type,Status,From Status,To Status,Date,Created"),
            &Named::default(),
        )
        .unwrap();
        assert_eq!(jira.name(jira.state), "To Status");
        assert_eq!(jira.name(jira.time), "Date");
        assert_eq!(jira.current_state.map(|c| jira.name(c)), Some("Status"));
        assert_eq!((jira.kind, jira.title), (Some(2), Some(1)));
        let ado = choose(
            headers("ID,Rev,Work Item Type,Title,System.State,Changed Date,State Change Date"),
            &Named::default(),
        )
        .unwrap();
        assert_eq!(
            (ado.name(ado.item), ado.name(ado.state), ado.name(ado.time)),
            ("ID", "System.State", "State Change Date")
        );
        let linear = choose(
            headers("id,identifier,title,fromState,toState,createdAt"),
            &Named::default(),
        )
        .unwrap();
        assert_eq!(
            (linear.name(linear.item), linear.name(linear.state)),
            ("identifier", "toState")
        );
    }

    #[test]
    fn the_facilitator_names_columns() {
        let named = Named::parse("state=Status, time = created").unwrap();
        let chosen = choose(headers("Key,Status,To Status,Date,Created"), &named).unwrap();
        assert_eq!(
            (chosen.name(chosen.state), chosen.name(chosen.time)),
            ("Status", "Created")
        );
        let error = choose(
            headers("Key,Status,Date"),
            &Named::parse("time=When").unwrap(),
        )
        .unwrap_err();
        assert!(error.contains("no column 'When'"), "{error}");
        assert!(Named::parse("colour=x").unwrap_err().contains("roles are"));
        let error = choose(headers("Key,Status"), &Named::default()).unwrap_err();
        assert!(error.contains("--column") && error.contains("found: Key, Status"));
    }
}
