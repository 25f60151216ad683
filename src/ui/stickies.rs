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

/// Whether a window (outside presentation mode) is big enough for notes beside the boxes:
/// from 100x30 (projector sizes), not a laptop's 80x24.
pub fn room_for(area: Rect) -> bool {
    area.width >= 100 && area.height >= 28
}

pub struct Stickies<'a> {
    pub map: &'a Map,
    pub layout: MapLayout,
    /// The first stage in view, as the map above is drawn.
    pub first_stage: usize,
}

/// One line of a note: its text and whether it is the note's first (which carries the letter).
type NoteLine = (String, bool);

/// A column of notes: the slot of its stage, how many slots it spans (its own and those of
/// the stages right of it that have no notes) and the stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Column {
    slot: usize,
    span: usize,
    stage: usize,
}

impl Stickies<'_> {
    fn visible(&self) -> std::ops::Range<usize> {
        let end = (self.first_stage + self.layout.visible_stages).min(self.map.stages.len());
        self.first_stage.min(end)..end
    }

    fn has_notes(stage: &Stage) -> bool {
        stage.steps.iter().any(|step| !step.annotations.is_empty())
    }

    /// The columns of the stages in view that have notes; a column widens over the stages
    /// after it that have none, so its notes wrap in fewer lines.
    fn columns(&self) -> Vec<Column> {
        let range = self.visible();
        let stages = &self.map.stages[range.clone()];
        let mut columns: Vec<Column> = Vec::new();
        for (slot, stage) in stages.iter().enumerate() {
            if Self::has_notes(stage) {
                columns.push(Column {
                    slot,
                    span: 1,
                    stage: range.start + slot,
                });
            } else if let Some(last) = columns.last_mut() {
                last.span += 1;
            }
        }
        columns
    }

    /// Columns a note column spanning `span` slots has, a space before the next one's notes.
    fn column_width(&self, span: usize) -> usize {
        let slot = (self.layout.box_width + self.layout.gap) as usize;
        (slot * span).saturating_sub(2)
    }

    /// The columns `column` has on a map `width` wide: never past its right edge.
    fn width_of(&self, column: Column, width: u16) -> usize {
        let x = self.layout.slot_x(0, column.slot) + self.layout.gap;
        self.column_width(column.span)
            .min(width.saturating_sub(x) as usize)
    }

    /// The notes of a stage (all its parallel steps), each wrapped to `width`.
    fn column_notes(stage: &Stage, width: usize) -> Vec<(&Annotation, Vec<NoteLine>)> {
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

    /// Rows that show every note of the stages in view and of the whole map, on a map
    /// `width` columns wide.
    pub fn rows_needed(&self, width: u16) -> u16 {
        let columns = self
            .columns()
            .into_iter()
            .map(|column| {
                let width = self.width_of(column, width);
                Self::column_notes(&self.map.stages[column.stage], width)
                    .iter()
                    .map(|(_, lines)| lines.len())
                    .sum::<usize>()
            })
            .max()
            .unwrap_or(0);
        let strip: usize = self
            .strip_lines(width as usize)
            .iter()
            .map(|(_, lines)| lines.len())
            .sum();
        let gap = usize::from(columns > 0 && strip > 0);
        (columns + gap + strip).min(u16::MAX as usize) as u16
    }
}

