//! Presentation mode: the key metrics in big digits over the map(s), each labelled, no
//! editing chrome. Editing keys still work, so the room sees each change as it is made.

use std::collections::HashMap;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use tui_big_text::{BigText, PixelSize};
use unicode_width::UnicodeWidthStr;

use super::flow_marks::HOURGLASS;
use super::geometry::{LADDER, PHASES};
use super::text::{clean, putn};
use super::{draw_map_section, sections, theme};
use crate::app::{Scene, View};
use crate::model::{MapMetrics, Which, readable};

/// One big figure: its value in digits and its label, longest wording first.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    pub value: String,
    pub labels: [&'static str; 2],
}

/// The figures of one map: lead time, process time, activity ratio, and rolled %C&A when any
/// step gives one; `full` false keeps lead time and ratio (and %C&A).
pub fn figures(m: &MapMetrics, units: &readable::Units, full: bool) -> Vec<Figure> {
    let figure = |value: String, labels| Figure {
        value: value.replace(' ', ""),
        labels,
    };
    let mut out = vec![figure(units.hours(m.lead_time_hours), ["lead time", "LT"])];
    if full {
        out.push(figure(
            units.hours(m.process_time_hours),
            ["process time", "PT"],
        ));
    }
    out.push(figure(
        readable::percent(m.activity_ratio),
        ["activity ratio", "ratio"],
    ));
    if m.rolled_complete_accurate.is_some() {
        out.push(figure(
            readable::percent(m.rolled_complete_accurate),
            ["rolled %C&A", "%C&A"],
        ));
    }
    out
}

/// One line of big digits: the maps' figures side by side, "  " between maps.
#[derive(Debug, Clone, PartialEq)]
pub struct BigLine {
    pub text: String,
    /// Each figure's first character, its labels (longest first) and the columns it may use.
    pub labels: Vec<(usize, [String; 2], usize)>,
}

/// The big lines for `maps` (each a name and its figures), side by side when `together`.
pub fn big_lines(maps: &[(&str, Vec<Figure>)], together: bool, char_width: usize) -> Vec<BigLine> {
    let mut lines: Vec<BigLine> = Vec::new();
    for (index, (name, figures)) in maps.iter().enumerate() {
        if index == 0 || !together {
            lines.push(BigLine {
                text: String::new(),
                labels: Vec::new(),
            });
        }
        let line = lines.last_mut().expect("a line was pushed");
        if !line.text.is_empty() {
            line.text.push_str("  ");
        }
        for (i, figure) in figures.iter().enumerate() {
            if i > 0 {
                line.text.push(' ');
            }
            let start = line.text.chars().count();
            line.text.push_str(&figure.value);
            let room = (figure.value.chars().count() + 1) * char_width - 1;
            let named = |label: &str| {
                if i == 0 && !name.is_empty() {
                    format!("{name} {label}")
                } else {
                    label.to_string()
                }
            };
            let labels = [named(figure.labels[0]), named(figure.labels[1])];
            line.labels.push((start, labels, room));
        }
    }
    lines
}

/// The big lines and pixel size that fit `width`: larger type first, both maps on one line
/// before one line each, then fewer figures; the room's rows decide how many lines.
fn choose(
    per_map: &[(&str, Vec<Figure>, Vec<Figure>)],
    width: u16,
    height: u16,
) -> (Vec<BigLine>, PixelSize, usize) {
    let fits = |lines: &[BigLine], cw: usize| {
        lines
            .iter()
            .all(|l| l.text.chars().count() * cw <= width as usize)
    };
    let two = per_map.len() > 1;
    // Rows under the figures go to the maps and what the room said: with two maps, both
    // on one line of digits (fewer figures if need be) before a line each.
    let big = (PixelSize::HalfHeight, 8);
    let small = (PixelSize::Quadrant, 4);
    let mut tries: Vec<(bool, bool, (PixelSize, usize))> = vec![(true, true, big)];
    if !two || height >= 55 {
        tries.push((true, false, big));
    }
    tries.extend([
        (true, true, small),
        (false, true, big),
        (false, true, small),
    ]);
    tries.extend([(true, false, small), (false, false, small)]);
    let lines_for = |full: bool, together: bool, cw: usize| {
        let maps: Vec<(&str, Vec<Figure>)> = per_map
            .iter()
            .map(|(name, f, s)| (*name, if full { f.clone() } else { s.clone() }))
            .collect();
        big_lines(&maps, together, cw)
    };
    for (full, together, (pixel, cw)) in tries {
        let lines = lines_for(full, together, cw);
        if fits(&lines, cw) {
            return (lines, pixel, cw);
        }
    }
    (lines_for(false, false, 4), PixelSize::Quadrant, 4)
}

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
    let mut bottlenecks: Vec<String> = Vec::new();
    let per_map: Vec<(&str, Vec<Figure>, Vec<Figure>)> = maps
        .iter()
        .filter_map(|which| {
            let map = app.session().map(*which)?;
            let m = app
                .metrics(*which)
                .unwrap_or_else(|| std::rc::Rc::new(MapMetrics::of(map, &app.session().calendar)));
            let units = readable::Units::of(app.session());
            let name = match (maps.len() > 1, which) {
                (false, _) => "",
                (true, Which::Current) => "NOW",
                (true, Which::Future) => "NEXT",
            };
            if let Some(step) = &m.bottleneck_step {
                bottlenecks.push(format!("{name} {}", clean(step)).trim().to_string());
            }
            Some((name, figures(&m, &units, true), figures(&m, &units, false)))
        })
        .collect();
    let (lines, pixel, char_width) = choose(&per_map, area.width, area.height);
    let big_height = lines.len() as u16 * 5;
    let status = u16::from(app.viewer.status.is_some());
    let [top_area, big_area, maps_area, status_area] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(big_height),
        Constraint::Min(1),
        Constraint::Length(status),
    ])
    .areas(area);
    frame.render_widget(
        Paragraph::new(top_line(
            &clean(&app.session().title),
            &bottleneck_note(&bottlenecks),
            area.width as usize,
        )),
        top_area,
    );
    for (i, line) in lines.iter().enumerate() {
        let y = big_area.y + i as u16 * 5;
        let digits = Rect {
            y,
            height: 4,
            ..big_area
        }
        .intersection(big_area);
        let big = BigText::builder()
            .pixel_size(pixel)
            .style(theme::value())
            .lines(vec![Line::from(line.text.clone())])
            .build();
        frame.render_widget(big, digits);
        if y + 4 < big_area.bottom() {
            draw_labels(frame.buffer_mut(), line, big_area.x, y + 4, char_width);
        }
    }

    // Both maps only when each gets room for a row of boxes, with a blank row between them;
    // else the one being edited, still named so the room knows which it is.
    let titled = maps.len() > 1;
    let smallest = u16::from(titled) + PHASES + 5 + LADDER;
    let maps: Vec<Which> = if maps.len() > 1 && maps_area.height < smallest * 2 + 1 {
        vec![app.viewer.focus]
    } else {
        maps
    };
    for section in sections::presenting(app, &maps, maps_area, titled) {
        draw_map_section(frame, app, &section, marks, drawn);
    }
    super::draw_status(frame, status_area, app);
}

