//! Drawing: `draw(frame, &app)` and the widgets it uses. Nothing here changes the app.

mod actions_view;
pub mod bars;
pub mod color_depth;
pub mod compare_view;
pub mod field_window;
pub mod finders;
pub mod flow_charts;
pub mod flow_marks;
pub mod flow_notes;
pub mod flow_view;
pub mod geometry;
mod grid_view;
pub mod map_view;
pub mod mapping_view;
pub mod measured_box;
pub mod overlays;
pub mod panels;
pub mod present;
pub mod sections;
pub mod start;
pub mod step_box;
pub mod stickies;
pub mod text;
pub mod theme;
mod voting_view;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use std::collections::HashMap;

use crate::app::drawn::{Drawn, DrawnMap};
use crate::app::keymap::display_key;
use crate::app::{Mode, Scene, Screen, Target, View};
use crate::model::compare::Comparison;
use crate::model::{MapMetrics, Which, readable};
use bars::draw_header;
pub use bars::{draw_footer, draw_status};
use compare_view::ComparisonView;
use geometry::{FOOTER, HEADER, MIN_SIZE};
use map_view::MapView;
use panels::{MetricsPanel, NotesPanel};
use text::{clean, fit};

/// Draws what the facilitator sees and returns what the frame showed (maps, stages, step
/// boxes), for the app to hit-test clicks and to know what the room can see.
pub fn draw(frame: &mut Frame, app: &crate::app::App) -> Drawn {
    draw_scene(frame, &app.scene())
}

/// Draws one viewer's view of the document.
pub fn draw_scene(frame: &mut Frame, app: &Scene<'_>) -> Drawn {
    let drawn = draw_screen(frame, app);
    color_depth::apply(frame.buffer_mut(), app.viewer.colors);
    drawn
}

fn draw_screen(frame: &mut Frame, app: &Scene<'_>) -> Drawn {
    theme::set(app.viewer.theme, app.viewer.no_color);
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
    match app.viewer.screen {
        Screen::Start => start::draw(frame, app),
        Screen::Map if app.viewer.presenting => {
            let marks = app.comparison().map(|c| c.marks()).unwrap_or_default();
            present::draw(frame, app, &marks, &mut drawn);
        }
        Screen::Map => draw_map_screen(frame, app, &mut drawn),
    }
    match &app.viewer.mode {
        Mode::Normal => {}
        Mode::Form(form) => overlays::draw_form(frame, form, &app.session().calendar),
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
            back,
        } => {
            let guide = match back.as_ref() {
                Mode::Form(form) => Some(crate::app::form_guide::guide(form)),
                _ => None,
            };
            overlays::draw_help(frame, app.keymap, *from, filter, *scroll, guide.as_ref())
        }
        Mode::Palette(palette) => finders::draw_palette(frame, palette, app.keymap),
        Mode::Search(search) => finders::draw_search(frame, search, app.session()),
        Mode::Mapping { selected } => mapping_view::draw(frame, app, *selected),
        Mode::Flow { did_we_get_there } => flow_view::draw(frame, app, *did_we_get_there),
        Mode::Voting { line } => voting_view::draw(frame, app, line),
        Mode::Actions { selected, filter } => actions_view::draw(frame, app, *selected, filter),
        Mode::Grid { selected } => grid_view::draw(frame, app, *selected),
        Mode::Confirm(_) => {
            let holder = app
                .file
                .locked
                .as_ref()
                .map(|l| l.holder.as_str())
                .unwrap_or("");
            overlays::draw_question(frame, app.keymap, app.context(), holder)
        }
    }
    drawn
}

fn draw_too_small(frame: &mut Frame, area: Rect, app: &Scene<'_>) {
    // The keys that work here, from the keymap: a remapped key is told as it is.
    let keys: Vec<String> = app
        .keymap
        .bindings(crate::app::keymap::Context::TooSmall)
        .iter()
        .map(|b| {
            let keys: Vec<String> = b.keys.iter().map(display_key).collect();
            let keys = match keys.split_last() {
                Some((last, [])) => last.clone(),
                Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
                None => String::new(),
            };
            format!("{keys}: {}.", b.help)
        })
        .collect();
    let mut message = format!(
        "vsm needs a window of at least {}x{}; this one is {}x{}. Enlarge it or reduce the font size. {}",
        MIN_SIZE.0,
        MIN_SIZE.1,
        area.width,
        area.height,
        keys.join(" ")
    );
    if let Some(status) = &app.status_line() {
        message = format!("{} {message}", clean(&status.text));
    }
    frame.render_widget(
        Paragraph::new(message).wrap(ratatui::widgets::Wrap { trim: true }),
        area,
    );
}

