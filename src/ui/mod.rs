//! Drawing: `draw(frame, &app)` and the widgets it uses. Nothing here changes the app.

pub mod compare_view;
pub mod finders;
pub mod geometry;
pub mod map_view;
pub mod overlays;
pub mod panels;
pub mod present;
pub mod sections;
pub mod start;
pub mod stickies;
pub mod text;
pub mod theme;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::keymap::display_key;
use std::collections::HashMap;

use crate::app::drawn::{Drawn, DrawnMap};
use crate::app::{App, Mode, Screen, Target, View};
use crate::model::compare::Comparison;
use crate::model::{MapMetrics, Which, readable};
use compare_view::ComparisonView;
use geometry::{FOOTER, HEADER, MIN_SIZE};
use map_view::MapView;
use panels::{MetricsPanel, NotesPanel};
use text::{clean, fit};
use unicode_width::UnicodeWidthStr;

/// Draws the app and returns what the frame showed (maps, stages, step boxes), for the app to
/// hit-test clicks and to know what the room can see.
pub fn draw(frame: &mut Frame, app: &App) -> Drawn {
    theme::set(app.theme, app.no_color);
    let area = frame.area();
    let mut drawn = Drawn {
        known: true,
        maps: Vec::new(),
    };
    frame.render_widget(ratatui::widgets::Block::new().style(theme::base()), area);
    if area.width < MIN_SIZE.0 || area.height < MIN_SIZE.1 {
        draw_too_small(frame, area, app);
        return drawn;
    }
    match app.screen {
        Screen::Start => start::draw(frame, app),
        Screen::Map if app.presenting => {
            let marks = app.comparison().map(|c| c.marks()).unwrap_or_default();
            present::draw(frame, app, &marks, &mut drawn);
        }
        Screen::Map => draw_map_screen(frame, app, &mut drawn),
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
        Mode::Help {
            scroll,
            from,
            filter,
            ..
        } => overlays::draw_help(frame, &app.keymap, *from, filter, *scroll),
        Mode::Palette(palette) => finders::draw_palette(frame, palette, &app.keymap),
        Mode::Search(search) => finders::draw_search(frame, search, &app.session),
        Mode::Confirm(_) => {
            let holder = app.locked.as_ref().map(|l| l.holder.as_str()).unwrap_or("");
            overlays::draw_question(frame, &app.keymap, app.context(), holder)
        }
    }
    drawn
}

fn draw_too_small(frame: &mut Frame, area: Rect, app: &App) {
    let mut message = format!(
        "vsm needs a window of at least {}x{}; this one is {}x{}. Enlarge it or reduce the font size. q quits.",
        MIN_SIZE.0, MIN_SIZE.1, area.width, area.height
    );
    if let Some(status) = &app.status {
        message = format!("{} {message}", clean(&status.text));
    }
    frame.render_widget(
        Paragraph::new(message).wrap(ratatui::widgets::Wrap { trim: true }),
        area,
    );
}

fn draw_map_screen(frame: &mut Frame, app: &App, drawn: &mut Drawn) {
    let area = frame.area();
    let [header, body, footer] = Layout::vertical([
        Constraint::Length(HEADER),
        Constraint::Min(1),
        Constraint::Length(FOOTER),
    ])
    .areas(area);
    draw_header(frame, header, app);
    draw_footer(frame, footer, app);
    let comparison = app.comparison();
    let marks = comparison.as_ref().map(|c| c.marks()).unwrap_or_default();
    match (&comparison, app.view) {
        (Some(comparison), View::Comparison) => {
            let view = ComparisonView {
                session: &app.session,
                comparison,
                compact: false,
                scroll: app.comparison_scroll,
            };
            frame.render_widget(&view, body);
        }
        (Some(comparison), View::Split) => draw_split(frame, body, app, comparison, &marks, drawn),
        _ => draw_single(frame, body, app, &marks, drawn),
    }
}

/// The focused map alone, with the notes of the selected step and the metrics.
fn draw_single(
    frame: &mut Frame,
    body: Rect,
    app: &App,
    marks: &HashMap<u64, &'static str>,
    drawn: &mut Drawn,
) {
    let map = app.map();
    let section = sections::single(app, body);
    let panels = Rect {
        y: section.rect.bottom(),
        height: body.bottom().saturating_sub(section.rect.bottom()),
        ..body
    };
    draw_map_section(frame, app, &section, marks, drawn);

    let metrics_width = if body.width >= 140 { 34 } else { 26 };
    let [notes_area, metrics_area] =
        Layout::horizontal([Constraint::Min(20), Constraint::Length(metrics_width)]).areas(panels);
    draw_notes(frame, notes_area, app);
    let metrics = app
        .metrics(app.focus)
        .unwrap_or_else(|| std::rc::Rc::new(MapMetrics::of(map, &app.session.calendar)));
    frame.render_widget(
        &MetricsPanel {
            metrics: &metrics,
            calendar: &app.session.calendar,
        },
        metrics_area,
    );
}

