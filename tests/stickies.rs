//! What the room said, on the map: notes next to their steps at projector sizes, badges at
//! 80x24, a key to hide them.

mod common;

use common::{demo_with_future, screen, typing};
use insta::assert_snapshot;

#[test]
fn stickies_at_each_size() {
    for (w, h) in [(80, 24), (160, 45), (200, 60)] {
        let app = demo_with_future(w, h);
        assert_snapshot!(format!("stickies_{w}x{h}"), screen(&app, w, h));
    }
}

/// Every word of every annotation of the demo is on a 200x60 screen, with no note cut short.
#[test]
fn at_200x60_the_demo_shows_every_annotation_without_a_key() {
    let app = demo_with_future(200, 60);
    let text = screen(&app, 200, 60);
    let words: Vec<&str> = text.split_whitespace().collect();
    for (which, map) in app.session().maps() {
        for (step, note) in map.all_annotations() {
            for word in note.text.split_whitespace() {
                let word = word.trim_matches(|c: char| !c.is_alphanumeric());
                assert!(
                    words.iter().any(|w| w.contains(word)),
                    "'{word}' of '{}' on {which} {:?} is not on screen:\n{text}",
                    note.text,
                    step.map(|s| &s.name)
                );
            }
        }
    }
    assert!(!says_more(&text), "{text}");
}

/// A "+N more" of a column of notes.
fn says_more(text: &str) -> bool {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .windows(2)
        .any(|w| {
            w[1] == "more"
                && w[0]
                    .strip_prefix('+')
                    .is_some_and(|n| n.parse::<u32>().is_ok())
        })
}

#[test]
fn s_hides_the_notes_and_badges_stay() {
    let mut app = demo_with_future(200, 60);
    assert!(screen(&app, 200, 60).contains("C I have to literally"));
    typing(&mut app, "s");
    let text = screen(&app, 200, 60);
    assert!(!text.contains("C I have to literally"), "{text}");
    assert!(text.contains("C&A – C1 I1"), "{text}");
    typing(&mut app, "s");
    assert!(screen(&app, 200, 60).contains("C I have to literally"));
}

#[test]
fn at_80x24_the_badges_stay_and_no_note_is_drawn() {
    let app = demo_with_future(80, 24);
    let text = screen(&app, 80, 24);
    assert!(text.contains("C&A – C1 I1"), "{text}");
    assert!(!text.contains("C I have to"), "{text}");
    assert!(!says_more(&text), "{text}");
}
