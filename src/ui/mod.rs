//! Drawing: `draw(frame, &app)` and the widgets it uses. Nothing here changes the app.

pub mod geometry;
pub mod map_view;
pub mod overlays;
pub mod panels;
pub mod start;
pub mod text;
pub mod theme;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::keymap::display_key;
use crate::app::{App, Mode, Screen, Target};
use crate::model::MapMetrics;
use geometry::{FOOTER, HEADER, LADDER, MIN_SIZE, MapLayout, PHASES};
use map_view::MapView;
use panels::{MetricsPanel, NotesPanel};
use text::{clean, fit};

pub fn draw(frame: &mut Frame, app: &App) {
    let area = frame.area();
    if area.width < MIN_SIZE.0 || area.height < MIN_SIZE.1 {
        draw_too_small(frame, area);
        return;
    }
    match app.screen {
        Screen::Start => start::draw(frame, app),
        Screen::Map => draw_map_screen(frame, app),
    }
    match &app.mode {
        Mode::Normal => {}
        Mode::Form(form) => overlays::draw_form(frame, form),
        Mode::Annotations { target, selected } => {
            let (title, list) = match target {
                Target::Map => ("Notes on the whole map".to_string(), &app.map().annotations),
                Target::Step(at) => match app.map().step(*at) {
                    Some(step) => (format!("Notes on {}", step.name), &step.annotations),
                    None => ("Notes".to_string(), &app.map().annotations),
                },
            };
            overlays::draw_annotations(frame, &title, list, *selected);
        }
        Mode::Help { scroll, .. } => overlays::draw_help(frame, &app.keymap, *scroll),
        Mode::ConfirmQuit => overlays::draw_confirm_quit(frame),
    }
}

fn draw_too_small(frame: &mut Frame, area: Rect) {
    let message = format!(
        "vsm needs a window of at least {}x{}; this one is {}x{}. Enlarge it or reduce the font size.",
        MIN_SIZE.0, MIN_SIZE.1, area.width, area.height
    );
    frame.render_widget(
        Paragraph::new(message).wrap(ratatui::widgets::Wrap { trim: true }),
        area,
    );
}

fn draw_map_screen(frame: &mut Frame, app: &App) {
    let area = frame.area();
    let map = app.map();
    let calendar = &app.session.calendar;
    let metrics = MapMetrics::of(map, calendar);
    let layout = MapLayout::new(map, area.width, area.height);
    let map_height = PHASES + layout.stack_height + LADDER;
    let [header, map_area, panels, footer] = Layout::vertical([
        Constraint::Length(HEADER),
        Constraint::Length(map_height),
        Constraint::Min(geometry::PANEL_MIN),
        Constraint::Length(FOOTER),
    ])
    .areas(area);

    draw_header(frame, header, app);
    let scroll = geometry::keep_visible(
        app.scroll,
        app.selection.stage,
        layout.visible_stages,
        map.stages.len(),
    );
    let view = MapView {
        map,
        calendar,
        metrics: &metrics,
        selection: Some(app.selection),
        scroll,
        layout,
    };
    frame.render_widget(&view, map_area);

    let metrics_width = if area.width >= 140 { 34 } else { 26 };
    let [notes_area, metrics_area] =
        Layout::horizontal([Constraint::Min(20), Constraint::Length(metrics_width)]).areas(panels);
    let notes = NotesPanel {
        map,
        stage: map.stages.get(app.selection.stage),
        step: app.selected_step(),
        calendar,
    };
    frame.render_widget(&notes, notes_area);
    frame.render_widget(
        &MetricsPanel {
            metrics: &metrics,
            calendar,
        },
        metrics_area,
    );
    draw_footer(frame, footer, app);
}

fn draw_header(frame: &mut Frame, area: Rect, app: &App) {
    let file = match &app.path {
        Some(path) => path.display().to_string(),
        None => "not saved yet".into(),
    };
    let state = if app.path.is_none() {
        Span::raw("")
    } else if app.is_dirty() {
        Span::styled(" ● unsaved ", theme::error())
    } else {
        Span::styled(" ✓ saved ", theme::info())
    };
    let mut date = String::new();
    if let Some(held) = app.session.held_on {
        date = format!(" · held {held}");
    }
    let right = format!("{file}{date}");
    let title_room = (area.width as usize).saturating_sub(right.chars().count().min(40) + 20);
    let line = Line::from(vec![
        Span::styled(" vsm ", theme::key()),
        Span::raw(" "),
        Span::styled(fit(&app.session.title, title_room), theme::title()),
        Span::raw("  "),
        Span::styled(fit(&right, 40), theme::dim()),
        state,
    ]);
    frame.render_widget(Paragraph::new(line), area);
}

/// The status message if there is one, else the keys that work here.
pub fn draw_footer(frame: &mut Frame, area: Rect, app: &App) {
    if let Some(status) = &app.status {
        let style = if status.is_error {
            theme::error()
        } else {
            theme::info()
        };
        frame.render_widget(
            Paragraph::new(Line::styled(format!(" {}", clean(&status.text)), style)),
            area,
        );
        return;
    }
    let mut spans = Vec::new();
    let mut used = 0usize;
    for binding in app.keymap.bindings(app.context()) {
        let Some(label) = &binding.footer else {
            continue;
        };
        let key = display_key(&binding.keys[0]);
        let width = key.chars().count() + label.chars().count() + 3;
        if used + width > area.width as usize {
            break;
        }
        used += width;
        spans.push(Span::styled(format!(" {key} "), theme::key()));
        spans.push(Span::raw(format!("{label} ")));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
