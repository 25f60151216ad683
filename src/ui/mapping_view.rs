//! The mapping screen: the log's states in their usual order, how many items entered each, the
//! step of the edited map each belongs to, active or waiting, done; unmapped states listed.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Cell, Paragraph, Row, Table, TableState, Wrap};

use super::geometry::{FOOTER, HEADER};
use super::overlays::clear;
use super::text::clean;
use super::theme;
use crate::app::Scene;
use crate::measure::mapping::unmapped;
use crate::model::measured_words::summary_lines;

/// The screen between the header and the footer lines.
pub fn body(frame: &Frame) -> Rect {
    let area = frame.area();
    Rect {
        y: area.y + HEADER,
        height: area.height.saturating_sub(HEADER + FOOTER),
        ..area
    }
}

pub fn draw(frame: &mut Frame, app: &Scene<'_>, selected: usize) {
    let area = body(frame);
    clear(frame, area);
    let Some(measured) = &app.session().measured else {
        return;
    };
    let map = app.map();
    let block = Block::bordered()
        .border_style(theme::selected_border())
        .title(Line::styled(
            format!(
                " Mapping {} → steps of the {} ",
                clean(&measured.source),
                app.viewer.focus.name()
            ),
            theme::title(),
        ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let unmapped = unmapped(&measured.states, map, &measured.ending_states());
    let mut notes = summary_lines(measured);
    notes.insert(
        0,
        format!(
            "Unmapped states: {}",
            if unmapped.is_empty() {
                "none".to_string()
            } else {
                unmapped.join(", ")
            }
        ),
    );
    let table_rows = (measured.states.len() as u16 + 2)
        .min(inner.height / 2)
        .max(3);
    let [table_area, notes_area] =
        Layout::vertical([Constraint::Length(table_rows), Constraint::Min(1)]).areas(inner);

    let rows: Vec<Row> = measured
        .states
        .iter()
        .map(|state| {
            let step = map
                .steps()
                .find(|s| s.states.contains(&state.name))
                .map(|s| clean(&s.name));
            let means = if measured.is_done(&state.name) {
                "done"
            } else if measured.is_dropped(&state.name) {
                "dropped"
            } else if measured.is_active(&state.name) {
                "active"
            } else {
                "waiting"
            };
            let step_cell = match (&step, means) {
                (Some(name), _) => Cell::from(name.clone()),
                (None, "done" | "dropped") => Cell::from(format!("({means})")).style(theme::dim()),
                (None, _) => Cell::from("— unmapped").style(theme::error()),
            };
            Row::new(vec![
                Cell::from(clean(&state.name)),
                Cell::from(format!("{:>6}", state.items)),
                step_cell,
                Cell::from(means).style(match means {
                    "active" => theme::work(),
                    "waiting" => theme::wait(),
                    _ => theme::info(),
                }),
            ])
        })
        .collect();
    let table = Table::new(
        rows,
        [
            Constraint::Percentage(30),
            Constraint::Length(6),
            Constraint::Percentage(30),
            Constraint::Length(7),
        ],
    )
    .header(Row::new(vec!["State", " items", "Step", "Means"]).style(theme::dim()))
    .column_spacing(2)
    .row_highlight_style(theme::selected_name())
    .highlight_symbol("▶ ");
    let mut state = TableState::default().with_selected(Some(selected));
    frame.render_stateful_widget(table, table_area, &mut state);
    let lines: Vec<Line> = notes.into_iter().map(Line::raw).collect();
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: true })
            .style(theme::dim()),
        notes_area,
    );
}
