//! Flow physics on published maps, through the real loader: queue time, the elapsed clock,
//! precise percentages and the bottleneck (DESIGN.md, "Queue time and bottleneck").

use std::path::Path;

use vsm::model::readable;
use vsm::model::{MapMetrics, QueueCounting};

#[test]
fn learning_to_see_stamping_line_gives_its_published_lead_time_and_a_precise_ratio() {
    let session = vsm::session::file::load(Path::new("sessions/acme_stamping.ron")).unwrap();
    let m = MapMetrics::of(&session.current, &session.calendar);
    // Queues of 5 d of coils, then 7000, 1700, 2450, 1840 and 4140 pieces at 920 a day.
    let queue_days: Vec<f64> = m
        .stage_times
        .iter()
        .map(|s| (s.queue_hours.unwrap() / 24.0 * 100.0).round() / 100.0)
        .collect();
    assert_eq!(queue_days, [5.0, 7.61, 1.85, 2.66, 2.0, 4.5]);
    let lead_days = m.lead_time_hours / 24.0;
    assert!((lead_days - 23.6).abs() < 0.05, "{lead_days}");
    assert!((m.process_time_hours * 3600.0 - 188.0).abs() < 1e-9);
    assert_eq!(
        readable::hours(m.lead_time_hours, &session.calendar),
        "23.6 d"
    );
    assert_eq!(readable::percent(m.activity_ratio), "0.0092%");
    assert_eq!(m.bottleneck_step.as_deref(), Some("S. Weld #1"));

    // The same map with queues as a check: the lead time is the steps' own, the queues flagged.
    let mut calendar = session.calendar;
    calendar.queues = QueueCounting::Check;
    let m = MapMetrics::of(&session.current, &calendar);
    assert!((m.lead_time_hours * 3600.0 - 188.0).abs() < 1e-9);
    assert!(m.stage_times.iter().all(|s| s.queue_disagrees));
    assert_eq!(m.bottleneck, None);
}

#[test]
fn moving_a_step_past_its_rework_target_drops_the_loop_and_says_so_and_undo_restores_it() {
    use vsm::app::{Action, App};
    let text = std::fs::read_to_string("tests/sessions/peer_rework.ron").unwrap();
    let mut session: vsm::model::Session = ron::from_str(&text).unwrap();
    let analysis = session.current.stages[1].steps[0].id;
    session.current.stages[3].steps[0].rework_to = Some(analysis);
    let mut app = App::with_session(session, None);
    app.update(Action::Resize(120, 35));
    // Analysis moves right twice: it is now after Testing.
    app.viewer.selection = vsm::model::map::StepAt::new(1, 0);
    app.update(Action::MoveRight);
    app.update(Action::MoveRight);
    let testing = app.map().stages[2].steps[0].clone();
    assert_eq!(testing.name, "Testing");
    assert_eq!(testing.rework_to, None);
    let said = app.viewer.status.clone().unwrap().text;
    assert!(said.contains("rework loop of 'Testing' dropped"), "{said}");
    app.update(Action::Undo);
    assert_eq!(app.map().stages[2].steps[0].rework_to, None);
    app.update(Action::Undo);
    assert_eq!(app.map().stages[3].steps[0].rework_to, Some(analysis));
}

#[test]
fn a_file_whose_rework_loop_points_forward_is_refused_where_it_stands() {
    let text = std::fs::read_to_string("tests/sessions/peer_rework.ron").unwrap();
    let mut session: vsm::model::Session = ron::from_str(&text).unwrap();
    let deployment = session.current.stages[4].steps[0].id;
    session.current.stages[3].steps[0].rework_to = Some(deployment);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("forward.ron");
    std::fs::write(&path, vsm::session::file::to_ron(&session)).unwrap();
    let error = vsm::session::file::load(&path).unwrap_err().to_string();
    assert!(error.contains("not before this one"), "{error}");
}

#[test]
fn report_json_never_prints_negative_zero() {
    let session = vsm::session::file::load(Path::new("sessions/tailspin.ron")).unwrap();
    let json = vsm::export::report::json(&session);
    assert!(!json.contains("-0.0"), "{json}");
}
