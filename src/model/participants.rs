//! Who is in the room: names and roles, found quickly by an initial or the start of a name as
//! the facilitator types who votes for what.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Participant {
    pub name: String,
    #[serde(default)]
    pub role: String,
}

impl Participant {
    pub fn new(name: impl Into<String>, role: impl Into<String>) -> Participant {
        Participant {
            name: name.into(),
            role: role.into(),
        }
    }
}

/// The participant `typed` names: the whole name, else the only one whose name starts with it
/// (one letter is an initial), in any case. An error says who else it could be.
pub fn find<'a>(participants: &'a [Participant], typed: &str) -> Result<&'a Participant, String> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Err("type who votes: a name or its initial".into());
    }
    let lower = typed.to_lowercase();
    if let Some(exact) = participants.iter().find(|p| p.name.to_lowercase() == lower) {
        return Ok(exact);
    }
    let starting: Vec<&Participant> = participants
        .iter()
        .filter(|p| p.name.to_lowercase().starts_with(&lower))
        .collect();
    match starting.as_slice() {
        [one] => Ok(one),
        [] => Err(format!(
            "nobody called '{typed}' is in the room: add them to the participants first"
        )),
        many => Err(format!(
            "'{typed}' could be {}: type more of the name",
            many.iter()
                .map(|p| p.name.as_str())
                .collect::<Vec<_>>()
                .join(" or ")
        )),
    }
}

/// The people who spoke, in the order they first did: a start for the participants list.
pub fn from_authors<'a>(authors: impl Iterator<Item = &'a str>) -> Vec<Participant> {
    let mut out: Vec<Participant> = Vec::new();
    for author in authors.map(str::trim).filter(|a| !a.is_empty()) {
        if !out.iter().any(|p| p.name.eq_ignore_ascii_case(author)) {
            out.push(Participant::new(author, ""));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn room() -> Vec<Participant> {
        vec![
            Participant::new("Amita", "Tester"),
            Participant::new("Andy", "Release manager"),
            Participant::new("Tim", "Operations"),
        ]
    }

    #[test]
    fn an_initial_or_the_start_of_a_name_finds_one_participant() {
        let room = room();
        assert_eq!(find(&room, "t").unwrap().name, "Tim");
        assert_eq!(find(&room, "ANDY").unwrap().name, "Andy");
        assert_eq!(find(&room, "am").unwrap().name, "Amita");
    }

    #[test]
    fn an_ambiguous_or_unknown_name_says_what_to_do() {
        let room = room();
        assert_eq!(
            find(&room, "a").unwrap_err(),
            "'a' could be Amita or Andy: type more of the name"
        );
        assert_eq!(
            find(&room, "Zoe").unwrap_err(),
            "nobody called 'Zoe' is in the room: add them to the participants first"
        );
    }

    #[test]
    fn authors_of_annotations_start_the_list_once_each() {
        let list = from_authors(["Amita", "Tim", "amita", " ", "Mara"].into_iter());
        let names: Vec<&str> = list.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["Amita", "Tim", "Mara"]);
    }
}
