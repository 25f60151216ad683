//! Any bytes as a session file: loading must return a session or an error, never panic, and a
//! session it accepts must save and load back the same.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(session) = vsm::session::file::parse(text, "fuzz") {
        let again = vsm::session::file::parse(&vsm::session::to_ron(&session), "fuzz again")
            .expect("a saved session loads");
        assert_eq!(session, again);
    }
});
