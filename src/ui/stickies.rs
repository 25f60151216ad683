//! What the room said, drawn as sticky notes under each step's column, lettered and coloured
//! by kind and wrapped; "+N more" when a column runs out of rows. Notes on the whole map go
//! in a strip of their own under the columns.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::widgets::Widget;

use super::geometry::MapLayout;
use super::text::{clean, fit, putn, wrap};
use super::theme;
use crate::model::{Annotation, Map, Stage};

/// Fewest rows worth giving to notes: fewer and the badges say as much.
pub const MIN_ROWS: u16 = 3;

/// Whether a window (outside presentation mode) is big enough for notes beside the boxes:
/// projector sizes, not a laptop's 80x24.
pub fn room_for(area: Rect) -> bool {
    area.width >= 100 && area.height >= 32
}

pub struct Stickies<'a> {
    pub map: &'a Map,
    pub layout: MapLayout,
    /// The first stage in view, as the map above was drawn.
    pub first_stage: usize,
}

/// One line of a note: its text and whether it is the note's first (which carries the letter).
type NoteLine = (String, bool);

impl Stickies<'_> {
    fn column_width(&self) -> usize {
        // A space before the next column's notes.
        (self.layout.box_width + self.layout.gap).saturating_sub(2) as usize
    }

    fn visible(&self) -> std::ops::Range<usize> {
        let end = (self.first_stage + self.layout.visible_stages).min(self.map.stages.len());
        self.first_stage.min(end)..end
    }

    /// The notes of a stage (all its parallel steps), each wrapped to the column.
    fn column<'s>(&self, stage: &'s Stage) -> Vec<(&'s Annotation, Vec<NoteLine>)> {
        let width = self.column_width();
        stage
            .steps
            .iter()
            .flat_map(|step| step.annotations.iter())
            .map(|note| (note, note_lines(note, width)))
            .collect()
    }

    fn strip_lines(&self, width: usize) -> Vec<(&Annotation, Vec<NoteLine>)> {
        self.map
            .annotations
            .iter()
            .map(|note| (note, note_lines(note, width)))
            .collect()
    }

    /// Lines of the notes under one stage, wrapped to the column.
    pub fn stage_lines(&self, stage: &Stage) -> u16 {
        let lines: usize = self.column(stage).iter().map(|(_, l)| l.len()).sum();
        lines.min(u16::MAX as usize) as u16
    }

    pub fn column_width_cells(&self) -> u16 {
        self.column_width() as u16
    }

    /// Rows that show every note, for a map `width` wide whose tallest column of notes has
    /// `columns` lines (counted over every stage, not just those in view, so scrolling does
    /// not move the rows), plus the map strip.
    pub fn rows_needed(&self, width: u16, columns: u16) -> u16 {
        let strip: usize = self
            .strip_lines(width as usize)
            .iter()
            .map(|(_, lines)| lines.len())
            .sum();
        let columns = usize::from(columns);
        let gap = usize::from(columns > 0 && strip > 0);
        (columns + gap + strip).min(u16::MAX as usize) as u16
    }
}

impl Widget for &Stickies<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let area = area.intersection(buf.area);
        if area.height == 0 || self.column_width() < 6 {
            return;
        }
        let strip_needed: u16 = self
            .strip_lines(area.width as usize)
            .iter()
            .map(|(_, lines)| lines.len() as u16)
            .sum();
        // The map strip gets its rows first, up to a third of the room.
        let strip = strip_needed.min((area.height / 3).max(1));
        let columns = Rect {
            height: area.height - strip,
            ..area
        };
        for (slot, stage) in self.visible().enumerate() {
            let x = self.layout.slot_x(area.x, slot) + self.layout.gap;
            let rect = Rect {
                x,
                width: self.column_width() as u16,
                ..columns
            }
            .intersection(area);
            draw_notes(&self.column(&self.map.stages[stage]), rect, buf);
        }
        if strip > 0 {
            let rect = Rect {
                y: area.bottom() - strip,
                height: strip,
                ..area
            };
            draw_notes(&self.strip_lines(area.width as usize), rect, buf);
        }
    }
}

/// "C I have to walk around…" wrapped to `width`, the letter on the first line only.
fn note_lines(note: &Annotation, width: usize) -> Vec<NoteLine> {
    let mut text = clean(&note.text);
    if let Some(author) = &note.author {
        text = format!("{text} — {}", clean(author));
    }
    wrap(&text, width.saturating_sub(2), usize::MAX)
        .into_iter()
        .enumerate()
        .map(|(i, line)| (line, i == 0))
        .collect()
}

