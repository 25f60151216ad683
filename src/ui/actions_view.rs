//! The action plan screen: each action with its owner, due date and status (overdue ones
//! marked, against the one clock), what it realises and how it is measured; the follow-up
//! (done, open, overdue) in the title.

use ratatui::Frame;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::mapping_view::body;
use super::overlays::clear;
use super::text::{clean, fit};
use super::theme;
use crate::app::Scene;
use crate::app::action_filter::ActionFilter;
use crate::export::decisions::{Plan, action_description};

pub fn draw(frame: &mut Frame, app: &Scene<'_>, selected: usize, filter: &ActionFilter) {
    let area = body(frame);
    clear(frame, area);
    let today = crate::clock::today();
    let plan = Plan::of(app.session(), today);
    let actions = &app.session().decisions.actions;
    let showing = filter
        .describe()
        .map(|what| format!(" · showing {what}"))
        .unwrap_or_default();
    let title = format!(
        " Action plan · {} on {today}{showing} ",
        plan.follow_up().summary()
    );
    let block = Block::bordered()
        .border_style(theme::selected_border())
        .title(Line::styled(
            fit(&title, area.width as usize - 2),
            theme::title(),
        ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = inner.width as usize;
    let mut lines: Vec<Line> = Vec::new();
    if actions.is_empty() {
        lines.push(Line::styled(
            "No actions yet: a adds one (its owner, due date, measure and the idea it realises).",
            theme::dim(),
        ));
    }
    let facts_of = |action: &crate::model::action_plan::ActionItem| {
        let owner = if action.owner.is_empty() {
            "no owner yet".to_string()
        } else {
            clean(&action.owner)
        };
        let due = action
            .due
            .map(|d| format!(" · due {d}"))
            .unwrap_or_default();
        let flag = if action.overdue(today) {
            " OVERDUE"
        } else {
            ""
        };
        (format!("{owner}{due} · {}", action.status.name()), flag)
    };
    // The facts stand in one column, as wide as the widest.
    let facts_width = actions
        .iter()
        .map(|a| {
            let (facts, flag) = facts_of(a);
            facts.chars().count() + flag.len()
        })
        .max()
        .unwrap_or(0);
    for (i, action) in actions.iter().enumerate() {
        if !filter.shows(action, today) {
            continue;
        }
        let marker = if i == selected { "▶" } else { " " };
        let (facts, flag) = facts_of(action);
        let pad = facts_width.saturating_sub(facts.chars().count() + flag.len());
        let room = width.saturating_sub(facts_width + 7);
        let name_style = if i == selected {
            theme::selected_name()
        } else {
            theme::name()
        };
        lines.push(Line::from(vec![
            Span::styled(format!("{marker}{:>2}  ", action.id), theme::key()),
            Span::styled(
                format!("{:<room$}", fit(&clean(&action.text), room)),
                name_style,
            ),
            Span::raw("  "),
            Span::styled(facts, theme::value()),
            Span::styled(flag, theme::error()),
            Span::raw(" ".repeat(pad)),
        ]));
        let description = action_description(&plan, action);
        if !description.is_empty() {
            lines.push(Line::styled(
                format!(
                    "      {}",
                    fit(&clean(&description), width.saturating_sub(6))
                ),
                theme::dim(),
            ));
        }
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
