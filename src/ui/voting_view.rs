//! The voting screen: the ideas by number (their tally only after the reveal), who is in the
//! room with the dots each has left, and the line the facilitator types votes into.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::mapping_view::body;
use super::overlays::clear;
use super::text::{clean, fit};
use super::theme;
use crate::app::Scene;
use crate::model::ideas;

pub fn draw(frame: &mut Frame, app: &Scene<'_>, line: &tui_input::Input) {
    let area = body(frame);
    clear(frame, area);
    let decisions = &app.session().decisions;
    let Some(voting) = &decisions.voting else {
        return;
    };
    let shown = if voting.revealed {
        "votes revealed"
    } else {
        "votes hidden until the reveal"
    };
    let title = format!(" Dot voting · {} dots each · {shown} ", voting.dots);
    let block = Block::bordered()
        .border_style(theme::selected_border())
        .title(Line::styled(
            fit(&title, area.width as usize - 2),
            theme::title(),
        ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [lists, entry, hint] = Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(inner);
    let people_width = (inner.width / 3).clamp(20, 40);
    let [ideas_area, people_area] =
        Layout::horizontal([Constraint::Fill(1), Constraint::Length(people_width)]).areas(lists);

    // Once revealed, the ideas stand in their ranking: votes, impact, effort.
    let all = match voting.revealed {
        true => ideas::ranked(ideas::ideas(app.session())),
        false => ideas::ideas(app.session()),
    };
    let tallies: Vec<String> = all
        .iter()
        .map(|idea| match voting.shown(idea.id) {
            Some(votes) => format!("{votes:>2} {}", "●".repeat(votes.min(12) as usize)),
            None => " ?".to_string(),
        })
        .collect();
    let tally_width = tallies.iter().map(|t| t.chars().count()).max().unwrap_or(0);
    let width = ideas_area.width as usize;
    let idea_lines: Vec<Line> = all
        .iter()
        .zip(tallies)
        .map(|(idea, tally)| {
            let on = idea.step_name.as_deref().unwrap_or("whole map");
            let text = format!("{} ({})", clean(&idea.text), clean(on));
            let room = width.saturating_sub(5 + tally_width + 3);
            Line::from(vec![
                Span::styled(format!("{:>3}  ", idea.id), theme::key()),
                Span::styled(format!("{:<room$}", fit(&text, room)), theme::name()),
                Span::raw("  "),
                Span::styled(format!("{tally:<tally_width$} "), theme::value()),
            ])
        })
        .collect();
    frame.render_widget(Paragraph::new(idea_lines), ideas_area);

    let mut people: Vec<Line> = vec![Line::styled("In the room (dots left)", theme::dim())];
    for person in &decisions.participants {
        let left = voting.dots_left(&person.name);
        let used = voting.dots.saturating_sub(left);
        let dots = format!("{}{}", "●".repeat(used as usize), "○".repeat(left as usize));
        let name_room = (people_width as usize).saturating_sub(dots.chars().count() + 2);
        people.push(Line::from(vec![
            Span::styled(
                format!("{:<name_room$} ", fit(&clean(&person.name), name_room)),
                theme::name(),
            ),
            Span::styled(dots, theme::value()),
        ]));
    }
    if decisions.participants.is_empty() {
        people.push(Line::styled("nobody yet: +Name adds", theme::dim()));
    }
    frame.render_widget(Paragraph::new(people), people_area);

    let prompt = "Vote › ";
    let typed = line.value();
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(prompt, theme::key()),
            Span::raw(clean(typed)),
        ])),
        entry,
    );
    let cursor = entry.x + (prompt.chars().count() + line.visual_cursor()) as u16;
    frame.set_cursor_position((cursor.min(entry.right().saturating_sub(1)), entry.y));
    let help = "who, the idea's number, dots: t 3 2 · +Name Role adds someone · Ctrl+O reveals";
    frame.render_widget(
        Paragraph::new(Line::styled(fit(help, hint.width as usize), theme::dim())),
        hint,
    );
}
