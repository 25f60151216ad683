//! The deciding half of a session for people and tools: the charter, the ideas ranked with
//! their votes, the impact/effort grid and the action plan, as JSON for `vsm report --json`,
//! as lines for the text report and as Markdown and HTML sections. "Today" is passed in.

use chrono::NaiveDate;
use serde_json::{Value, json};

use super::escape;
use crate::model::action_plan::{ActionItem, FollowUp};
use crate::model::ideas::{self, Idea, Level};
use crate::model::{Session, Step};

/// The decisions as they are shown: ideas ranked, votes only once revealed.
pub struct Plan<'a> {
    pub session: &'a Session,
    pub ideas: Vec<Idea>,
    /// Whether votes may be shown (revealed, or no round at all).
    pub revealed: bool,
    pub today: NaiveDate,
}

impl<'a> Plan<'a> {
    pub fn of(session: &'a Session, today: NaiveDate) -> Plan<'a> {
        let voting = session.decisions.voting.as_ref();
        Plan {
            session,
            ideas: ideas::ranked(ideas::ideas(session)),
            revealed: voting.is_some_and(|v| v.revealed),
            today,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.session.decisions.is_empty()
    }

    fn actions(&self) -> &'a [ActionItem] {
        &self.session.decisions.actions
    }

    fn votes(&self, idea: &Idea) -> Option<u32> {
        self.revealed.then_some(idea.votes)
    }

    fn current_step(&self, id: Option<u64>) -> Option<&'a Step> {
        let at = self.session.current.find(id?)?;
        self.session.current.step(at)
    }

    fn future_step(&self, id: Option<u64>) -> Option<&'a Step> {
        let future = self.session.future.as_ref()?;
        future.step(future.find(id?)?)
    }

    fn idea(&self, id: Option<u64>) -> Option<&Idea> {
        self.ideas.iter().find(|i| Some(i.id) == id)
    }

    pub fn follow_up(&self) -> FollowUp {
        FollowUp::of(self.actions(), self.today)
    }
}

fn level(level: Option<Level>) -> Value {
    json!(level.map(Level::name))
}

/// `charter`, `participants`, `ideas` and `actions` for `vsm report --json`.
pub fn json_keys(plan: &Plan) -> Vec<(&'static str, Value)> {
    let decisions = &plan.session.decisions;
    let charter = &decisions.charter;
    let calendar = &plan.session.calendar;
    let targets: Vec<Value> = charter
        .targets
        .iter()
        .map(|t| {
            let status = t.status(plan.session);
            json!({
                "metric": t.metric.key(),
                "target": t.target.figure(calendar),
                "target_text": t.target.to_string(),
                "by": t.by,
                "current": status.current,
                "future": status.future,
                "measured": status.measured,
                "reached": status.reached,
            })
        })
        .collect();
    let ideas: Vec<Value> = plan
        .ideas
        .iter()
        .map(|i| {
            json!({
                "id": i.id,
                "text": i.text,
                "author": i.author,
                "step": i.step_name,
                "votes": plan.votes(i),
                "impact": level(i.impact),
                "effort": level(i.effort),
                "quick_win": i.quick_win(),
                "action": i.actions,
            })
        })
        .collect();
    let actions: Vec<Value> = plan
        .actions()
        .iter()
        .map(|a| {
            json!({
                "id": a.id,
                "text": a.text,
                "owner": a.owner,
                "due": a.due,
                "status": a.status.name(),
                "overdue": a.overdue(plan.today),
                "measure": a.measure,
                "target": a.target,
                "idea": a.idea,
                "step": plan.current_step(a.step).map(|s| &s.name),
                "future_step": plan.future_step(a.future_step).map(|s| &s.name),
            })
        })
        .collect();
    let follow_up = plan.follow_up();
    vec![
        (
            "charter",
            json!({
                "problem": charter.problem,
                "start": charter.start,
                "end": charter.end,
                "targets": targets,
            }),
        ),
        (
            "participants",
            decisions
                .participants
                .iter()
                .map(|p| json!({"name": p.name, "role": p.role}))
                .collect(),
        ),
        (
            "voting",
            json!(decisions.voting.as_ref().map(|v| json!({
                "dots": v.dots,
                "revealed": v.revealed,
            }))),
        ),
        ("ideas", Value::Array(ideas)),
        ("actions", Value::Array(actions)),
        (
            "follow_up",
            json!({
                "today": plan.today,
                "done": follow_up.done,
                "open": follow_up.open,
                "overdue": follow_up.overdue,
                "dropped": follow_up.dropped,
            }),
        ),
    ]
}

