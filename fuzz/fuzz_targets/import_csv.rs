//! Any bytes as a CSV step table: import returns a session or an error naming the line, never
//! panics; an accepted session exports to CSV and imports back with the same step count.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vsm::export::csv::{ImportOptions, export, import};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let options = || ImportOptions {
        title: "fuzz".into(),
        calendar: Default::default(),
    };
    if let Ok(session) = import(text, "fuzz.csv", options()) {
        let again = import(&export(&session), "again.csv", options()).expect("an export imports");
        assert_eq!(session.current.step_count(), again.current.step_count());
    }
});
