//! What a state's name says it means, in English, German, French, Spanish, Portuguese and
//! Dutch: done, dropped (removed, cancelled, won't do, duplicate), waiting, or else active
//! work. A reopened or moved-back state is never done. Only a proposal: what the team says wins.

/// The four meanings of a state (DESIGN.md "Measured flow").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Meaning {
    Active,
    Waiting,
    Done,
    Dropped,
}

const DONE: &[&str] = &[
    // English
    "done",
    "closed",
    "resolved",
    "released",
    "completed",
    "complete",
    "finished",
    "shipped",
    "deployed",
    "delivered",
    "merged",
    "fixed",
    "accomplished",
    // German
    "erledigt",
    "geschlossen",
    "fertig",
    "abgeschlossen",
    "gelöst",
    "veröffentlicht",
    "ausgeliefert",
    "erfüllt",
    // French
    "terminé",
    "termine",
    "terminée",
    "fait",
    "fermé",
    "ferme",
    "résolu",
    "resolu",
    "livré",
    "livre",
    "clos",
    "clôturé",
    "déployé",
    // Spanish
    "hecho",
    "cerrado",
    "terminado",
    "completado",
    "resuelto",
    "finalizado",
    "entregado",
    "desplegado",
    // Portuguese
    "concluído",
    "concluido",
    "feito",
    "fechado",
    "resolvido",
    "entregue",
    "implantado",
    // Dutch
    "gereed",
    "klaar",
    "gesloten",
    "afgerond",
    "opgelost",
    "voltooid",
    "opgeleverd",
];

const DROPPED: &[&str] = &[
    "removed",
    "cancelled",
    "canceled",
    "rejected",
    "duplicate",
    "duplicated",
    "obsolete",
    "abandoned",
    "declined",
    "discarded",
    "invalid",
    "wontdo",
    "wontfix",
    // German
    "entfernt",
    "abgebrochen",
    "storniert",
    "abgelehnt",
    "duplikat",
    "verworfen",
    "obsolet",
    "gestrichen",
    // French
    "annulé",
    "annule",
    "abandonné",
    "rejeté",
    "refusé",
    "doublon",
    "obsolète",
    "supprimé",
    // Spanish
    "cancelado",
    "eliminado",
    "rechazado",
    "duplicado",
    "descartado",
    "obsoleto",
    "anulado",
    // Portuguese
    "removido",
    "rejeitado",
    "abandonado",
    "descartada",
    "cancelada",
    // Dutch
    "geannuleerd",
    "verwijderd",
    "afgewezen",
    "vervallen",
    "dubbel",
    "geschrapt",
];

const DROPPED_PHRASES: &[&str] = &[
    "won t do",
    "won t fix",
    "wont do",
    "wont fix",
    "will not do",
    "will not fix",
    "not a bug",
    "no hacer",
    "ne pas faire",
    "nicht umsetzen",
];

const REOPENED: &[&str] = &[
    "reopened",
    "reopen",
    "reopening",
    "wiedereröffnet",
    "rouvert",
    "réouvert",
    "reabierto",
    "reaberto",
    "heropend",
    "undone",
    "regressed",
];

const REOPENED_PHRASES: &[&str] = &[
    "re opened",
    "moved back",
    "back to",
    "sent back",
    "not done",
    "nicht erledigt",
    "zurück",
    "retour",
    "devuelto",
    "terug",
];

const WAITING: &[&str] = &[
    "wait",
    "waiting",
    "awaiting",
    "queue",
    "queued",
    "backlog",
    "ready",
    "blocked",
    "todo",
    "new",
    "open",
    "pending",
    "hold",
    "parked",
    // German
    "wartend",
    "warten",
    "wartet",
    "bereit",
    "offen",
    "neu",
    "blockiert",
    "angehalten",
    // French
    "attente",
    "prêt",
    "pret",
    "bloqué",
    "bloque",
    "nouveau",
    "nouvelle",
    "ouvert",
    "suspendu",
    // Spanish
    "esperando",
    "espera",
    "pendiente",
    "bloqueado",
    "nuevo",
    "abierto",
    "listo",
    // Portuguese
    "aguardando",
    "pendente",
    "novo",
    "aberto",
    "pronto",
    // Dutch
    "wachten",
    "wachtend",
    "nieuw",
    "geblokkeerd",
];

const WAITING_PHRASES: &[&str] = &[
    "to do",
    "on hold",
    "por hacer",
    "a faire",
    "à faire",
    "zu erledigen",
    "te doen",
    "a fazer",
    "por fazer",
    "gereed voor",
];

/// The name's words, lower-case, apostrophes dropped, with a space on each side for phrases.
fn words(name: &str) -> String {
    let lower: String = name
        .to_lowercase()
        .chars()
        .filter(|c| !matches!(c, '\'' | '’'))
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    format!(
        " {} ",
        lower.split_whitespace().collect::<Vec<_>>().join(" ")
    )
}

fn has(words: &str, list: &[&str], phrases: &[&str]) -> bool {
    words.split(' ').any(|w| !w.is_empty() && list.contains(&w))
        || phrases.iter().any(|p| words.contains(&format!(" {p} ")))
}

/// A name like "Reopened" or "Moved back": never done.
pub fn is_reopened(name: &str) -> bool {
    has(&words(name), REOPENED, REOPENED_PHRASES)
}

/// What the name of a state says it means.
pub fn meaning(name: &str) -> Meaning {
    let w = words(name);
    if has(&w, DROPPED, DROPPED_PHRASES) {
        Meaning::Dropped
    } else if has(&w, REOPENED, REOPENED_PHRASES) {
        Meaning::Active
    } else if has(&w, WAITING, WAITING_PHRASES) {
        Meaning::Waiting
    } else if has(&w, DONE, &[]) {
        Meaning::Done
    } else {
        Meaning::Active
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_mean_what_they_say_in_six_languages() {
        for done in [
            "Done",
            "Closed",
            "Released",
            "Hecho",
            "Erledigt",
            "Terminé",
            "Concluído",
            "Gereed",
            "Resolved",
            "Shipped",
        ] {
            assert_eq!(meaning(done), Meaning::Done, "{done}");
        }
        for dropped in [
            "Removed",
            "Canceled",
            "Cancelled",
            "Won't Do",
            "Won't fix",
            "Duplicate",
            "Rejected",
            "Obsolete",
            "Abgebrochen",
            "Annulé",
            "Cancelado",
            "Closed (won't fix)",
        ] {
            assert_eq!(meaning(dropped), Meaning::Dropped, "{dropped}");
        }
        for waiting in [
            "To Do",
            "Backlog",
            "Ready for QA",
            "Awaiting release",
            "En attente",
            "Pendiente",
            "On hold",
            "Blocked",
        ] {
            assert_eq!(meaning(waiting), Meaning::Waiting, "{waiting}");
        }
        for active in [
            "Reopened",
            "In Progress",
            "Review",
            "Moved back to dev",
            "Not done",
            "Coding",
        ] {
            assert_eq!(meaning(active), Meaning::Active, "{active}");
        }
        assert!(is_reopened("Re-opened") && !is_reopened("Open"));
    }
}