/// Current state above, future state below, and the comparison when there is room.
fn draw_split(
    frame: &mut Frame,
    body: Rect,
    app: &App,
    comparison: &Comparison,
    marks: &HashMap<u64, &'static str>,
    drawn: &mut Drawn,
) {
    let mut y = body.y;
    for section in sections::split(app, body) {
        draw_map_section(frame, app, &section, marks, drawn);
        y = section.rect.bottom();
    }
    // The notes and comparison panels when there is room left under the maps.
    if sections::roomy(body) && body.bottom().saturating_sub(y) >= 8 {
        let bottom_area = Rect {
            y,
            height: body.bottom().saturating_sub(y),
            ..body
        };
        let [notes_area, compare_area] =
            Layout::horizontal([Constraint::Min(20), Constraint::Length(64)]).areas(bottom_area);
        draw_notes(frame, notes_area, app);
        let view = ComparisonView {
            session: &app.session,
            comparison,
            compact: true,
            scroll: 0,
        };
        frame.render_widget(&view, compare_area);
    }
}

/// One map with, when there are two, a title line saying which it is and its key metrics.
pub(crate) fn draw_map_section(
    frame: &mut Frame,
    app: &App,
    section: &sections::Section,
    marks: &HashMap<u64, &'static str>,
    drawn: &mut Drawn,
) {
    let sections::Section {
        which,
        rect: area,
        layout,
        titled,
        notes,
    } = *section;
    // A section that does not fit the window is cut at its edge, never drawn past it.
    let area = area.intersection(frame.area());
    let notes_area = Rect {
        y: area.bottom().saturating_sub(notes),
        height: notes.min(area.height),
        ..area
    };
    let area = Rect {
        height: area.height - notes_area.height,
        ..area
    };
    let Some(map) = app.session.map(which) else {
        return;
    };
    if area.height < 1 + u16::from(titled) + geometry::PHASES + geometry::LADDER + 3 {
        return;
    }
    let calendar = &app.session.calendar;
    let metrics = app
        .metrics(which)
        .unwrap_or_else(|| std::rc::Rc::new(MapMetrics::of(map, calendar)));
    let focused = which == app.focus;
    let (selection, scroll) = if focused {
        (app.selection, app.scroll)
    } else {
        (app.other_selection, app.other_scroll)
    };
    let mut map_area = area;
    if titled {
        let (marker, style) = if focused {
            ("▶ ", theme::selected_name())
        } else {
            ("  ", theme::dim())
        };
        let name = match which {
            Which::Current => "CURRENT STATE",
            Which::Future => "FUTURE STATE",
        };
        let editing = match (focused, app.read_only) {
            (true, true) => " (read-only)",
            (true, false) => " (editing)",
            (false, _) => "",
        };
        let line = Line::from(vec![
            Span::styled(marker, theme::selected_border()),
            Span::styled(format!("{name}{editing}"), style),
            Span::raw(format!(
                "   LT {} · PT {} · activity ratio {} · %C&A {}",
                readable::hours(metrics.lead_time_hours, calendar),
                readable::hours(metrics.process_time_hours, calendar),
                readable::percent(metrics.activity_ratio),
                readable::percent(metrics.rolled_complete_accurate),
            )),
        ]);
        frame.render_widget(Paragraph::new(line), Rect { height: 1, ..area });
        map_area = Rect {
            y: area.y + 1,
            height: area.height.saturating_sub(1),
            ..area
        };
    }
    let scroll = geometry::keep_visible(
        scroll,
        selection.stage,
        layout.visible_stages,
        map.stages.len(),
    );
    let no_marks = HashMap::new();
    let view = MapView {
        map,
        calendar,
        metrics: &metrics,
        selection: focused.then_some(selection),
        scroll,
        layout,
        marks: if which == Which::Future {
            marks
        } else {
            &no_marks
        },
    };
    frame.render_widget(&view, map_area);
    if notes_area.height > 0 {
        let notes = stickies::Stickies {
            map,
            layout,
            first_stage: scroll,
        };
        frame.render_widget(&notes, notes_area);
    }
    drawn.maps.push(DrawnMap {
        which,
        first_stage: scroll,
        visible_stages: layout.visible_stages,
        boxes: view.boxes(map_area),
    });
}

fn draw_notes(frame: &mut Frame, area: Rect, app: &App) {
    let map = app.map();
    let notes = NotesPanel {
        map,
        stage: map.stages.get(app.selection.stage).map(|s| &**s),
        step: app.selected_step(),
        calendar: &app.session.calendar,
        links: links_of_selected(app),
    };
    frame.render_widget(&notes, area);
}

