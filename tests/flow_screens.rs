//! Flow physics on screen: rework loops, queue times and the bottleneck, at a laptop size and
//! a projector size.

mod common;

use common::{key, screen, typing};
use insta::assert_snapshot;
use ratatui::crossterm::event::KeyCode;
use vsm::app::{Action, App};
use vsm::model::{
    Clock, Duration, Map, Queue, QueueCounting, Session, Step, Throughput, WorkCalendar,
};

fn step(id: u64, name: &str, owner: &str, pt: &str, lt: &str, ca: Option<f64>) -> Step {
    let mut step = Step::new(id, name);
    step.owner = owner.into();
    step.process_time = Duration::parse(pt).unwrap();
    step.lead_time = Duration::parse(lt).unwrap();
    step.complete_accurate = ca;
    step
}

/// The peer project's rework example (DESIGN.md), with Testing sending rejects back to
/// Analysis and a queue before Development that says more than the wait does.
fn rework_session() -> Session {
    let mut session = Session::new("Rework: request to deploy");
    let rows = [
        ("Customer request", "PO", "10min", "10min", Some(100.0)),
        ("Analysis", "BA", "30min", "35min", Some(90.0)),
        ("Development", "Dev", "60min", "75min", Some(85.0)),
        ("Testing", "QA", "40min", "60min", Some(95.0)),
        ("Deployment", "Ops", "20min", "30min", None),
    ];
    for (i, (name, owner, pt, lt, ca)) in rows.into_iter().enumerate() {
        let step = step(i as u64 + 1, name, owner, pt, lt, ca);
        session.current.insert_stage(i, step);
    }
    session.current.stages[3].steps[0].rework_to = Some(2);
    let mut inbox = Queue::new("Inbox", 12);
    inbox.throughput = Some(Throughput::parse("12/d").unwrap());
    session.current.stages[2].queue = Some(inbox);
    session
}

fn open(session: Session, w: u16, h: u16) -> App {
    let mut app = App::with_session(session, None);
    app.update(Action::Resize(w, h));
    app
}

#[test]
fn a_rework_loop_and_the_bottleneck() {
    for (w, h) in [(80, 24), (200, 60)] {
        let mut app = open(rework_session(), w, h);
        // Testing: its loop back to Analysis and the bottleneck's wait.
        for _ in 0..3 {
            key(&mut app, KeyCode::Right);
        }
        let shown = screen(&app, w, h);
        assert!(shown.contains("⧗"), "{shown}");
        assert!(
            shown.contains("rework 8.5 min: 5.0% rejected, back to Analysis"),
            "{shown}"
        );
        assert_snapshot!(format!("rework_{w}x{h}"), shown);
    }
}

/// Learning to See's stamping line: inventory before each station in days of demand, process
/// times in seconds, on the elapsed clock with queues counted in lead time.
fn stamping_line() -> Session {
    let mut session = Session::new("Stamping line (Learning to See)");
    session.calendar = WorkCalendar {
        clock: Clock::Elapsed,
        queues: QueueCounting::Included,
        ..WorkCalendar::default()
    };
    let stations = [
        ("Stamping", "1s", "5d", "Coils"),
        ("S. Weld 1", "39s", "7.6d", "Stampings"),
        ("S. Weld 2", "46s", "1.8d", "Welds"),
        ("Assembly 1", "62s", "2.7d", "Welds"),
        ("Assembly 2", "40s", "2d", "Assemblies"),
        ("Shipping", "0", "4.5d", "Finished"),
    ];
    for (i, (name, pt, days, label)) in stations.into_iter().enumerate() {
        session
            .current
            .insert_stage(i, step(i as u64 + 1, name, "", pt, pt, None));
        let mut queue = Queue::new(label, 0);
        queue.time = Some(Duration::parse(days).unwrap());
        session.current.stages[i].queue = Some(queue);
    }
    session
}

#[test]
fn a_manufacturing_ladder_counts_queue_days_in_lead_time() {
    for (w, h) in [(80, 24), (200, 60)] {
        let app = open(stamping_line(), w, h);
        let shown = screen(&app, w, h);
        assert!(shown.contains("23.6 d"), "{shown}");
        assert!(shown.contains("0.0092%"), "{shown}");
        assert_snapshot!(format!("stamping_{w}x{h}"), shown);
    }
}

