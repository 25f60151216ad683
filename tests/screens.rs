//! Whole-screen snapshots at a laptop size (80x24) and a projector size (160x45).

mod common;

use common::{demo, key, screen, times, typing};
use insta::assert_snapshot;
use ratatui::crossterm::event::KeyCode;
use vsm::app::{Action, App};
use vsm::session::recent::RecentSession;

const SIZES: [(u16, u16); 2] = [(80, 24), (160, 45)];

fn each_size(name: &str, prepare: impl Fn(u16, u16) -> App) {
    for (w, h) in SIZES {
        let app = prepare(w, h);
        assert_snapshot!(format!("{name}_{w}x{h}"), screen(&app, w, h));
    }
}

#[test]
fn start_screen() {
    each_size("start", |w, h| {
        let mut app = App::start(Vec::new());
        app.update(Action::Resize(w, h));
        app
    });
}

#[test]
fn same_titles_show_what_tells_them_apart_and_wide_windows_use_their_width() {
    let title = "Tailspin: one feature, request to customer";
    let recent: Vec<RecentSession> = [
        "/home/ann/workshops/2025",
        "/home/ann/workshops/2026",
        "/srv/team",
    ]
    .iter()
    .map(|folder| RecentSession {
        path: format!("{folder}/tailspin.ron").into(),
        title: title.into(),
        opened: chrono::NaiveDate::from_ymd_opt(2026, 3, 1)
            .unwrap()
            .and_hms_opt(10, 0, 0)
            .unwrap(),
        held_on: chrono::NaiveDate::from_ymd_opt(2026, 2, 27),
        last_changed: None,
    })
    .collect();
    for (w, h) in [(80, 24), (200, 60), (200, 40)] {
        let mut app = App::start(recent.clone());
        app.update(Action::Resize(w, h));
        let text = screen(&app, w, h);
        for telling in [
            "2025/tailspin.ron",
            "2026/tailspin.ron",
            "team/tailspin.ron",
        ] {
            let row = text
                .lines()
                .find(|l| l.contains(telling))
                .unwrap_or_else(|| panic!("{telling} at {w}x{h}:\n{text}"));
            assert!(row.contains("Tailspin"), "{row}");
        }
        let list = text.lines().find(|l| l.contains("╭ vsm")).unwrap();
        let columns = list.trim().chars().count();
        if w >= 200 {
            assert!(columns >= 140, "{columns} at {w}x{h}");
            assert!(text.contains(title), "{text}");
            assert!(
                text.contains("/home/ann/workshops/2025/tailspin.ron"),
                "{text}"
            );
        } else {
            assert!(columns <= w as usize);
        }
    }
}

#[test]
fn demo_map() {
    each_size("demo", |w, h| {
        let mut app = demo(w, h);
        key(&mut app, KeyCode::Esc); // clears the welcome message
        app
    });
}

#[test]
fn demo_scrolled_to_the_end() {
    each_size("demo_end", |w, h| {
        let mut app = demo(w, h);
        key(&mut app, KeyCode::End);
        app
    });
}

#[test]
fn step_form_with_an_error() {
    each_size("step_form", |w, h| {
        let mut app = demo(w, h);
        times(&mut app, KeyCode::Right, 1);
        key(&mut app, KeyCode::Enter);
        key(&mut app, KeyCode::Tab); // lead time
        typing(&mut app, "4dx");
        key(&mut app, KeyCode::Enter);
        app
    });
}

#[test]
fn help() {
    each_size("help", |w, h| {
        let mut app = demo(w, h);
        typing(&mut app, "?");
        app
    });
}

#[test]
fn annotations_list() {
    each_size("annotations", |w, h| {
        let mut app = demo(w, h);
        typing(&mut app, "n");
        app
    });
}

#[test]
fn parallel_steps_and_a_queue() {
    let session = common::readme_example();
    each_size("parallel", |w, h| {
        let mut app = App::with_session(session.clone(), Some("checkout.ron".into()));
        app.update(Action::Resize(w, h));
        key(&mut app, KeyCode::Right);
        key(&mut app, KeyCode::Down);
        app
    });
}

#[test]
fn split_view_of_current_and_future_state() {
    each_size("split", |w, h| {
        let mut app = common::demo_with_future(w, h);
        key(&mut app, KeyCode::Tab);
        times(&mut app, KeyCode::Right, 2);
        app
    });
}

#[test]
fn comparison_full_screen() {
    each_size("comparison", |w, h| {
        let mut app = common::demo_with_future(w, h);
        typing(&mut app, "=");
        app
    });
}

#[test]
fn future_map_alone() {
    each_size("future_single", |w, h| {
        let mut app = common::demo_with_future(w, h);
        key(&mut app, KeyCode::Tab);
        typing(&mut app, "v");
        app
    });
}
