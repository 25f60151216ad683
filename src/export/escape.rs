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

/// Text for a Markdown table cell: no cell breaks, no code spans, no raw HTML.
pub fn markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in clean(text).chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '|' => out.push_str("\\|"),
            '`' => out.push_str("\\`"),
            '*' => out.push_str("\\*"),
            '_' => out.push_str("\\_"),
            '[' => out.push_str("\\["),
            ']' => out.push_str("\\]"),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
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
    fn mermaid_labels_stay_labels() {
        let out = mermaid(HOSTILE);
        for c in ['"', '<', '>', '`', '|', '\n', '[', ']', '(', ')'] {
            assert!(!out.contains(c), "{c} in {out}");
        }
    }
}
