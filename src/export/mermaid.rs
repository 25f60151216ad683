//! The map as a Mermaid flowchart, so it renders on GitHub, GitLab and wikis.

use super::escape;
use crate::model::{Map, Queue, Session};

/// "▲ 12 Inbox", with the time when it is given ("▲ Coils · 5d"); no "0" for a queue that
/// counts no items.
fn queue_text(q: &Queue) -> String {
    let mut text = String::from("▲ ");
    if q.items > 0 {
        text += &format!("{} ", q.items);
    }
    text += &escape::mermaid(&q.label);
    if let Some(time) = q.time {
        text += &format!(" · {}", escape::mermaid(&time.to_string()));
    }
    text
}

pub fn flowchart(session: &Session) -> String {
    let mut out = String::from("flowchart LR\n");
    for (which, map) in session.maps() {
        let prefix = &which[..1];
        let title = if which == "current" {
            "Current state"
        } else {
            "Future state"
        };
        out += &format!("  subgraph {prefix}map[\"{title}\"]\n    direction LR\n");
        out += &map_body(map, prefix);
        out += "  end\n";
    }
    out
}

fn map_body(map: &Map, prefix: &str) -> String {
    let mut out = String::new();
    for stage in &map.stages {
        for step in &stage.steps {
            let mut label = escape::mermaid(&step.name);
            if !step.owner.is_empty() {
                label += &format!("<br/>{}", escape::mermaid(&step.owner));
            }
            label += &format!(
                "<br/>PT {} · LT {}",
                escape::mermaid(&step.process_time.to_string()),
                escape::mermaid(&step.lead_time.to_string())
            );
            out += &format!("    {prefix}{}[\"{label}\"]\n", step.id);
        }
    }
    // A queue before the first stage has no edge to sit on: it gets a node of its own.
    if let Some((first, q)) = map
        .stages
        .first()
        .and_then(|s| Some((s, s.queue.as_ref()?)))
    {
        out += &format!("    {prefix}queue[/\"{}\"\\]\n", queue_text(q));
        for to in &first.steps {
            out += &format!("    {prefix}queue --> {prefix}{}\n", to.id);
        }
    }
    for pair in map.stages.windows(2) {
        let edge = match &pair[1].queue {
            Some(q) => format!(" -- \"{}\" --> ", queue_text(q)),
            None => " --> ".into(),
        };
        for from in &pair[0].steps {
            for to in &pair[1].steps {
                out += &format!("    {prefix}{}{edge}{prefix}{}\n", from.id, to.id);
            }
        }
    }
    out
}
