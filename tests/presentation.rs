//! Projector-ready: themes, NO_COLOR, presentation mode, zoom, config and the mouse.

mod common;

use common::{demo_with_future, key, screen, typing};
use insta::assert_snapshot;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyCode;
use ratatui::style::Color;
use vsm::app::{Action, App, Mode};
use vsm::ui::geometry::Zoom;
use vsm::ui::theme::ThemeName;

fn buffer(app: &App, width: u16, height: u16) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|frame| {
            vsm::ui::draw(frame, app);
        })
        .unwrap();
    terminal.backend().buffer().clone()
}

#[test]
fn the_light_theme_is_dark_on_white_and_high_contrast_is_white_on_black() {
    let mut app = demo_with_future(80, 24);
    app.viewer.theme = ThemeName::Light;
    let light = buffer(&app, 80, 24);
    assert_eq!(light[(40, 12)].bg, Color::White);
    assert!(light.content().iter().all(|c| c.bg != Color::Reset));
    app.viewer.theme = ThemeName::HighContrast;
    let high = buffer(&app, 80, 24);
    assert_eq!(high[(40, 12)].bg, Color::Black);
    // The theme changes colours only, never what is said.
    app.viewer.theme = ThemeName::Dark;
    let dark = screen(&app, 80, 24);
    app.viewer.theme = ThemeName::Light;
    assert_eq!(screen(&app, 80, 24), dark);
}

#[test]
fn no_color_keeps_emphasis_without_any_colour() {
    let mut app = demo_with_future(120, 35);
    app.viewer.no_color = true;
    for theme in [ThemeName::Dark, ThemeName::Light, ThemeName::HighContrast] {
        app.viewer.theme = theme;
        let buffer = buffer(&app, 120, 35);
        assert!(
            buffer
                .content()
                .iter()
                .all(|c| c.fg == Color::Reset && c.bg == Color::Reset),
            "{theme:?}"
        );
        // The selected step still stands out: reversed name.
        assert!(
            buffer
                .content()
                .iter()
                .any(|c| c.modifier.contains(ratatui::style::Modifier::REVERSED))
        );
    }
}

#[test]
fn the_theme_key_cycles_and_asks_to_remember_it() {
    let mut app = demo_with_future(80, 24);
    assert_eq!(
        typing_effect(&mut app, 'T'),
        Some(vsm::app::Effect::RememberSettings)
    );
    assert_eq!(app.viewer.theme, ThemeName::Light);
    let dir = tempfile::tempdir().unwrap();
    let runtime = vsm::runtime::Runtime {
        data_dir: Some(dir.path().into()),
        state_dir: Some(dir.path().into()),
        config_path: Some(dir.path().join("config.ron")),
    };
    runtime.perform(&mut app, vsm::app::Effect::RememberSettings);
    let mut next = runtime.start_app();
    assert_eq!(next.viewer.theme, ThemeName::Light);
    next.update(Action::Resize(80, 24));
}

fn typing_effect(app: &mut App, c: char) -> Option<vsm::app::Effect> {
    key(app, KeyCode::Char(c))
}

#[test]
fn config_sets_theme_zoom_calendar_and_keys_and_a_bad_one_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.ron");
    std::fs::write(
        &path,
        "(theme: Some(HighContrast), zoom: Some(Large), calendar: Some((hours_per_day: 7.5, days_per_week: 4.0)), keys: Some((map: [(keys: [\"s\"], action: Save, footer: Some(\"save\"))])))",
    )
    .unwrap();
    let runtime = vsm::runtime::Runtime {
        data_dir: Some(dir.path().into()),
        state_dir: Some(dir.path().into()),
        config_path: Some(path.clone()),
    };
    let mut app = runtime.start_app();
    assert_eq!(app.viewer.theme, ThemeName::HighContrast);
    assert_eq!(app.viewer.zoom, Zoom::Large);
    assert_eq!(app.new_session_calendar.hours_per_day, 7.5);
    app.update(Action::Resize(100, 30));
    typing(&mut app, "?");
    let help = screen(&app, 100, 30);
    assert!(help.contains("Start screen"), "{help}");
    key(&mut app, KeyCode::Esc);
    typing(&mut app, "n");
    let text = screen(&app, 100, 30);
    assert!(text.contains("7.5"), "{text}");
    key(&mut app, KeyCode::Esc);
    typing(&mut app, "d");
    assert_eq!(
        typing_effect(&mut app, 's'),
        Some(vsm::app::Effect::Save { quit_after: false })
    );

    std::fs::write(&path, "(theme: Some(Neon))").unwrap();
    let mut app = runtime.start_app();
    assert_eq!(app.viewer.theme, ThemeName::Dark);
    app.update(Action::Resize(100, 30));
    let text = screen(&app, 100, 30);
    assert!(
        text.contains("Default settings used, the config has a mistake"),
        "{text}"
    );
    assert_eq!(
        app.status_line()
            .map(|s| s.text.contains("config.ron: line 1, column 14")),
        Some(true)
    );
}

