//! Layers import downward only (docs/design.md, "Architecture"): the document's rules know
//! nothing of files, screens or the app; exports and measuring know nothing of the app or the
//! screen; the app never draws. A forbidden import anywhere in a layer fails here.

use std::path::Path;

/// (folder under src/, modules it must never name).
const RULES: [(&str, &[&str]); 5] = [
    (
        "model",
        &[
            "ui", "app", "session", "export", "measure", "runtime", "tui",
        ],
    ),
    ("session", &["ui", "app", "runtime", "tui"]),
    ("export", &["ui", "app", "session", "runtime", "tui"]),
    (
        "measure",
        &["ui", "app", "session", "export", "runtime", "tui"],
    ),
    ("app", &["ui", "runtime", "tui"]),
];

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every `crate::NAME` (and `vsm::NAME`) a file names, with its line.
fn named_modules(text: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let code = line.split("//").next().unwrap_or("");
        for prefix in ["crate::", "vsm::"] {
            let mut rest = code;
            while let Some(at) = rest.find(prefix) {
                let after = &rest[at + prefix.len()..];
                let name: String = after
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                found.push((n + 1, name));
                rest = after;
            }
        }
    }
    found
}

#[test]
fn layers_import_downward_only() {
    let mut broken = Vec::new();
    for (layer, forbidden) in RULES {
        let mut files = Vec::new();
        rust_files(&Path::new("src").join(layer), &mut files);
        assert!(!files.is_empty(), "no files under src/{layer}");
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            for (line, name) in named_modules(&text) {
                if forbidden.contains(&name.as_str()) {
                    broken.push(format!("{}:{line}: crate::{name}", file.display()));
                }
            }
            // `super::super::` out of a layer would dodge the rule.
            if text.contains("super::super::super") {
                broken.push(format!("{}: super::super::super", file.display()));
            }
        }
    }
    assert!(
        broken.is_empty(),
        "imports against the layers:\n{}",
        broken.join("\n")
    );
}

#[test]
fn the_rule_sees_an_import() {
    assert_eq!(
        named_modules("use crate::ui::text::clean; // crate::app in a comment"),
        vec![(1, "ui".to_string())]
    );
}