/// What ties the selected step to the other map: where a future step came from, what changed,
/// which ideas it realises; for a current step, which future steps realise its ideas.
fn links_of_selected(app: &App) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    let Some(step) = app.selected_step() else {
        return lines;
    };
    let session = &app.session;
    let Some(future) = &session.future else {
        return lines;
    };
    let name_of =
        |map: &crate::model::Map, id: u64| map.steps().find(|s| s.id == id).map(|s| clean(&s.name));
    match app.focus {
        Which::Future => {
            match step
                .from
                .and_then(|id| session.current.steps().find(|s| s.id == id))
            {
                Some(origin) => {
                    let changes = crate::model::compare::step_changes(origin, step);
                    let what = if changes.is_empty() {
                        "unchanged".to_string()
                    } else {
                        changes.join(", ")
                    };
                    lines.push(Line::styled(
                        format!("from current '{}': {}", clean(&origin.name), clean(&what)),
                        theme::queue(),
                    ));
                }
                None => lines.push(Line::styled("new in the future state", theme::info())),
            }
            for current in session.current.steps() {
                for idea in current
                    .annotations
                    .iter()
                    .filter(|a| a.realised_by.contains(&step.id))
                {
                    lines.push(Line::styled(
                        format!(
                            "realises [I] {} (on {})",
                            clean(&idea.text),
                            clean(&current.name)
                        ),
                        theme::annotation(crate::model::AnnotationKind::Idea),
                    ));
                }
            }
        }
        Which::Current => {
            for idea in step
                .annotations
                .iter()
                .filter(|a| !a.realised_by.is_empty())
            {
                let names: Vec<String> = idea
                    .realised_by
                    .iter()
                    .filter_map(|id| name_of(future, *id))
                    .collect();
                lines.push(Line::styled(
                    format!(
                        "  ↳ '{}' → realised by {}",
                        fit(&idea.text, 30),
                        names.join(", ")
                    ),
                    theme::annotation(crate::model::AnnotationKind::Idea),
                ));
            }
        }
    }
    lines
}

fn draw_header(frame: &mut Frame, area: Rect, app: &App) {
    let width = area.width as usize;
    // A status message takes the header's right part (and the title's room if it needs it),
    // so the footer's keys stay in view.
    if let Some(status) = &app.status {
        let style = if status.is_error {
            theme::error()
        } else {
            theme::info()
        };
        let message = clean(&status.text);
        let title_room = width.saturating_sub(message.width() + 9).min(40);
        let mut spans = vec![Span::styled(" vsm ", theme::key()), Span::raw(" ")];
        if title_room >= 8 {
            spans.push(Span::styled(
                fit(&app.session.title, title_room),
                theme::title(),
            ));
            spans.push(Span::raw("  "));
        }
        let used: usize = spans.iter().map(|s| s.content.width()).sum();
        spans.push(Span::styled(
            fit(&message, width.saturating_sub(used)),
            style,
        ));
        frame.render_widget(Paragraph::new(Line::from(spans)), area);
        return;
    }
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
    if let Some(changed) = app.session.last_changed {
        date += &format!(" · changed {}", changed.format("%Y-%m-%d %H:%M"));
    }
    let right = format!("{file}{date}");
    // The title first; file and dates get what is left.
    let title = fit(&app.session.title, width.saturating_sub(30).max(10));
    let right_room = width.saturating_sub(title.chars().count() + 8 + 12);
    let line = Line::from(vec![
        Span::styled(" vsm ", theme::key()),
        Span::raw(" "),
        Span::styled(title, theme::title()),
        Span::raw("  "),
        Span::styled(fit(&right, right_room), theme::dim()),
        state,
    ]);
    frame.render_widget(Paragraph::new(line), area);
}

/// The status message on a line of its own, where a screen has one.
pub fn draw_status(frame: &mut Frame, area: Rect, app: &App) {
    let Some(status) = &app.status else {
        return;
    };
    let style = if status.is_error {
        theme::error()
    } else {
        theme::info()
    };
    let text = fit(&format!(" {}", clean(&status.text)), area.width as usize);
    frame.render_widget(Paragraph::new(Line::styled(text, style)), area);
}

/// The keys that work here, in the keymap's order, as many as fit; "? more" at the end when
/// some are left out (all of them are in help and in the palette).
pub fn draw_footer(frame: &mut Frame, area: Rect, app: &App) {
    let bindings = app.keymap.bindings(app.context());
    let help = bindings
        .iter()
        .find(|b| b.action == crate::app::Action::Help);
    let labelled: Vec<(String, &str)> = bindings
        .iter()
        .filter_map(|b| Some((display_key(&b.keys[0]), b.footer.as_deref()?)))
        .collect();
    let width = area.width as usize;
    let cell = |(key, label): &(String, &str)| key.width() + label.width() + 3;
    let all_fit = labelled.iter().map(cell).sum::<usize>() <= width;
    let unlabelled = labelled.len() < bindings.len();
    let more = match help {
        Some(help) if !all_fit || unlabelled => Some((display_key(&help.keys[0]), "more")),
        _ => None,
    };
    let room = width.saturating_sub(more.as_ref().map_or(0, cell));
    let mut spans = Vec::new();
    let mut used = 0;
    let mut cut = false;
    for item in labelled
        .iter()
        .filter(|(_, label)| more.is_none() || *label != "help")
    {
        if used + cell(item) > room {
            cut = true;
            break;
        }
        used += cell(item);
        spans.push(Span::styled(format!(" {} ", item.0), theme::key()));
        spans.push(Span::raw(format!("{} ", item.1)));
    }
    match more {
        Some((key, label)) => {
            spans.push(Span::styled(format!(" {key} "), theme::key()));
            spans.push(Span::raw(label));
        }
        None if cut => spans.push(Span::raw("…")),
        None => {}
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
