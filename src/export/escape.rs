//! Making document text inert in each output format. Control characters and terminal escapes
//! become `�` first (they are not allowed in XML and must never reach a terminal).

use crate::text::clean;

/// Text for a terminal, line by line: what the app would show, so escapes and bidirectional
/// marks in titles, step names or file names never reach the terminal from the command line.
pub fn terminal(text: &str) -> String {
    let mut out: String = text.split('\n').map(clean).collect::<Vec<_>>().join("\n");
    out.shrink_to_fit();
    out
}

/// Text for HTML and SVG (XML) content and attribute values.
pub fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in clean(text).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Text for Markdown (a table cell, a heading, a line): no cell breaks, no code spans, no raw
/// HTML, and no character that starts formatting anywhere (`#`, `~~`, `!`, `=`...) or at the
/// start of a line (a list marker `-` or `+`, an ordered list `1.`).
pub fn markdown(text: &str) -> String {
    let text = clean(text);
    let mut out = String::with_capacity(text.len());
    let lead = text.len() - text.trim_start().len();
    // "12." or "3)" at the start would number a list.
    let digits = text[lead..]
        .chars()
        .take_while(char::is_ascii_digit)
        .count();
    // A marker makes a list only when a space (or nothing) follows it.
    let marker_ends = |at: usize| text[at..].chars().nth(1).is_none_or(char::is_whitespace);
    for (at, c) in text.char_indices() {
        let first = at == lead && marker_ends(at);
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '|' | '`' | '*' | '_' | '[' | ']' | '#' | '~' | '!' | '=' | '^' | '$' | '{'
            | '}' => {
                out.push('\\');
                out.push(c);
            }
            '-' | '+' if first => {
                out.push('\\');
                out.push(c);
            }
            '.' | ')' if digits > 0 && at == lead + digits && marker_ends(at) => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// Text for a quoted Mermaid label, using Mermaid's entity codes.
pub fn mermaid(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in clean(text).chars() {
        match c {
            '#' => out.push_str("#35;"),
            '"' => out.push_str("#quot;"),
            '&' => out.push_str("#amp;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '`' => out.push_str("#96;"),
            '|' => out.push_str("#124;"),
            '[' | ']' | '{' | '}' | '(' | ')' => out.push_str(&format!("#{};", c as u32)),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOSTILE: &str = "<script>alert(1)</script> \"q\" & | `tick`\nline";

    #[test]
    fn terminal_text_keeps_its_lines_and_loses_its_escapes() {
        let out = terminal("Title\x1b]0;pwned\x07\nStep \u{202E}evil\r\n");
        assert_eq!(out, "Title�]0;pwned�\nStep �evil \n");
    }

    #[test]
    fn xml_is_inert() {
        let out = xml(HOSTILE);
        assert!(!out.contains('<') && !out.contains('>') && !out.contains('"'));
        assert!(out.contains("&lt;script&gt;"));
        assert!(!out.contains('\n'));
    }

    #[test]
    fn markdown_cells_cannot_break_the_table() {
        let out = markdown(HOSTILE);
        assert!(!out.contains(" | ") && !out.contains('<') && !out.contains('\n'));
        assert!(out.contains("\\|") && out.contains("\\`"));
    }

    #[test]
    fn nothing_in_markdown_starts_formatting() {
        assert_eq!(markdown("# Release"), "\\# Release");
        assert_eq!(
            markdown("~~gone~~ !img ==mark=="),
            "\\~\\~gone\\~\\~ \\!img \\=\\=mark\\=\\="
        );
        assert_eq!(markdown("- item"), "\\- item");
        assert_eq!(markdown("+ item"), "\\+ item");
        assert_eq!(markdown("12. item"), "12\\. item");
        assert_eq!(markdown("3) item"), "3\\) item");
        // Inside a line, dashes and numbers read as written.
        assert_eq!(
            markdown("Code - 1.5 days (review)"),
            "Code - 1.5 days (review)"
        );
        assert_eq!(markdown("3.5 h"), "3.5 h");
        assert_eq!(markdown("-5%"), "-5%");
    }

    #[test]
    fn mermaid_labels_stay_labels() {
        let out = mermaid(HOSTILE);
        for c in ['"', '<', '>', '`', '|', '\n', '[', ']', '(', ')'] {
            assert!(!out.contains(c), "{c} in {out}");
        }
    }
}