/// The future state fixes the loop: Testing's rejects drop to 1%. No queue on either map: its
/// row says nothing then and is left out.
fn with_future(mut session: Session) -> Session {
    session.current.stages[2].queue = None;
    session.draft_future(true);
    let future: &mut Map = session.future.as_mut().unwrap();
    future.stages[3].steps[0].complete_accurate = Some(99.0);
    future.stages[2].steps[0].complete_accurate = Some(95.0);
    session
}

#[test]
fn the_comparison_shows_rework_and_where_each_bottleneck_is() {
    for (w, h) in [(80, 24), (160, 45)] {
        let mut app = open(with_future(rework_session()), w, h);
        typing(&mut app, "=");
        let shown = screen(&app, w, h);
        assert!(shown.contains("LT with rework"), "{shown}");
        assert!(!shown.contains("Queue time"), "{shown}");
        assert_snapshot!(format!("comparison_rework_{w}x{h}"), shown);
    }
}

/// Every hint of a form shows whole at 80x24: the flow fields' hints were cut before.
fn assert_hints_whole(app: &App, shown: &str) {
    let vsm::app::Mode::Form(form) = &app.viewer.mode else {
        panic!("no form open:\n{shown}");
    };
    for field in &form.fields {
        if form
            .error
            .as_ref()
            .is_some_and(|(at, _)| form.fields[*at].label == field.label)
        {
            continue;
        }
        assert!(shown.contains(field.hint), "{}:\n{shown}", field.label);
    }
}

#[test]
fn the_session_form_fits_80x24_and_the_clock_changes_totals_at_once_and_undoes() {
    let mut line = stamping_line();
    line.calendar.clock = Clock::Working;
    let mut app = open(line, 80, 24);
    let working = screen(&app, 80, 24);
    assert!(working.contains("0.028%"), "{working}");
    typing(&mut app, "t");
    let form = screen(&app, 80, 24);
    assert_hints_whole(&app, &form);
    assert_snapshot!("session_form_80x24", form);
    for _ in 0..4 {
        key(&mut app, KeyCode::Tab);
    }
    key(&mut app, KeyCode::Right);
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.session().calendar.clock, Clock::Elapsed);
    let elapsed = screen(&app, 80, 24);
    assert!(elapsed.contains("0.0092%"), "{elapsed}");
    typing(&mut app, "u");
    assert_eq!(app.session().calendar.clock, Clock::Working);
    // The same screen but the header, which says what was undone.
    let body = |shown: &str| shown.lines().skip(1).collect::<Vec<_>>().join("\n");
    assert_eq!(body(&screen(&app, 80, 24)), body(&working));
}

#[test]
fn a_clock_that_would_break_a_step_is_refused_on_the_clock_field() {
    let mut session = Session::new("Clock");
    session.calendar.clock = Clock::Elapsed;
    session
        .current
        .insert_stage(0, step(1, "Long day", "", "10h", "1d", None));
    let mut app = open(session, 80, 24);
    typing(&mut app, "t");
    for _ in 0..4 {
        key(&mut app, KeyCode::Tab);
    }
    key(&mut app, KeyCode::Left);
    key(&mut app, KeyCode::Enter);
    let vsm::app::Mode::Form(form) = &app.viewer.mode else {
        panic!("the form closed");
    };
    let (field, message) = form.error.clone().unwrap();
    assert_eq!(form.fields[field].label, "Clock");
    assert!(message.contains("'Long day'"), "{message}");
    assert_eq!(app.session().calendar.clock, Clock::Elapsed);
}

#[test]
fn rework_to_takes_an_earlier_name_in_any_case_and_a_bad_one_is_told_whole() {
    let mut app = open(rework_session(), 80, 24);
    for _ in 0..3 {
        key(&mut app, KeyCode::Right);
    }
    key(&mut app, KeyCode::Enter);
    let form = screen(&app, 80, 24);
    assert_hints_whole(&app, &form);
    for _ in 0..6 {
        key(&mut app, KeyCode::Tab);
    }
    typing(&mut app, "Deployment");
    key(&mut app, KeyCode::Enter);
    let shown = screen(&app, 80, 24);
    assert!(
        shown.contains("✗ 'Deployment' is not before this step: rework goes"),
        "{shown}"
    );
    assert!(shown.contains("back to an earlier one"), "{shown}");
    assert_snapshot!("rework_to_error_80x24", shown);
    common::ctrl(&mut app, 'u');
    typing(&mut app, "development");
    key(&mut app, KeyCode::Enter);
    assert!(matches!(app.viewer.mode, vsm::app::Mode::Normal));
    assert_eq!(app.session().current.stages[3].steps[0].rework_to, Some(3));
    let shown = screen(&app, 80, 24);
    assert!(shown.contains("back to Development"), "{shown}");
}

