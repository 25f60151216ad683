//! The whole session as JSON, every field, and sessions read back from it (`vsm import`).

use super::csv::ImportError;
use crate::model::Session;
use crate::model::session::FORMAT_VERSION;

pub fn export(session: &Session) -> String {
    // A link to a deleted step would make the file refused when it is imported.
    let mut tidy = std::borrow::Cow::Borrowed(session);
    if session.has_dangling_links() {
        tidy.to_mut().drop_dangling_links();
    }
    serde_json::to_string_pretty(tidy.as_ref()).expect("a session serializes") + "\n"
}

/// Whether an imported file is JSON: its name ends in `.json`, or its text starts with `{`.
pub fn is_json(name: &str, text: &str) -> bool {
    let by_name = std::path::Path::new(name)
        .extension()
        .is_some_and(|ext| ext.eq_ignore_ascii_case("json"));
    by_name
        || text
            .trim_start_matches('\u{feff}')
            .trim_start()
            .starts_with('{')
}

pub fn import(text: &str, source: &str) -> Result<Session, ImportError> {
    let error = |line: Option<u64>, column: Option<String>, message: String| ImportError {
        source: source.to_string(),
        line,
        column,
        message,
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let session: Session = serde_json::from_str(text).map_err(|e| {
        let line = (e.line() > 0).then(|| e.line() as u64);
        let column = (e.column() > 0).then(|| e.column().to_string());
        let message = e.to_string();
        // serde_json appends " at line L column C"; the location is said already.
        let message = message
            .rsplit_once(" at line ")
            .map_or(message.as_str(), |(text, _)| text)
            .to_string();
        error(
            line,
            column,
            format!("{message} (a session exported as JSON by vsm)"),
        )
    })?;
    if session.version > FORMAT_VERSION {
        return Err(error(
            None,
            None,
            format!(
                "was written in session format version {}, this vsm reads up to version \
                 {FORMAT_VERSION}: update vsm to import it",
                session.version
            ),
        ));
    }
    crate::model::checks::check(&session, "")
        .map_err(|problem| error(None, None, problem.message))?;
    Ok(session)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_is_known_by_name_or_by_its_first_character() {
        assert!(is_json("map.JSON", ""));
        assert!(is_json("-", "\u{feff}  {\"version\": 1}"));
        assert!(!is_json("map.csv", "step,lead_time\n"));
    }
}