/// "Irwin, due 2027-01-15, open, OVERDUE".
fn action_facts(plan: &Plan, action: &ActionItem) -> String {
    let mut facts = Vec::new();
    facts.push(if action.owner.is_empty() {
        "no owner yet".to_string()
    } else {
        action.owner.clone()
    });
    if let Some(due) = action.due {
        facts.push(format!("due {due}"));
    }
    facts.push(action.status.name().to_string());
    if action.overdue(plan.today) {
        facts.push("OVERDUE".into());
    }
    facts.join(", ")
}

/// What the action realises and changes, and how it is measured: the tracker's description.
pub fn action_description(plan: &Plan, action: &ActionItem) -> String {
    let mut parts = Vec::new();
    if let Some(idea) = plan.idea(action.idea) {
        parts.push(format!(
            "Idea {}: {}",
            idea.id,
            idea.text.trim_end_matches('.')
        ));
    }
    if let Some(step) = plan.current_step(action.step) {
        parts.push(format!("Step: {}", step.name));
    }
    if let Some(step) = plan.future_step(action.future_step) {
        parts.push(format!("Builds future step: {}", step.name));
    }
    if !action.measure.is_empty() {
        let target = if action.target.is_empty() {
            String::new()
        } else {
            format!(", target {}", action.target)
        };
        parts.push(format!("Measure: {}{target}", action.measure));
    }
    parts.join(". ")
}

fn idea_line(plan: &Plan, idea: &Idea) -> String {
    let mut facts = Vec::new();
    if let Some(votes) = plan.votes(idea) {
        facts.push(format!(
            "{votes} {}",
            if votes == 1 { "vote" } else { "votes" }
        ));
    }
    if let Some(impact) = idea.impact {
        facts.push(format!("impact {}", impact.name()));
    }
    if let Some(effort) = idea.effort {
        facts.push(format!("effort {}", effort.name()));
    }
    if idea.quick_win() {
        facts.push("quick win".into());
    }
    facts.push(
        idea.step_name
            .as_ref()
            .map_or("whole map".to_string(), |s| format!("on {s}")),
    );
    format!("{}. {} ({})", idea.id, idea.text, facts.join(", "))
}

/// The charter's lines: problem, stream, targets, who is in the room.
fn charter_lines(plan: &Plan) -> Vec<String> {
    let decisions = &plan.session.decisions;
    let charter = &decisions.charter;
    let mut lines = Vec::new();
    if !charter.problem.is_empty() {
        lines.push(format!("Problem: {}", charter.problem));
    }
    if !charter.start.is_empty() || !charter.end.is_empty() {
        lines.push(format!("Stream: from {} to {}", charter.start, charter.end));
    }
    let calendar = &plan.session.calendar;
    for target in &charter.targets {
        let by = target.by.map(|d| format!(" by {d}")).unwrap_or_default();
        let status = target.status(plan.session);
        let shown = |v: f64| {
            if target.metric.is_ratio() {
                crate::model::readable::percent(Some(v))
            } else {
                crate::model::readable::hours(v, calendar)
            }
        };
        let mut now = Vec::new();
        if let Some(v) = status.measured {
            now.push(format!("measured {}", shown(v)));
        }
        if let Some(v) = status.current {
            now.push(format!("current map {}", shown(v)));
        }
        if let Some(v) = status.future {
            now.push(format!("future map {}", shown(v)));
        }
        let verdict = match status.reached {
            Some(true) => ": reached",
            Some(false) => ": not yet",
            None => "",
        };
        let now = if now.is_empty() {
            String::new()
        } else {
            format!(" ({}){verdict}", now.join(", "))
        };
        lines.push(format!(
            "Target: {} {}{by}{now}",
            target.metric.label(),
            target.target
        ));
    }
    if !decisions.participants.is_empty() {
        let people: Vec<String> = decisions
            .participants
            .iter()
            .map(|p| {
                if p.role.is_empty() {
                    p.name.clone()
                } else {
                    format!("{} ({})", p.name, p.role)
                }
            })
            .collect();
        lines.push(format!("In the room: {}", people.join(", ")));
    }
    lines
}

