//! Fuzzy matching for the palette and for jumping to a step: "leader" finds "Leadership
//! approval", "exp" finds "export". Uses nucleo-matcher (the matcher behind the helix editor).

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher};

/// The places in `texts` that match `query`, best first; ties keep their order. An empty
/// query keeps every text in order.
pub fn rank(query: &str, texts: &[String]) -> Vec<usize> {
    let pattern = Pattern::parse(query, CaseMatching::Ignore, Normalization::Smart);
    let mut matcher = Matcher::new(Config::DEFAULT);
    let indexed: Vec<Indexed> = texts
        .iter()
        .enumerate()
        .map(|(i, text)| Indexed(i, text))
        .collect();
    pattern
        .match_list(indexed, &mut matcher)
        .into_iter()
        .map(|(Indexed(i, _), _)| i)
        .collect()
}

struct Indexed<'a>(usize, &'a String);

impl AsRef<str> for Indexed<'_> {
    fn as_ref(&self) -> &str {
        self.1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn best_match_first_and_misses_left_out() {
        let steps = texts(&[
            "Create label",
            "Deploy to production",
            "Leadership approval",
        ]);
        assert_eq!(rank("Leader", &steps), vec![2]);
        assert_eq!(rank("dep prod", &steps), vec![1]);
        assert_eq!(rank("", &steps), vec![0, 1, 2]);
        assert!(rank("zzz", &steps).is_empty());
    }
}
