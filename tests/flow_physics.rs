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