/// The text report's part: charter, ranked ideas, the action plan and where it stands.
pub fn text(plan: &Plan) -> String {
    if plan.is_empty() {
        return String::new();
    }
    let mut out = String::new();
    let charter = charter_lines(plan);
    if !charter.is_empty() {
        out += "\nCharter\n";
        for line in charter {
            out += &format!("  {line}\n");
        }
    }
    if !plan.ideas.is_empty() {
        out += if plan.revealed {
            "\nIdeas, ranked\n"
        } else {
            "\nIdeas (votes hidden until the reveal)\n"
        };
        for idea in &plan.ideas {
            out += &format!("  {}\n", idea_line(plan, idea));
        }
    }
    if !plan.actions().is_empty() {
        out += &format!(
            "\nActions on {}: {}\n",
            plan.today,
            plan.follow_up().summary()
        );
        for action in plan.actions() {
            out += &format!(
                "  {}. {} ({})\n",
                action.id,
                action.text,
                action_facts(plan, action)
            );
            let description = action_description(plan, action);
            if !description.is_empty() {
                out += &format!("     {description}\n");
            }
        }
    }
    out
}

/// The charter under the title, in Markdown.
pub fn markdown_charter(plan: &Plan) -> String {
    let lines = charter_lines(plan);
    if lines.is_empty() {
        return String::new();
    }
    let mut out = "## Charter\n\n".to_string();
    for line in lines {
        let (label, rest) = line.split_once(": ").unwrap_or(("", &line));
        out += &format!("- **{label}:** {}\n", escape::markdown(rest));
    }
    out + "\n"
}

/// Ranked ideas, the impact/effort grid and the action plan (table and task list), in Markdown.
pub fn markdown_plan(plan: &Plan) -> String {
    let mut out = String::new();
    if plan.is_empty() {
        return out;
    }
    if !plan.ideas.is_empty() {
        out += "\n## Ideas, ranked\n\n";
        if !plan.revealed {
            out += "Votes are hidden until the reveal.\n\n";
        }
        out += "| # | Idea | Votes | Impact | Effort | On |\n|---:|---|---:|---|---|---|\n";
        for idea in &plan.ideas {
            let cell = |l: Option<Level>| l.map_or("", Level::name);
            let mut text = escape::markdown(&idea.text);
            if idea.quick_win() {
                text += " **(quick win)**";
            }
            out += &format!(
                "| {} | {text} | {} | {} | {} | {} |\n",
                idea.id,
                plan.votes(idea).map(|v| v.to_string()).unwrap_or_default(),
                cell(idea.impact),
                cell(idea.effort),
                escape::markdown(idea.step_name.as_deref().unwrap_or("whole map")),
            );
        }
        out += &markdown_grid(plan);
    }
    if !plan.actions().is_empty() {
        out += &format!(
            "\n## Action plan\n\n{} on {}.\n\n",
            plan.follow_up().summary(),
            plan.today
        );
        out += "| # | Action | Owner | Due | Status | Measure | Target | Idea | Step |\n\
                |---:|---|---|---|---|---|---|---:|---|\n";
        for a in plan.actions() {
            let status = if a.overdue(plan.today) {
                format!("{} **overdue**", a.status.name())
            } else {
                a.status.name().to_string()
            };
            out += &format!(
                "| {} | {} | {} | {} | {status} | {} | {} | {} | {} |\n",
                a.id,
                escape::markdown(&a.text),
                escape::markdown(&a.owner),
                a.due.map(|d| d.to_string()).unwrap_or_default(),
                escape::markdown(&a.measure),
                escape::markdown(&a.target),
                a.idea.map(|i| i.to_string()).unwrap_or_default(),
                escape::markdown(plan.current_step(a.step).map_or("", |s| &s.name)),
            );
        }
        out += "\n";
        for a in plan.actions() {
            let mark = if a.status == crate::model::action_plan::Status::Done {
                "x"
            } else {
                " "
            };
            let mut text = escape::markdown(&a.text);
            if a.status == crate::model::action_plan::Status::Dropped {
                text = format!("~~{text}~~");
            }
            out += &format!(
                "- [{mark}] {text} ({})\n",
                escape::markdown(&action_facts(plan, a))
            );
        }
    }
    out
}