fn draw_map_screen(frame: &mut Frame, app: &Scene<'_>, drawn: &mut Drawn) {
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
    match (&comparison, app.viewer.view) {
        (Some(comparison), View::Comparison) => {
            let view = ComparisonView {
                session: app.session(),
                comparison,
                compact: false,
                scroll: app.viewer.comparison_scroll,
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
    app: &Scene<'_>,
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
    let panels = flow_view::measured_line(frame, app, panels);

    let metrics_width = if body.width >= 140 { 34 } else { 26 };
    let [notes_area, metrics_area] =
        Layout::horizontal([Constraint::Min(20), Constraint::Length(metrics_width)]).areas(panels);
    draw_notes(frame, notes_area, app);
    let metrics = app
        .metrics(app.viewer.focus)
        .unwrap_or_else(|| std::rc::Rc::new(MapMetrics::of(map, &app.session().calendar)));
    frame.render_widget(
        &MetricsPanel {
            metrics: &metrics,
            units: readable::Units::of(app.session()),
        },
        metrics_area,
    );
}

/// Current state above, future state below, and the comparison when there is room.
fn draw_split(
    frame: &mut Frame,
    body: Rect,
    app: &Scene<'_>,
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
    if body.bottom().saturating_sub(y) >= 8 {
        let bottom_area = Rect {
            y,
            height: body.bottom().saturating_sub(y),
            ..body
        };
        let [notes_area, compare_area] =
            Layout::horizontal([Constraint::Min(20), Constraint::Length(64)]).areas(bottom_area);
        draw_notes(frame, notes_area, app);
        let view = ComparisonView {
            session: app.session(),
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
    app: &Scene<'_>,
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
        scroll,
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
    let Some(map) = app.session().map(which) else {
        return;
    };
    if area.height < 1 + u16::from(titled) + geometry::PHASES + geometry::LADDER + 3 {
        return;
    }
    let calendar = &app.session().calendar;
    let metrics = app
        .metrics(which)
        .unwrap_or_else(|| std::rc::Rc::new(MapMetrics::of(map, calendar)));
    let focused = which == app.viewer.focus;
    let selection = app.viewer.selection;
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
        let editing = match (focused, app.file.is_read_only()) {
            (true, true) => " (read-only)",
            (true, false) => " (editing)",
            (false, _) => "",
        };
        let told = readable::Units::of(app.session())
            .alike(&[metrics.lead_time_hours, metrics.process_time_hours]);
        let line = Line::from(vec![
            Span::styled(marker, theme::selected_border()),
            Span::styled(format!("{name}{editing}"), style),
            Span::raw(format!(
                "   LT {} · PT {} · activity ratio {} · %C&A {}",
                told[0],
                told[1],
                readable::percent(metrics.activity_ratio),
                readable::percent(metrics.rolled_complete_accurate),
            )),
            Span::styled(flow_view::measured_brief(app, which), theme::value()),
        ]);
        frame.render_widget(Paragraph::new(line), Rect { height: 1, ..area });
        map_area = Rect {
            y: area.y + 1,
            height: area.height.saturating_sub(1),
            ..area
        };
    }
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
        measured: app.figures(which),
        units: readable::Units::of(app.session()),
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

fn draw_notes(frame: &mut Frame, area: Rect, app: &Scene<'_>) {
    let map = app.map();
    let notes = NotesPanel {
        map,
        step: app.selected_step(),
        calendar: &app.session().calendar,
        totals_in: app.session().totals_in,
        links: links_of_selected(app),
        flow: app
            .metrics(app.viewer.focus)
            .map(|m| flow_notes::step_lines(map, &m, app.viewer.selection, &app.session().calendar))
            .unwrap_or_default(),
    };
    frame.render_widget(&notes, area);
}

/// What ties the selected step to the other map: where a future step came from, what changed,
/// which ideas it realises; for a current step, which future steps realise its ideas.
fn links_of_selected(app: &Scene<'_>) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    let Some(step) = app.selected_step() else {
        return lines;
    };
    let session = &app.session();
    let Some(future) = &session.future else {
        return lines;
    };
    let name_of =
        |map: &crate::model::Map, id: u64| map.steps().find(|s| s.id == id).map(|s| clean(&s.name));
    match app.viewer.focus {
        Which::Future => {
            match step
                .from
                .and_then(|id| session.current.steps().find(|s| s.id == id))
            {
                Some(origin) => {
                    // The comparison's own answer, rework included: the panel and the
                    // comparison never disagree about a step.
                    let what = app
                        .comparison()
                        .and_then(|c| c.change_of(step.id).map(|c| c.said()))
                        .unwrap_or_else(|| "unchanged".to_string());
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
                            text::shown(&idea.text),
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
