//! The part of a text field drawn on screen: a window of the value around the cursor, so a
//! field holding a 30 MB note (from a file) draws in the time a short one takes.

use unicode_width::UnicodeWidthStr;

use super::text::{clean, fit};

/// The value as drawn in `width` columns with the cursor at char `cursor`, and the cursor's
/// column. Only a few widths of characters either side of the cursor are looked at.
pub fn field_window(value: &str, cursor: usize, width: usize) -> (String, usize) {
    let reach = width.saturating_mul(2).saturating_add(16);
    let start = cursor.saturating_sub(reach);
    // Plain ASCII (most notes) finds the window at once; other text counts its characters.
    let begin = if value.is_ascii() {
        start.min(value.len())
    } else {
        value
            .char_indices()
            .nth(start)
            .map_or(value.len(), |(at, _)| at)
    };
    let mut chars = value[begin..].chars();
    let before: String = chars.by_ref().take(cursor - start).collect();
    let after: String = chars.take(reach).collect();
    let (before, after) = (clean(&before), clean(&after));
    // The cursor stays on screen: characters give way on the left.
    let room = width.saturating_sub(1);
    let mut kept = before.as_str();
    while kept.width() > room {
        let mut rest = kept.chars();
        rest.next();
        kept = rest.as_str();
    }
    (fit(&format!("{kept}{after}"), width), kept.width())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_value_shows_whole_with_the_cursor_after_it() {
        assert_eq!(field_window("Code", 4, 20), ("Code".into(), 4));
        assert_eq!(field_window("Code", 1, 20), ("Code".into(), 1));
    }

    #[test]
    fn wide_and_accented_text_keeps_the_cursor_on_screen() {
        let (text, at) = field_window("Überprüfung 検査 done", 14, 10);
        assert!(at <= 9, "{at}");
        assert!(text.contains("検"), "{text}");
    }

    #[test]
    fn a_long_value_shows_the_cursors_neighbourhood_fast() {
        let value = "word ".repeat(6_000_000);
        let started = std::time::Instant::now();
        let (text, at) = field_window(&value, 30_000_000, 40);
        assert_eq!(at, 39);
        assert!(text.ends_with("word "), "{text:?}");
        let (text, at) = field_window(&value, 0, 40);
        assert_eq!(at, 0);
        assert!(
            text.starts_with("word word") && text.ends_with('…'),
            "{text:?}"
        );
        assert!(started.elapsed() < std::time::Duration::from_secs(2));
    }
}