/// Rows of impact (high first), columns of effort (low first): the ideas' numbers in each cell.
/// One row of the grid: its impact, and per effort the ideas' numbers.
type GridRow = (Level, Vec<(Level, Vec<u64>)>);

fn grid_cells(plan: &Plan) -> Vec<GridRow> {
    Level::ALL
        .iter()
        .rev()
        .map(|&impact| {
            let row = Level::ALL
                .iter()
                .map(|&effort| {
                    let ids = plan
                        .ideas
                        .iter()
                        .filter(|i| i.impact == Some(impact) && i.effort == Some(effort))
                        .map(|i| i.id)
                        .collect();
                    (effort, ids)
                })
                .collect();
            (impact, row)
        })
        .collect()
}

fn markdown_grid(plan: &Plan) -> String {
    if !plan
        .ideas
        .iter()
        .any(|i| i.impact.is_some() && i.effort.is_some())
    {
        return String::new();
    }
    let mut out = "\nImpact and effort (idea numbers):\n\n| Impact \\ Effort | low | medium | high |\n|---|---|---|---|\n".to_string();
    for (impact, row) in grid_cells(plan) {
        let cells: Vec<String> = row
            .iter()
            .map(|(_, ids)| {
                ids.iter()
                    .map(u64::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .collect();
        out += &format!("| {} | {} |\n", impact.name(), cells.join(" | "));
    }
    out
}

/// The charter, ranked ideas and action plan as HTML sections.
pub fn html(plan: &Plan) -> String {
    use escape::xml;
    let mut out = String::new();
    if plan.is_empty() {
        return out;
    }
    let charter = charter_lines(plan);
    if !charter.is_empty() {
        out += "<section>\n<h2>Charter</h2>\n<ul>\n";
        for line in charter {
            out += &format!("<li>{}</li>\n", xml(&line));
        }
        out += "</ul>\n</section>\n";
    }
    if !plan.ideas.is_empty() {
        out += "<section>\n<h2>Ideas, ranked</h2>\n<table>\n<tr><th>#</th><th>Idea</th><th>Votes</th><th>Impact</th><th>Effort</th><th>On</th></tr>\n";
        for idea in &plan.ideas {
            let cell = |l: Option<Level>| l.map_or("", Level::name);
            let win = if idea.quick_win() {
                " <strong class=\"better\">quick win</strong>"
            } else {
                ""
            };
            out += &format!(
                "<tr><td class=\"num\">{}</td><td>{}{win}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                idea.id,
                xml(&idea.text),
                plan.votes(idea).map(|v| v.to_string()).unwrap_or_default(),
                cell(idea.impact),
                cell(idea.effort),
                xml(idea.step_name.as_deref().unwrap_or("whole map")),
            );
        }
        out += "</table>\n</section>\n";
    }
    if !plan.actions().is_empty() {
        out += &format!(
            "<section>\n<h2>Action plan</h2>\n<p>{} on {}.</p>\n<table>\n<tr><th>#</th><th>Action</th><th>Owner</th><th>Due</th><th>Status</th><th>Measure</th><th>Target</th><th>Idea</th></tr>\n",
            xml(&plan.follow_up().summary()),
            plan.today
        );
        for a in plan.actions() {
            let status = if a.overdue(plan.today) {
                format!(
                    "{} <strong class=\"worse\">overdue</strong>",
                    a.status.name()
                )
            } else {
                a.status.name().to_string()
            };
            out += &format!(
                "<tr><td class=\"num\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{status}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td></tr>\n",
                a.id,
                xml(&a.text),
                xml(&a.owner),
                a.due.map(|d| d.to_string()).unwrap_or_default(),
                xml(&a.measure),
                xml(&a.target),
                a.idea.map(|i| i.to_string()).unwrap_or_default(),
            );
        }
        out += "</table>\n</section>\n";
    }
    out
}