/// Notes top to bottom in `rect`; when they do not all fit, the last one shown is cut with …
/// and the last row says how many more there are.
fn draw_notes(notes: &[(&Annotation, Vec<NoteLine>)], rect: Rect, buf: &mut Buffer) {
    let rows = rect.height as usize;
    let width = rect.width as usize;
    let text_width = width.saturating_sub(2);
    let mut y = 0usize;
    for (index, (note, lines)) in notes.iter().enumerate() {
        let after = notes.len() - index - 1;
        let rest: usize = notes[index..].iter().map(|(_, l)| l.len()).sum();
        let room = if y + rest <= rows {
            lines.len()
        } else {
            rows.saturating_sub(y + usize::from(after > 0))
                .min(lines.len())
        };
        if room == 0 {
            let more = format!("+{} more", after + 1);
            putn(buf, rect.x, rect.y + y as u16, more, width, theme::dim());
            return;
        }
        let style = theme::annotation(note.kind).remove_modifier(Modifier::BOLD);
        let letter_style = theme::annotation(note.kind).add_modifier(Modifier::REVERSED);
        for (row, (text, first)) in lines.iter().take(room).enumerate() {
            let row_y = rect.y + (y + row) as u16;
            if *first {
                putn(
                    buf,
                    rect.x,
                    row_y,
                    note.kind.letter().to_string(),
                    1,
                    letter_style,
                );
            }
            let text = if row + 1 == room && room < lines.len() {
                format!(
                    "{}…",
                    fit(text, text_width.saturating_sub(1)).trim_end_matches('…')
                )
            } else {
                text.clone()
            };
            putn(buf, rect.x + 2, row_y, text, text_width, style);
        }
        y += room;
        if room < lines.len() {
            if after > 0 {
                let more = format!("+{after} more");
                putn(buf, rect.x, rect.y + y as u16, more, width, theme::dim());
            }
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AnnotationKind, Step};

    fn note(kind: AnnotationKind, text: &str) -> Annotation {
        Annotation {
            kind,
            text: text.into(),
            author: None,
            realised_by: Vec::new(),
            id: None,
        }
    }

    fn rows(map: &Map, width: u16, height: u16) -> Vec<String> {
        let layout = MapLayout::fit(map, 60, 10, crate::app::Zoom::Normal);
        let stickies = Stickies {
            map,
            layout,
            first_stage: 0,
        };
        let area = Rect::new(0, 0, width, height);
        let mut buf = Buffer::empty(area);
        (&stickies).render(area, &mut buf);
        (0..height)
            .map(|y| {
                (0..width)
                    .map(|x| buf[(x, y)].symbol())
                    .collect::<String>()
                    .trim_end()
                    .to_string()
            })
            .collect()
    }

    fn one_stage(notes: Vec<Annotation>) -> Map {
        let mut map = Map::default();
        let mut step = Step::new(1, "Build");
        step.annotations = notes;
        map.insert_stage(0, step);
        map
    }

    #[test]
    fn notes_are_lettered_wrapped_and_all_shown_when_they_fit() {
        let map = one_stage(vec![
            note(AnnotationKind::Complaint, "Builds break at night"),
            note(AnnotationKind::Idea, "Nightly build"),
        ]);
        let layout = MapLayout::fit(&map, 60, 10, crate::app::Zoom::Normal);
        let stickies = Stickies {
            map: &map,
            layout,
            first_stage: 0,
        };
        let needed = stickies.rows_needed(60, stickies.stage_lines(&map.stages[0]));
        let shown = rows(&map, 60, needed);
        let text = shown.join("\n");
        assert!(text.contains("C Builds break at"), "{text}");
        assert!(text.contains("I Nightly build"), "{text}");
        assert!(!text.contains("more"), "{text}");
    }

    #[test]
    fn a_column_out_of_rows_cuts_a_note_and_counts_the_rest() {
        let map = one_stage(vec![
            note(
                AnnotationKind::Gap,
                "One two three four five six seven eight nine ten eleven twelve thirteen \
                 fourteen fifteen sixteen seventeen eighteen nineteen twenty",
            ),
            note(AnnotationKind::Question, "Why?"),
            note(AnnotationKind::Idea, "Fix it"),
        ]);
        let shown = rows(&map, 60, 3);
        let text = shown.join("\n");
        assert!(shown[0].contains("G One two"), "{text}");
        assert!(shown[1].ends_with('…'), "{text}");
        assert!(shown[2].contains("+2 more"), "{text}");
    }
}