impl Widget for &Stickies<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let area = area.intersection(buf.area);
        if area.height == 0 || self.column_width(1) < 6 {
            return;
        }
        let strip_notes = self.strip_lines(area.width as usize);
        let strip_needed: u16 = strip_notes
            .iter()
            .map(|(_, lines)| lines.len() as u16)
            .sum();
        let columns = self.columns();
        // The map strip gets its rows first, up to a third of the room (all of it when no
        // step in view has notes, none when there are two rows or fewer).
        let strip = if columns.is_empty() {
            strip_needed.min(area.height)
        } else if area.height >= 3 {
            strip_needed.min((area.height / 3).max(1))
        } else {
            // Two rows or fewer: the notes of the steps in view come first.
            0
        };
        let rows = Rect {
            height: area.height - strip,
            ..area
        };
        for column in columns {
            let x = self.layout.slot_x(area.x, column.slot) + self.layout.gap;
            let width = self.width_of(column, area.width);
            let rect = Rect {
                x,
                width: width as u16,
                ..rows
            }
            .intersection(area);
            let mut notes = Stickies::column_notes(&self.map.stages[column.stage], width);
            fit_tighter(&mut notes, width, rect.height);
            draw_notes(&notes, rect, buf);
        }
        if strip > 0 {
            let rect = Rect {
                y: area.bottom() - strip,
                height: strip,
                ..area
            };
            draw_notes(&strip_notes, rect, buf);
        }
    }
}

/// "C I have to walk around…" wrapped to `width`, the letter on the first line only.
fn note_lines(note: &Annotation, width: usize) -> Vec<NoteLine> {
    lines_of(note, width, true)
}

/// A note's lines, with or without who said it.
fn lines_of(note: &Annotation, width: usize, author: bool) -> Vec<NoteLine> {
    let mut text = super::text::shown(&note.text);
    if let Some(author) = note.author.as_ref().filter(|_| author) {
        text = format!("{text} — {}", clean(author));
    }
    wrap(&text, width.saturating_sub(2), usize::MAX)
        .into_iter()
        .enumerate()
        .map(|(i, line)| (line, i == 0))
        .collect()
}

/// Notes that do not fit `rows` are told without their authors before any is cut: the room
/// knows who spoke, the words are what it reads.
fn fit_tighter(notes: &mut [(&Annotation, Vec<NoteLine>)], width: usize, rows: u16) {
    let lines = |notes: &[(&Annotation, Vec<NoteLine>)]| -> usize {
        notes.iter().map(|(_, lines)| lines.len()).sum()
    };
    if lines(notes) <= rows as usize {
        return;
    }
    for (note, lines) in notes.iter_mut() {
        *lines = lines_of(note, width, false);
    }
}

/// Lines each note gets in `rows`: all of them when they fit; else the same most lines for
/// every note (each cut with …), so every note is begun; when not even one line each fits,
/// one line for as many as fit with a row left for "+N more".
fn lines_each(lengths: &[usize], rows: usize) -> Vec<usize> {
    if lengths.iter().sum::<usize>() <= rows {
        return lengths.to_vec();
    }
    if lengths.len() > rows {
        let shown = rows.saturating_sub(1);
        return (0..lengths.len()).map(|i| usize::from(i < shown)).collect();
    }
    let longest = lengths.iter().copied().max().unwrap_or(0);
    let cap = (1..=longest)
        .rev()
        .find(|cap| lengths.iter().map(|l| (*l).min(*cap)).sum::<usize>() <= rows)
        .unwrap_or(1);
    let mut each: Vec<usize> = lengths.iter().map(|l| (*l).min(cap)).collect();
    // Rows the cap leaves over go to the notes cut, first to last.
    let mut spare = rows - each.iter().sum::<usize>();
    for (shown, length) in each.iter_mut().zip(lengths) {
        let more = (length - *shown).min(spare);
        *shown += more;
        spare -= more;
    }
    each
}