#[test]
fn the_queue_form_fits_80x24() {
    let mut app = open(rework_session(), 80, 24);
    for _ in 0..2 {
        key(&mut app, KeyCode::Right);
    }
    typing(&mut app, "w");
    let form = screen(&app, 80, 24);
    assert_hints_whole(&app, &form);
    assert!(form.contains("12/d"), "{form}");
}

#[test]
fn presentation_mode_flags_the_bottleneck() {
    for (w, h) in [(80, 24), (200, 60)] {
        let mut app = open(rework_session(), w, h);
        typing(&mut app, "P");
        assert!(app.viewer.presenting);
        let shown = screen(&app, w, h);
        assert!(shown.contains("⧗ bottleneck: Testing"), "{shown}");
        if w >= 160 {
            assert!(shown.contains("─ ⧗ bottleneck ╮"), "{shown}");
            assert!(shown.contains("↺ 8.5 min"), "{shown}");
        }
    }
}

/// The map with its loops, queue times and marks, drawn into an area inside a larger buffer
/// at many sizes: not a cell outside the area changes.
#[test]
fn flow_marks_stay_inside_the_map_area_at_any_size() {
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;
    use ratatui::widgets::Widget;
    use vsm::ui::geometry::{MapLayout, Zoom};
    use vsm::ui::map_view::MapView;
    for session in [rework_session(), stamping_line()] {
        let map = &session.current;
        let calendar = &session.calendar;
        let metrics = vsm::model::MapMetrics::of(map, calendar);
        let marks = std::collections::HashMap::new();
        for width in (20..=220).step_by(7) {
            for height in (6..=40).step_by(5) {
                for scroll in [0, 1, 3] {
                    let area = Rect::new(2, 2, width, height);
                    let mut buf = Buffer::empty(Rect::new(0, 0, width + 4, height + 4));
                    MapView {
                        map,
                        calendar,
                        metrics: &metrics,
                        selection: None,
                        scroll,
                        layout: MapLayout::fit(map, width, height, Zoom::Normal),
                        marks: &marks,
                        measured: None,
                        units: vsm::model::readable::Units::of(&session),
                    }
                    .render(area, &mut buf);
                    for (i, cell) in buf.content().iter().enumerate() {
                        let (x, y) = buf.pos_of(i);
                        let outside = !area.contains(ratatui::layout::Position::new(x, y));
                        assert!(
                            !outside || cell.symbol() == " ",
                            "{width}x{height} scroll {scroll}: '{}' at {x},{y}",
                            cell.symbol()
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn a_queue_whose_time_disagrees_with_the_wait_is_flagged_and_explained() {
    let mut app = open(rework_session(), 80, 24);
    key(&mut app, KeyCode::Right);
    key(&mut app, KeyCode::Right);
    let shown = screen(&app, 80, 24);
    assert!(shown.contains("│1d!  ┃Development"), "{shown}");
    assert!(
        shown.contains("queue before: Inbox (12 items) · 1 d"),
        "{shown}"
    );
    assert!(
        shown.contains("! queue says 1 d, wait is 15 min"),
        "{shown}"
    );
    // Queues counted in lead time are not a check: no flag, and the rung adds the queue.
    let mut included = app.session().clone();
    included.calendar.queues = QueueCounting::Included;
    let mut app = open(included, 80, 24);
    key(&mut app, KeyCode::Right);
    key(&mut app, KeyCode::Right);
    let shown = screen(&app, 80, 24);
    assert!(!shown.contains("queue says"), "{shown}");
    assert!(shown.contains("│1d   ┃Development"), "{shown}");
    assert!(shown.contains("─ ⧗ 1 d ↺"), "{shown}");
}
