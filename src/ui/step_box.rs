//! One step as a box: name, owner, times, %C&A and annotation badges, with marks on its top
//! border ("new", "changed", "⧗ bottleneck").

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::{Block, BorderType, Widget};
use unicode_width::UnicodeWidthStr;

use super::text::{fit, put, putn, wrap};
use super::theme;
use crate::model::{AnnotationKind, Step};

/// Process and lead time in the longest form that fits: "PT 30min  LT 1w", "PT 30m LT 1w",
/// and only when even that does not fit, "30m/1w".
pub fn times_label(step: &Step, width: usize) -> String {
    let (pt, lt) = (step.process_time.to_string(), step.lead_time.to_string());
    let short = |d: String| d.replace("min", "m");
    [
        format!("PT {pt}  LT {lt}"),
        format!("PT {pt} LT {lt}"),
        format!("PT {} LT {}", short(pt.clone()), short(lt.clone())),
        format!("{}/{}", short(pt), short(lt)),
    ]
    .into_iter()
    .find(|label| label.width() <= width)
    .unwrap_or_else(|| format!("{}/{}", step.process_time, step.lead_time))
}

/// One step as a box: name, owner, times, %C&A and annotation badges.
pub struct StepBox<'a> {
    pub step: &'a Step,
    pub selected: bool,
    /// A parallel step shorter than its stage's lead time.
    pub off_critical_path: bool,
    pub name_lines: u16,
    /// Shown on the top border, e.g. "new" or "changed".
    pub mark: Option<&'a str>,
    /// The step that sets the bottleneck stage's wait: marked at the right of the top border.
    pub bottleneck: bool,
    /// Measured times in the owner's place, longest form first: the one that fits is shown.
    pub measured: Option<[String; 3]>,
}

impl Widget for StepBox<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let border_style = if self.selected {
            theme::selected_border()
        } else if self.off_critical_path {
            theme::dim()
        } else {
            theme::border()
        };
        let block = Block::bordered()
            .border_type(if self.selected {
                BorderType::Thick
            } else {
                BorderType::Rounded
            })
            .border_style(border_style);
        let block = match self.mark {
            Some(mark) => block.title(ratatui::text::Span::styled(
                format!(" {mark} "),
                theme::queue(),
            )),
            None => block,
        };
        let block = match self.bottleneck_mark(area.width as usize) {
            Some(mark) => {
                block.title_top(ratatui::text::Line::styled(mark, theme::flag()).right_aligned())
            }
            None => block,
        };
        let inner = block.inner(area);
        block.render(area, buf);
        let width = inner.width as usize;
        let step = self.step;
        let mut lines: Vec<(String, Style)> = Vec::new();
        let name_style = if self.selected {
            theme::selected_name()
        } else {
            theme::name()
        };
        let mut names = wrap(&step.name, width, self.name_lines as usize);
        names.resize(self.name_lines as usize, String::new());
        for name in names {
            lines.push((name, name_style));
        }
        // Without a line of its own for %C&A and badges, the badges share the owner's line.
        let compact = inner.height < self.name_lines + 3;
        let mut badges = self.badges().join(" ");
        if compact && let Some(ca) = self.step.complete_accurate {
            let ca = format!("{}%", crate::model::readable::percent_number(ca));
            let labelled = format!("C&A {ca} {badges}");
            let room = width.saturating_sub(step.owner.width().min(6) + 1);
            badges = if labelled.trim_end().width() <= room {
                labelled.trim_end().to_string()
            } else {
                format!("{ca} {badges}").trim_end().to_string()
            };
        }
        let owner_room = if compact && !badges.is_empty() {
            width.saturating_sub(badges.width() + 1)
        } else {
            width
        };
        match &self.measured {
            Some(texts) => {
                let text = texts
                    .iter()
                    .find(|t| t.width() <= owner_room)
                    .unwrap_or(&texts[2]);
                lines.push((fit(text, owner_room), theme::value()));
            }
            None => lines.push((fit(&step.owner, owner_room), theme::dim())),
        }
        lines.push((fit(&times_label(step, width), width), Style::new()));
        for (i, (text, style)) in lines.iter().enumerate() {
            let y = inner.y + i as u16;
            if y >= inner.bottom() {
                return;
            }
            putn(buf, inner.x, y, text, width, *style);
        }
        let y = inner.y + lines.len() as u16;
        if y < inner.bottom() {
            self.render_last_line(inner.x, y, width, buf);
        } else {
            // No room for a line of its own: badges go at the right of the owner line.
            let owner_y = inner.y + self.name_lines;
            if owner_y < inner.bottom() && !badges.is_empty() {
                let shown: String = fit(&badges, width);
                let x = inner.x + (width - shown.width()) as u16;
                put(buf, x, owner_y, shown, theme::queue());
            }
        }
    }
}

/// The bottleneck's mark, in words when the border has room: readable without colour.
pub const BOTTLENECK: &str = "⧗ bottleneck";

impl StepBox<'_> {
    /// " ⧗ bottleneck " when it fits beside the other mark on the top border, else " ⧗ ".
    fn bottleneck_mark(&self, width: usize) -> Option<String> {
        if !self.bottleneck {
            return None;
        }
        let other = self.mark.map_or(0, |m| m.width() + 2);
        let room = width.saturating_sub(2 + other);
        [format!(" {BOTTLENECK} "), " ⧗ ".to_string()]
            .into_iter()
            .find(|mark| mark.width() <= room)
    }

    fn badges(&self) -> Vec<String> {
        AnnotationKind::ALL
            .iter()
            .filter_map(|kind| {
                let count = self
                    .step
                    .annotations
                    .iter()
                    .filter(|a| a.kind == *kind)
                    .count();
                (count > 0).then(|| format!("{}{count}", kind.letter()))
            })
            .collect()
    }

    /// "C&A 90%" and one badge per annotation kind present: "C2 Q1".
    fn render_last_line(&self, x: u16, y: u16, width: usize, buf: &mut Buffer) {
        let ca = crate::model::readable::complete_accurate(self.step.complete_accurate);
        let mut used = 0usize;
        let text = format!("C&A {ca}");
        putn(buf, x, y, &text, width, Style::new());
        used += text.width();
        for kind in AnnotationKind::ALL {
            let count = self
                .step
                .annotations
                .iter()
                .filter(|a| a.kind == kind)
                .count();
            if count == 0 {
                continue;
            }
            let badge = format!(" {}{count}", kind.letter());
            if used + badge.width() > width {
                break;
            }
            put(buf, x + used as u16, y, &badge, theme::annotation(kind));
            used += badge.width();
        }
    }
}