#[test]
fn a_click_selects_a_step_and_a_double_click_opens_it() {
    let mut app = demo_with_future(160, 45);
    let text = common::shown(&mut app, 160, 45);
    // "Triage bugs" in the future map, below the current one.
    let (row, line) = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.contains("Triage bugs"))
        .last()
        .unwrap();
    let col = line.find("Triage bugs").unwrap();
    let col = line[..col].chars().count() as u16;
    app.update(Action::Click(col + 2, row as u16));
    assert_eq!(app.viewer.focus, vsm::model::Which::Future);
    assert_eq!(app.selected_step().unwrap().name, "Triage bugs");
    app.update(Action::DoubleClick(col + 2, row as u16));
    assert!(matches!(app.viewer.mode, Mode::Form(_)));
    key(&mut app, KeyCode::Esc);
    // A click between boxes selects nothing new.
    app.update(Action::Click(1, row as u16));
    assert_eq!(app.selected_step().unwrap().name, "Triage bugs");
    // The wheel moves along the map.
    app.update(Action::Right);
    assert_eq!(
        app.selected_step().unwrap().name,
        "Deploy to pre-production"
    );
}

#[test]
fn presentation_mode_shows_big_metrics() {
    for (w, h) in [(80, 24), (200, 60)] {
        let mut app = demo_with_future(w, h);
        typing(&mut app, "P");
        key(&mut app, KeyCode::Esc);
        assert!(!app.viewer.presenting);
        typing(&mut app, "P");
        app.viewer.status = None;
        assert_snapshot!(format!("present_{w}x{h}"), screen(&app, w, h));
    }
    // Editing keys still work and the big metrics follow.
    let mut app = demo_with_future(200, 60);
    typing(&mut app, "P");
    app.update(Action::Last);
    key(&mut app, KeyCode::Char('x'));
    assert!(app.viewer.presenting);
    assert_eq!(app.map().step_count(), 7);
}

#[test]
fn zoom_changes_how_many_stages_fit() {
    let mut app = demo_with_future(120, 35);
    let normal = screen(&app, 120, 35);
    typing(&mut app, "z");
    assert_eq!(app.viewer.zoom, Zoom::Large);
    let large = screen(&app, 120, 35);
    typing(&mut app, "z");
    assert_eq!(app.viewer.zoom, Zoom::Compact);
    let compact = screen(&app, 120, 35);
    // Boxes on the first map row: compact shows the most, large the fewest.
    let boxes = |s: &str| {
        let row = s.lines().nth(3).unwrap_or("");
        row.matches('╭').count() + row.matches('┏').count()
    };
    assert!(boxes(&compact) > boxes(&normal), "{compact}");
    assert!(boxes(&large) < boxes(&normal), "{large}");
}

#[test]
fn in_presentation_both_maps_keep_whole_boxes_at_odd_heights() {
    for (w, h) in [(120, 33), (120, 35), (80, 29), (200, 31), (81, 30)] {
        let mut app = App::with_session(vsm::model::Session::new("Odd"), None);
        app.update(Action::Resize(w, h));
        typing(&mut app, "a");
        typing(&mut app, "Build 1d");
        key(&mut app, KeyCode::Enter);
        // The one-line entry stays open for the next step: Esc ends it.
        key(&mut app, KeyCode::Esc);
        typing(&mut app, "Fc");
        typing(&mut app, "P");
        app.update(Action::Right);
        app.viewer.status = None;
        let shown = screen(&app, w, h);
        // Every box drawn is closed: as many bottom corners as top corners, and each map's
        // box keeps its times.
        let tops = shown.matches('╭').count() + shown.matches('┏').count();
        let bottoms = shown.matches('╰').count() + shown.matches('┗').count();
        assert_eq!(tops, bottoms, "{w}x{h}\n{shown}");
        assert_eq!(
            shown.matches("PT 0  LT 1d").count(),
            tops,
            "{w}x{h}\n{shown}"
        );
        assert!(shown.contains("FUTURE STATE"), "{w}x{h}\n{shown}");
    }
}