/// Notes top to bottom in `rect`; when they do not all fit, each is cut with … to an equal
/// share of the rows, and only when not every note gets a line does the last row say how
/// many more there are.
fn draw_notes(notes: &[(&Annotation, Vec<NoteLine>)], rect: Rect, buf: &mut Buffer) {
    let width = rect.width as usize;
    let text_width = width.saturating_sub(2);
    let lengths: Vec<usize> = notes.iter().map(|(_, lines)| lines.len()).collect();
    let each = lines_each(&lengths, rect.height as usize);
    let mut y = 0usize;
    for ((note, lines), room) in notes.iter().zip(&each) {
        let room = *room;
        if room == 0 {
            continue;
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
    }
    let hidden = each.iter().filter(|shown| **shown == 0).count();
    if hidden > 0 && y < rect.height as usize {
        let more = format!("+{hidden} more");
        putn(buf, rect.x, rect.y + y as u16, more, width, theme::dim());
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
        let needed = stickies.rows_needed(60);
        let shown = rows(&map, 60, needed);
        let text = shown.join("\n");
        assert!(text.contains("C Builds break at"), "{text}");
        assert!(text.contains("I Nightly build"), "{text}");
        assert!(!text.contains("more"), "{text}");
    }

    #[test]
    fn rows_are_shared_so_every_note_is_begun_before_any_is_counted() {
        assert_eq!(lines_each(&[2, 3], 5), [2, 3]);
        assert_eq!(lines_each(&[6, 2, 1], 6), [3, 2, 1]);
        assert_eq!(lines_each(&[9, 4], 5), [3, 2]);
        assert_eq!(lines_each(&[3, 3, 3], 2), [1, 0, 0]);
    }

    #[test]
    fn a_column_spreads_over_the_next_stages_without_notes() {
        let mut map = one_stage(vec![note(
            AnnotationKind::Complaint,
            "I have to literally walk around to the developers and beg them to check in",
        )]);
        map.insert_stage(1, Step::new(2, "Code"));
        let layout = MapLayout::fit(&map, 60, 10, crate::app::Zoom::Normal);
        let stickies = Stickies {
            map: &map,
            layout,
            first_stage: 0,
        };
        let alone = wrap_len(&map, (layout.box_width + layout.gap - 4) as usize);
        assert!(stickies.rows_needed(60) < alone as u16, "{alone}");
    }

    fn wrap_len(map: &Map, width: usize) -> usize {
        note_lines(&map.stages[0].steps[0].annotations[0], width + 2).len()
    }

    #[test]
    fn a_column_short_of_rows_leaves_the_authors_out_before_cutting_words() {
        // 31 columns of text: the whole line, the author on a line of its own.
        let mut with_author = note(AnnotationKind::Complaint, "Builds break every single night");
        with_author.author = Some("Amita".into());
        let map = one_stage(vec![
            with_author,
            note(AnnotationKind::Idea, "Nightly build"),
        ]);
        let shown = rows(&map, 60, 3).join("\n");
        assert!(shown.contains("— Amita"), "{shown}");
        let shown = rows(&map, 60, 2).join("\n");
        assert!(!shown.contains("Amita"), "{shown}");
        assert!(shown.contains("single night"), "{shown}");
        assert!(shown.contains("I Nightly build"), "{shown}");
        assert!(!shown.contains('…'), "{shown}");
    }

    #[test]
    fn a_column_out_of_rows_cuts_notes_and_counts_those_left_out() {
        let long = "One two three four five six seven eight nine ten eleven twelve thirteen \
                    fourteen fifteen sixteen seventeen eighteen nineteen twenty";
        let map = one_stage(vec![
            note(AnnotationKind::Gap, long),
            note(AnnotationKind::Question, "Why?"),
            note(AnnotationKind::Idea, "Fix it"),
        ]);
        let shown = rows(&map, 60, 3);
        let text = shown.join("\n");
        assert!(shown[0].contains("G One two"), "{text}");
        assert!(shown[0].ends_with('…'), "{text}");
        assert!(shown[1].contains("Q Why?"), "{text}");
        assert!(shown[2].contains("I Fix it"), "{text}");
        let mut map = map;
        map.stages[0].steps[0]
            .annotations
            .push(note(AnnotationKind::Complaint, "Slow"));
        let shown = rows(&map, 60, 3);
        let text = shown.join("\n");
        assert!(shown[1].contains("Q Why?"), "{text}");
        assert!(shown[2].contains("+2 more"), "{text}");
    }
}
