//! The document and its rules: sessions, maps, steps, durations and metrics.
//! No terminal, no files, no clock.

pub mod action_plan;
pub mod calendar;
pub mod charter;
pub mod checks;
pub mod compare;
pub mod decisions;
pub mod duration;
pub mod flow;
pub mod ideas;
pub mod map;
pub mod measured;
pub mod measured_words;
pub mod metrics;
pub mod participants;
pub mod readable;
pub mod session;
pub mod shared;
pub mod spoken;
pub mod step_line;
pub mod target;
pub mod throughput;
pub mod voting;

pub use calendar::{Clock, QueueCounting, WorkCalendar};
pub use decisions::Decisions;
pub use duration::{Duration, Unit};
pub use map::{Annotation, AnnotationKind, Map, Queue, Stage, Step};
pub use measured::{FlowSummary, Measured, Period};
pub use metrics::MapMetrics;
pub use session::{Session, Which};
pub use shared::Shared;
pub use throughput::Throughput;
