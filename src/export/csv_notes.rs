//! The `annotations` cell of the CSV step table: one cell holds a step's (or a map's)
//! annotations, kind first, e.g. `C: dev doesn't update; I: build on check-in | by Mara |
//! realised by 12, 14`.
//!
//! Annotations are separated by `;`; within one, `|` separates the text from its author
//! (`by NAME`), the future steps that realise an idea (`realised by ID, ID`) and an idea's
//! number (`number 3`, once it was voted on or made an action). A `;`, `|` or
//! `\` inside a text or a name is written with a backslash before it: `\;`, `\|`, `\\`.

use crate::model::{Annotation, AnnotationKind};

pub fn cell(annotations: &[Annotation]) -> String {
    annotations
        .iter()
        .map(|a| {
            let mut item = format!("{}: {}", a.kind.letter(), escape(&a.text));
            if let Some(author) = &a.author {
                item += &format!(" | by {}", escape(author));
            }
            if !a.realised_by.is_empty() {
                let ids: Vec<String> = a.realised_by.iter().map(u64::to_string).collect();
                item += &format!(" | realised by {}", ids.join(", "));
            }
            if let Some(number) = a.id {
                item += &format!(" | number {number}");
            }
            item
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | ';' | '|') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Splits on `separator` where no backslash escapes it, undoing the escapes.
fn split(text: &str, separator: char) -> Vec<String> {
    let mut parts = vec![String::new()];
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let next = chars.next().unwrap_or('\\');
                let part = parts.last_mut().expect("one part at least");
                // Escapes for the other separator stay for the next split.
                if next != separator {
                    part.push('\\');
                }
                part.push(next);
            }
            c if c == separator => parts.push(String::new()),
            c => parts.last_mut().expect("one part at least").push(c),
        }
    }
    parts
}

fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        out.push(if c == '\\' {
            chars.next().unwrap_or('\\')
        } else {
            c
        });
    }
    out
}

fn kind(text: &str) -> Option<AnnotationKind> {
    let text = text.trim().to_lowercase();
    AnnotationKind::ALL.into_iter().find(|k| {
        text == k.name()
            || text == k.letter().to_lowercase().to_string()
            || text == format!("{}s", k.name())
    })
}

pub fn parse(cell: &str) -> Result<Vec<Annotation>, String> {
    let mut annotations = Vec::new();
    for (n, item) in split(cell, ';').into_iter().enumerate() {
        if item.trim().is_empty() {
            continue;
        }
        // Exactly the spaces `cell` puts around separators go: a text keeps its own.
        let item = if n > 0 {
            item.strip_prefix(' ').unwrap_or(&item)
        } else {
            &item
        };
        let parts = split(item, '|');
        let (head, text) = parts[0].split_once(':').ok_or_else(|| {
            format!(
                "'{}' has no kind: start each annotation with G:, Q:, C: or I: (gap, question, complaint, idea)",
                item.trim()
            )
        })?;
        let kind = kind(head).ok_or_else(|| {
            format!(
                "'{}' is not a kind of annotation: write G, Q, C or I (gap, question, complaint, idea)",
                head.trim()
            )
        })?;
        let text = text.strip_prefix(' ').unwrap_or(text);
        let text = match parts.len() {
            1 => text,
            _ => text.strip_suffix(' ').unwrap_or(text),
        };
        let mut annotation = Annotation {
            kind,
            text: unescape(text),
            author: None,
            realised_by: Vec::new(),
            id: None,
        };
        for part in &parts[1..] {
            let part = part.trim();
            if let Some(ids) = part.strip_prefix("realised by ") {
                for id in ids.split([',', ' ']).filter(|id| !id.is_empty()) {
                    let id = id.parse().map_err(|_| {
                        format!("'{id}' is not a step id: write `realised by 12, 14`")
                    })?;
                    annotation.realised_by.push(id);
                }
            } else if let Some(number) = part.strip_prefix("number ") {
                let number = number.trim();
                let parsed = number
                    .parse()
                    .map_err(|_| format!("'{number}' is not an idea's number: write `number 3`"))?;
                annotation.id = Some(parsed);
            } else if let Some(author) = part.strip_prefix("by ") {
                annotation.author = Some(unescape(author.trim()));
            } else {
                return Err(format!(
                    "'{part}' after `|`: write `by NAME`, `realised by ID, ID` or `number N` (a `|` in a text is written `\\|`)"
                ));
            }
        }
        annotations.push(annotation);
    }
    Ok(annotations)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn note(kind: AnnotationKind, text: &str, author: Option<&str>, ids: &[u64]) -> Annotation {
        Annotation {
            kind,
            text: text.into(),
            author: author.map(Into::into),
            realised_by: ids.to_vec(),
            id: None,
        }
    }

    #[test]
    fn kinds_authors_links_and_escapes_come_back() {
        let notes = vec![
            note(AnnotationKind::Complaint, "dev doesn't update", None, &[]),
            note(
                AnnotationKind::Idea,
                "build on check-in",
                Some("Mara"),
                &[12, 14],
            ),
            note(AnnotationKind::Gap, "a; b | c \\ d", Some("Ana; | \\"), &[]),
            note(
                AnnotationKind::Question,
                "by whom? realised by 3",
                None,
                &[],
            ),
            note(AnnotationKind::Gap, "  spaced  ", None, &[]),
            note(AnnotationKind::Gap, " spaced ", Some("Bo"), &[]),
        ];
        let text = cell(&notes);
        assert_eq!(
            text,
            "C: dev doesn't update; I: build on check-in | by Mara | realised by 12, 14; \
             G: a\\; b \\| c \\\\ d | by Ana\\; \\| \\\\; Q: by whom? realised by 3; \
             G:   spaced  ; G:  spaced  | by Bo"
        );
        assert_eq!(parse(&text).unwrap(), notes);
    }

    #[test]
    fn names_of_kinds_are_read_and_mistakes_named() {
        let notes = parse("idea: x;complaint:y;;").unwrap();
        assert_eq!(notes[0].kind, AnnotationKind::Idea);
        assert_eq!(notes[1].text, "y");
        assert!(parse("no kind here").unwrap_err().contains("has no kind"));
        assert!(parse("X: what").unwrap_err().contains("'X' is not a kind"));
        assert!(
            parse("I: x | realised by 1, two")
                .unwrap_err()
                .contains("'two'")
        );
        assert!(parse("I: x | maybe").unwrap_err().contains("after `|`"));
    }
}
