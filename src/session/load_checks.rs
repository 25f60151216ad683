//! The document's rules (`model::checks`) as the loader applies them: each refusal names the
//! line and column of the offending value in the file.

use super::DEMO_RON;
use super::file::parse;

fn refused(text: &str) -> String {
    parse(text, "x.ron").unwrap_err().to_string()
}

/// The line and column the error names, read back from the text.
fn pointed_at(text: &str, error: &str) -> String {
    let place: Vec<usize> = error
        .split(':')
        .skip(1)
        .take(2)
        .map(|n| n.parse().unwrap())
        .collect();
    let line = text.lines().nth(place[0] - 1).unwrap();
    line.chars().skip(place[1] - 1).collect()
}

#[test]
fn the_demo_and_old_files_pass() {
    assert!(parse(DEMO_RON, "demo").is_ok());
    let v1 = std::fs::read_to_string("tests/sessions/v1.ron").unwrap();
    assert!(parse(&v1, "v1").is_ok());
}

#[test]
fn a_duplicate_id_is_refused_where_it_stands() {
    let text = DEMO_RON.replacen("id: 2,", "id: 1,", 1);
    let error = refused(&text);
    assert!(error.contains("id 1 is used by another step"), "{error}");
    assert!(pointed_at(&text, &error).starts_with("id: 1,"), "{error}");
    let huge = DEMO_RON.replacen("id: 2,", "id: 18446744073709551615,", 1);
    let error = refused(&huge);
    assert!(error.contains("too large"), "{error}");
}

#[test]
fn dangling_links_and_links_on_non_ideas_are_refused() {
    let from = DEMO_RON.replacen("from: Some(", "from: Some(9", 1);
    let error = refused(&from);
    assert!(error.contains("names no current-state step"), "{error}");
    assert!(error.starts_with("x.ron:"), "{error}");

    let realised = DEMO_RON.replacen("realised_by: [", "realised_by: [999, ", 1);
    let error = refused(&realised);
    assert!(error.contains("names step 999"), "{error}");
    assert!(
        pointed_at(&realised, &error).starts_with("realised_by"),
        "{error}"
    );

    let on_complaint = DEMO_RON.replacen("kind: Idea", "kind: Complaint", 1);
    let error = refused(&on_complaint);
    assert!(error.contains("only ideas"), "{error}");
}

#[test]
fn empty_stages_odd_calendars_and_unknown_fields_are_refused() {
    let empty = DEMO_RON.replacen("steps: [", "steps: []), (steps: [", 1);
    let error = refused(&empty);
    assert!(error.contains("has no steps"), "{error}");
    assert!(pointed_at(&empty, &error).starts_with("steps"), "{error}");

    let calendar = DEMO_RON.replacen("days_per_week: 5.0", "days_per_week: 1e-300", 1);
    let error = refused(&calendar);
    assert!(error.contains("days per week"), "{error}");
    assert!(
        pointed_at(&calendar, &error).starts_with("calendar"),
        "{error}"
    );

    let unknown = DEMO_RON.replacen("title:", "colour: \"red\", title:", 1);
    let error = refused(&unknown);
    assert!(error.contains("colour"), "{error}");
    assert!(error.starts_with("x.ron:"), "{error}");
}

#[test]
fn a_byte_order_mark_is_accepted() {
    assert!(parse(&format!("\u{feff}{DEMO_RON}"), "bom").is_ok());
}
