//! Text from the document made safe and fitted for the screen.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Replaces control characters, terminal escapes and bidirectional overrides with visible
/// placeholders, so text typed or loaded can never drive the terminal.
/// Zero-width and joining characters are dropped: terminals disagree on their width (a
/// joined emoji is 2 columns in one, 4 in another), so widths are measured on what is left,
/// and box borders stay where they were drawn.
pub fn clean(text: &str) -> String {
    text.chars()
        .filter(|c| !is_zero_width(*c))
        .map(|c| {
            if matches!(c, '\n' | '\r' | '\t') {
                ' '
            } else if c.is_control() || is_bidi_control(c) {
                '�'
            } else {
                c
            }
        })
        .collect()
}

/// Zero-width spaces and joiners, the word joiner, the byte order mark, the soft hyphen and
/// variation selectors.
fn is_zero_width(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}' | '\u{00AD}' | '\u{FE00}'..='\u{FE0F}')
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{061C}')
}

/// No text is drawn longer than this many characters: a longer one (a 30 MB note from a file)
/// is cut before it is cleaned, measured or wrapped, so a frame takes the same time whatever
/// the file holds. Far more than any screen shows of one text.
const MOST_DRAWN: usize = 16 * 1024;

/// The first `most` characters of `text`, and whether anything was left out.
fn drawn_part(text: &str, most: usize) -> (&str, bool) {
    match text.char_indices().nth(most) {
        Some((at, _)) => (&text[..at], true),
        None => (text, false),
    }
}

/// `clean` for text from the document drawn in a widget that wraps it itself: at most
/// `MOST_DRAWN` characters, ending with … when the text is longer.
pub fn shown(text: &str) -> String {
    let (part, cut) = drawn_part(text, MOST_DRAWN);
    let mut text = clean(part);
    if cut {
        text.push('…');
    }
    text
}

/// Cleans `text` and cuts it to `width` display columns, ending with … when cut.
pub fn fit(text: &str, width: usize) -> String {
    let most = width.saturating_mul(2).saturating_add(64).min(MOST_DRAWN);
    let (part, cut) = drawn_part(text, most);
    let mut text = clean(part);
    if cut && text.width() <= width {
        // What is left out must show as cut, even when the part kept would fit.
        text.push_str(&"…".repeat(width + 1));
    }
    if text.width() <= width {
        return text;
    }
    if width == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > width - 1 {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// The first of `wordings` (longest first) that fits `width` columns; the last one cut with …
/// when none does. Figures stay whole by giving up words before numbers.
pub fn first_fit<S: AsRef<str>>(wordings: &[S], width: usize) -> String {
    wordings
        .iter()
        .map(|w| clean(w.as_ref()))
        .find(|w| w.width() <= width)
        .unwrap_or_else(|| fit(wordings.last().map_or("", AsRef::as_ref), width))
}

/// The first of `wordings` (longest first) whose parts, drawn side by side in their own
/// styles, fit `width` columns together.
pub fn first_fit_parts<const N: usize>(
    wordings: &[[String; N]],
    width: usize,
) -> Option<&[String; N]> {
    wordings
        .iter()
        .find(|parts| parts.iter().map(|p| p.width()).sum::<usize>() <= width)
}

/// Wraps `text` at word boundaries into at most `lines` lines of `width` columns; the last
/// line ends with … when text is left over.
pub fn wrap(text: &str, width: usize, lines: usize) -> Vec<String> {
    if lines == 0 {
        return Vec::new();
    }
    let most = width
        .saturating_add(1)
        .saturating_mul(lines)
        .saturating_add(64)
        .min(MOST_DRAWN);
    let (part, cut) = drawn_part(text, most);
    let mut text = clean(part);
    if cut {
        text.push_str(" …");
    }
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    let words: Vec<&str> = text.split_whitespace().collect();
    for (i, word) in words.iter().enumerate() {
        let candidate = if current.is_empty() {
            word.to_string()
        } else {
            format!("{current} {word}")
        };
        if candidate.width() <= width {
            current = candidate;
            continue;
        }
        if out.len() + 1 >= lines {
            let rest = if current.is_empty() {
                words[i..].join(" ")
            } else {
                format!("{current} {}", words[i..].join(" "))
            };
            out.push(fit(&rest, width));
            return out;
        }
        if !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
        current = fit(word, width);
    }
    if !current.is_empty() && out.len() < lines {
        out.push(current);
    }
    out
}

/// `text` without terminal escape sequences, whole: a CSI (`ESC [ … final`, or the C1 `\u{9b}`
/// form), an OSC or string (`ESC ]`, `ESC P`, `ESC _`, `ESC ^` … up to BEL or `ESC \\`) or a
/// two-character escape. Pasted text loses the sequence, not only its first byte, so
/// `too\x1b[31m long` is kept as `too long`, never `too[31m long`.
pub fn without_escapes(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains(['\u{1b}', '\u{9b}', '\u{9d}']) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let csi = match c {
            '\u{1b}' => match chars.next() {
                Some('[') => true,
                Some(']' | 'P' | '_' | '^' | 'X') => {
                    skip_string(&mut chars);
                    continue;
                }
                _ => continue,
            },
            '\u{9b}' => true,
            '\u{9d}' => {
                skip_string(&mut chars);
                continue;
            }
            c => {
                out.push(c);
                continue;
            }
        };
        if csi {
            // Parameters and intermediates, then one final byte in @..~.
            for c in chars.by_ref() {
                if ('@'..='~').contains(&c) {
                    break;
                }
            }
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Skips an OSC or string sequence's body, up to BEL or ST (`ESC \\`).
fn skip_string(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    while let Some(c) = chars.next() {
        match c {
            '\u{7}' | '\u{9c}' => return,
            '\u{1b}' if chars.peek() == Some(&'\\') => {
                chars.next();
                return;
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_bidi_marks_become_inert() {
        assert_eq!(clean("a\x1b[2J\x1b[31mb\u{200F}"), "a�[2J�[31mb�");
    }

    #[test]
    fn fits_by_display_width() {
        assert_eq!(fit("Notify tester", 20), "Notify tester");
        assert_eq!(fit("Notify tester via spreadsheet", 10), "Notify te…");
        assert_eq!(fit("日本語のテキスト", 7), "日本語…");
        assert!(fit("日本語のテキスト", 7).width() <= 7);
    }

    #[test]
    fn the_first_wording_that_fits_else_the_last_cut() {
        let wordings = ["flow time p50 2.6d", "p50 2.6d"];
        assert_eq!(first_fit(&wordings, 20), "flow time p50 2.6d");
        assert_eq!(first_fit(&wordings, 10), "p50 2.6d");
        assert_eq!(first_fit(&wordings, 5), "p50 …");
    }

    #[test]
    fn wraps_words_into_the_lines_given() {
        assert_eq!(
            wrap("Notify tester via spreadsheet", 14, 2),
            vec!["Notify tester", "via spreadshe…"]
        );
        assert_eq!(wrap("Create label", 14, 2), vec!["Create label"]);
        assert_eq!(wrap("Deploy to production", 14, 1), vec!["Deploy to pro…"]);
    }

    #[test]
    fn escape_sequences_go_whole() {
        assert_eq!(without_escapes("too\x1b[31m long"), "too long");
        assert_eq!(without_escapes("a\x1b]52;c;aGk=\x07b"), "ab");
        assert_eq!(without_escapes("a\x1b]0;title\x1b\\b"), "ab");
        assert_eq!(without_escapes("a\u{9b}2Jb\x1bcz"), "abz");
        assert_eq!(without_escapes("plain, [31m stays"), "plain, [31m stays");
    }
}