/// The label row under a line of big digits: each label under its figure.
fn draw_labels(buf: &mut Buffer, line: &BigLine, x: u16, y: u16, char_width: usize) {
    for (start, labels, room) in &line.labels {
        let at = x.saturating_add((start * char_width) as u16);
        if at < buf.area.right() && y < buf.area.bottom() {
            let room = (*room).min((buf.area.right() - at) as usize);
            let label = label_in(labels, room);
            putn(buf, at, y, label, room, theme::dim());
        }
    }
}

/// The longest label that fits `room` columns (the short one, cut, when none does).
pub fn label_in(labels: &[String; 2], room: usize) -> &str {
    labels
        .iter()
        .find(|l| l.width() <= room)
        .unwrap_or(&labels[1])
}

/// `text` cut to `width` at a word break, with … when words were left out; never mid-word.
fn whole_words(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    let mut out = String::new();
    for word in text.split(' ') {
        let next = if out.is_empty() {
            word.to_string()
        } else {
            format!("{out} {word}")
        };
        if next.width() + 1 > width {
            break;
        }
        out = next;
    }
    if out.is_empty() {
        return String::new();
    }
    format!("{}…", out.trim_end_matches([' ', '·', ':', ',']))
}

/// " Title · ⧗ bottleneck: …": the bottleneck first when both do not fit, and whatever is
/// cut is cut between words.
fn top_line(title: &str, bottleneck: &str, width: usize) -> Line<'static> {
    let dim = |text: String| Span::styled(text, theme::dim());
    let head = format!(" {title}");
    if head.width() + bottleneck.width() <= width {
        return Line::from(vec![
            dim(head),
            Span::styled(bottleneck.to_string(), theme::flag()),
        ]);
    }
    let flagged = whole_words(
        bottleneck.trim_start_matches(" · "),
        width.saturating_sub(1),
    );
    let room = width.saturating_sub(flagged.width() + 4);
    let title = whole_words(title, room);
    let mut spans = vec![Span::styled(format!(" {flagged}"), theme::flag())];
    if !title.is_empty() {
        spans.push(dim(format!(" · {title}")));
    }
    Line::from(spans)
}

/// " · ⧗ bottleneck: NOW Testing · NEXT Deploy", or nothing when no stage waits.
fn bottleneck_note(bottlenecks: &[String]) -> String {
    if bottlenecks.is_empty() {
        return String::new();
    }
    format!(" · {HOURGLASS} bottleneck: {}", bottlenecks.join(" · "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figure(value: &str, labels: [&'static str; 2]) -> Figure {
        Figure {
            value: value.into(),
            labels,
        }
    }

    #[test]
    fn each_big_figure_has_its_label_under_it() {
        let now = vec![
            figure("22d", ["lead time", "LT"]),
            figure("5d", ["process time", "PT"]),
            figure("23%", ["activity ratio", "ratio"]),
        ];
        let next = vec![figure("6.6d", ["lead time", "LT"])];
        let lines = big_lines(&[("NOW", now), ("NEXT", next)], true, 4);
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].text, "22d 5d 23%  6.6d");
        let labels: Vec<(usize, &str)> = lines[0]
            .labels
            .iter()
            .map(|(at, labels, room)| (*at, label_in(labels, *room)))
            .collect();
        assert_eq!(
            labels,
            [
                (0, "NOW lead time"),
                (4, "PT"),
                (7, "activity ratio"),
                (12, "NEXT lead time")
            ]
        );
    }

    #[test]
    fn the_top_line_is_cut_between_words() {
        let line = top_line(
            "Tailspin: one feature, request to customer",
            " · ⧗ bottleneck: NOW Leadership approval · NEXT Triage bugs",
            80,
        )
        .to_string();
        assert!(line.width() <= 80, "{line}");
        assert!(line.contains("NEXT Triage bugs"), "{line}");
        assert!(
            line.ends_with("Tailspin: one…") || line.ends_with("feature…"),
            "{line}"
        );
        assert_eq!(whole_words("one two three", 9), "one two…");
        assert_eq!(whole_words("one two", 9), "one two");
    }
}
