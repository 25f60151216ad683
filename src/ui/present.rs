//! Presentation mode: the key metrics in big digits over the map(s), no editing chrome. Editing
//! keys still work, so the room sees each change as it is made.

use std::collections::HashMap;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use tui_big_text::{BigText, PixelSize};
use unicode_width::UnicodeWidthStr;

use super::flow_marks::HOURGLASS;
use super::geometry::{LADDER, MapLayout, PHASES, Zoom};
use super::sections::{Section, notes_rows};
use super::text::clean;
use super::{draw_map_section, theme};
use crate::app::{Scene, View};
use crate::model::{MapMetrics, Which, readable};

pub fn draw(
    frame: &mut Frame,
    app: &Scene<'_>,
    marks: &HashMap<u64, &'static str>,
    drawn: &mut crate::app::Drawn,
) {
    let area = frame.area();
    let maps: Vec<Which> = match (&app.session().future, app.viewer.view) {
        (Some(_), View::Split | View::Comparison) => vec![Which::Current, Which::Future],
        _ => vec![app.viewer.focus],
    };
    let pixel = if area.width >= 160 {
        PixelSize::HalfHeight
    } else {
        PixelSize::Quadrant
    };
    let char_width = if pixel == PixelSize::HalfHeight { 8 } else { 4 };
    let mut bottlenecks: Vec<String> = Vec::new();
    let texts: Vec<(String, String)> = maps
        .iter()
        .filter_map(|which| {
            let map = app.session().map(*which)?;
            let m = app
                .metrics(*which)
                .unwrap_or_else(|| std::rc::Rc::new(MapMetrics::of(map, &app.session().calendar)));
            let c = &app.session().calendar;
            let name = if *which == Which::Current {
                "NOW "
            } else {
                "NEXT"
            };
            let lead = readable::hours(m.lead_time_hours, c);
            let ratio = readable::percent(m.activity_ratio);
            let full = format!(
                "{name} {lead} {} {ratio}",
                readable::hours(m.process_time_hours, c)
            );
            let short = format!("{} {ratio}", lead.replace(' ', ""));
            if let Some(step) = &m.bottleneck_step {
                let which = if maps.len() > 1 { name.trim() } else { "" };
                bottlenecks.push(format!("{which} {}", clean(step)).trim().to_string());
            }
            Some((full, short))
        })
        .collect();
    // One form for every line, so the columns read the same.
    let fits = |text: &String| (text.width() as u16) * char_width <= area.width;
    let full = texts.iter().all(|(f, _)| fits(f));
    let lines: Vec<String> = texts
        .into_iter()
        .map(|(f, s)| if full { f } else { s })
        .collect();
    let legend = if full {
        "lead time · process time · activity ratio (process time / lead time)"
    } else {
        "lead time · activity ratio"
    };
    let big_height = lines.len() as u16 * 4;
    let status = u16::from(app.status_line().is_some());
    let [legend_area, big_area, maps_area, status_area] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(big_height),
        Constraint::Min(1),
        Constraint::Length(status),
    ])
    .areas(area);
    frame.render_widget(
        Paragraph::new(legend_line(
            &clean(&app.session().title),
            legend,
            &bottleneck_note(&bottlenecks),
            area.width as usize,
        )),
        legend_area,
    );
    let big = BigText::builder()
        .pixel_size(pixel)
        .style(theme::value())
        .lines(lines.into_iter().map(Line::from).collect::<Vec<_>>())
        .build();
    frame.render_widget(big, big_area);

    // Both maps only when each gets room for a row of boxes, with a blank row between them;
    // else the one being edited, still named so the room knows which it is.
    let smallest = 1 + PHASES + 5 + LADDER;
    let titled = maps.len() > 1;
    let maps: Vec<Which> = if maps.len() > 1 && maps_area.height < smallest * 2 + 1 {
        vec![app.viewer.focus]
    } else {
        maps
    };
    let gaps = maps.len().saturating_sub(1) as u16;
    let share = maps_area.height.saturating_sub(gaps) / maps.len().max(1) as u16;
    let mut y = maps_area.y;
    for which in &maps {
        let Some(map) = app.session().map(*which) else {
            continue;
        };
        let rows = share.saturating_sub(1 + PHASES + LADDER);
        // Large boxes when the whole map still fits across, else the zoom in force.
        let large = MapLayout::fit(map, maps_area.width, rows, Zoom::Large);
        let layout = if large.visible_stages >= map.stages.len() {
            large
        } else {
            MapLayout::fit(map, maps_area.width, rows, app.viewer.zoom)
        };
        let height = (1 + PHASES + layout.stack_height + LADDER).min(share);
        // In front of the room every note counts: as many as the share leaves room for.
        let notes = if app.viewer.stickies {
            notes_rows(
                app,
                map,
                layout,
                maps_area.width,
                share.saturating_sub(height),
            )
        } else {
            0
        };
        let rect = Rect {
            y,
            height: height + notes,
            ..maps_area
        };
        let section = Section {
            which: *which,
            rect,
            layout,
            titled,
            notes,
        };
        draw_map_section(frame, app, &section, marks, drawn);
        y += height + notes + 1;
    }
    super::draw_status(frame, status_area, app);
}

/// "Title · legend · ⧗ bottleneck: …"; when that is too wide, the bottleneck comes first, then
/// the legend of the digits, and the title (which the room knows) is what gets cut.
fn legend_line(title: &str, legend: &str, bottleneck: &str, width: usize) -> Line<'static> {
    let dim = |text: String| Span::styled(text, theme::dim());
    let title_first = format!(" {title} · {legend}");
    if title_first.width() + bottleneck.width() <= width {
        return Line::from(vec![
            dim(title_first),
            Span::styled(bottleneck.to_string(), theme::flag()),
        ]);
    }
    // The legend says what the big figures are: it stays whole; the bottleneck comes next,
    // the title gives way first.
    let short = legend.split(" (").next().unwrap_or(legend).to_string();
    let legend = if format!(" {legend}{bottleneck}").width() <= width {
        legend.to_string()
    } else {
        short
    };
    let head = format!(" {legend}");
    let room = width.saturating_sub(head.width());
    let rest = format!("{bottleneck} · {title}");
    let (flagged, plain) = if bottleneck.width() >= room {
        (super::text::fit(bottleneck, room), String::new())
    } else {
        let plain = super::text::fit(&rest[bottleneck.len()..], room - bottleneck.width());
        (bottleneck.to_string(), plain)
    };
    Line::from(vec![
        dim(head),
        Span::styled(flagged, theme::flag()),
        dim(plain),
    ])
}

/// " · ⧗ bottleneck: NOW Testing · NEXT Deploy", or nothing when no stage waits.
fn bottleneck_note(bottlenecks: &[String]) -> String {
    if bottlenecks.is_empty() {
        return String::new();
    }
    format!(" · {HOURGLASS} bottleneck: {}", bottlenecks.join(" · "))
}
