//! The impact/effort grid: rows of impact (high first), columns of effort (low first), each
//! cell holding the numbers of its ideas; high impact for low effort is marked as quick wins.
//! Below, every idea with its rating and votes, the selected one marked.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::mapping_view::body;
use super::overlays::clear;
use super::text::{clean, fit};
use super::theme;
use crate::app::Scene;
use crate::model::ideas::{self, Level};

pub fn draw(frame: &mut Frame, app: &Scene<'_>, selected: usize) {
    let area = body(frame);
    clear(frame, area);
    let block = Block::bordered()
        .border_style(theme::selected_border())
        .title(Line::styled(" Impact and effort ", theme::title()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let all = ideas::ideas(app.session());
    let revealed = app
        .session()
        .decisions
        .voting
        .as_ref()
        .is_some_and(|v| v.revealed);
    let [grid, list] = Layout::vertical([Constraint::Length(6), Constraint::Fill(1)]).areas(inner);

    let label_width = 14;
    let cell = (grid.width as usize).saturating_sub(label_width) / 3;
    let mut lines = vec![Line::from(
        std::iter::once(Span::raw(" ".repeat(label_width)))
            .chain(Level::ALL.iter().map(|effort| {
                Span::styled(
                    format!("{:<cell$}", fit(&format!("effort {}", effort.name()), cell)),
                    theme::dim(),
                )
            }))
            .collect::<Vec<_>>(),
    )];
    let selected_id = all.get(selected).map(|i| i.id);
    for impact in Level::ALL.iter().rev() {
        let mut spans = vec![Span::styled(
            format!("{:<label_width$}", format!("impact {}", impact.name())),
            theme::dim(),
        )];
        for effort in Level::ALL {
            let ids: Vec<String> = all
                .iter()
                .filter(|i| i.impact == Some(*impact) && i.effort == Some(effort))
                .map(|i| {
                    if Some(i.id) == selected_id {
                        format!("[{}]", i.id)
                    } else {
                        i.id.to_string()
                    }
                })
                .collect();
            let quick = *impact == Level::High && effort == Level::Low;
            let mut text = ids.join(" ");
            if quick {
                text = format!("★ {text}");
            }
            let style = if quick { theme::flag() } else { theme::value() };
            spans.push(Span::styled(format!("{:<cell$}", fit(&text, cell)), style));
        }
        lines.push(Line::from(spans));
    }
    let unrated: Vec<String> = all
        .iter()
        .filter(|i| i.impact.is_none() || i.effort.is_none())
        .map(|i| i.id.to_string())
        .collect();
    lines.push(Line::styled(
        format!(
            "★ quick wins: high impact, low effort · not placed yet: {}",
            unrated.join(" ")
        ),
        theme::dim(),
    ));
    frame.render_widget(Paragraph::new(lines), grid);

    let width = list.width as usize;
    let facts_of = |idea: &ideas::Idea| {
        let level = |l: Option<Level>| l.map_or("–", Level::name);
        let mut facts = format!(
            "impact {} · effort {}",
            level(idea.impact),
            level(idea.effort)
        );
        if revealed {
            let word = if idea.votes == 1 { "vote" } else { "votes" };
            facts += &format!(" · {} {word}", idea.votes);
        }
        facts
    };
    // The ratings stand in one column, as wide as the widest.
    let facts_width = all
        .iter()
        .map(|i| facts_of(i).chars().count())
        .max()
        .unwrap_or(0);
    let rows: Vec<Line> = all
        .iter()
        .enumerate()
        .map(|(n, idea)| {
            let mark = if n == selected { "▶" } else { " " };
            let facts = facts_of(idea);
            let room = width.saturating_sub(facts_width + 8);
            let style = if n == selected {
                theme::selected_name()
            } else {
                theme::name()
            };
            Line::from(vec![
                Span::styled(format!("{mark}{:>3}  ", idea.id), theme::key()),
                Span::styled(format!("{:<room$}", fit(&clean(&idea.text), room)), style),
                Span::raw("  "),
                Span::styled(format!("{facts:<facts_width$}"), theme::value()),
            ])
        })
        .collect();
    frame.render_widget(Paragraph::new(rows), list);
}
