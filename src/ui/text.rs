//! Writing text into the buffer within its bounds. The text rules themselves (cleaning,
//! fitting, wrapping) are the ground floor's, in `crate::text`, shared with exports.

pub use crate::text::{clean, first_fit, first_fit_parts, fit, shown, wrap};

/// Writes `text` at a position, cut at the buffer's right edge; nothing when the position is
/// off the buffer. Widgets that place text by arithmetic write through this, so no window
/// size can make them write outside the screen.
pub fn put(
    buf: &mut ratatui::buffer::Buffer,
    x: u16,
    y: u16,
    text: impl AsRef<str>,
    style: ratatui::style::Style,
) {
    putn(buf, x, y, text, usize::MAX, style);
}

/// `put`, at most `width` columns.
pub fn putn(
    buf: &mut ratatui::buffer::Buffer,
    x: u16,
    y: u16,
    text: impl AsRef<str>,
    width: usize,
    style: ratatui::style::Style,
) {
    if buf.area.contains(ratatui::layout::Position::new(x, y)) {
        let room = (buf.area.right() - x) as usize;
        buf.set_stringn(x, y, text, width.min(room), style);
    }
}
