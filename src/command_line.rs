//! Help at the command line beyond clap's own: a mistyped command named, the manual pages.

use std::path::Path;
use std::process::ExitCode;

use vsm::export::escape::terminal as shown;

use crate::fail;

/// A first word that is neither a file nor a command but close to one ("exprot") is a typo,
/// not a new session to create: name the command meant.
pub fn mistyped_command(command: &clap::Command) -> Option<String> {
    let word = std::env::args().nth(1)?;
    // Short words ("map", "demo") are more likely names than typos of "man".
    if word.chars().count() < 5
        || word.starts_with('-')
        || word.contains(['.', '/'])
        || Path::new(&word).exists()
    {
        return None;
    }
    let names: Vec<String> = command
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .chain(["help".to_string()])
        .collect();
    if names.contains(&word) {
        return None;
    }
    let meant = names
        .iter()
        .find(|name| edit_distance(name, &word.to_lowercase()) <= 2)?;
    Some(format!(
        "vsm: '{}' is not a command; did you mean 'vsm {meant}'? (vsm --help lists them; a new \
         session file needs a name like {}.ron)",
        shown(&word),
        shown(&word)
    ))
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let replaced = previous + usize::from(ca != *cb);
            previous = row[j + 1];
            row[j + 1] = replaced.min(row[j] + 1).min(previous + 1);
        }
    }
    row[b.len()]
}

/// The manual page of vsm, or of one of its commands (the pages `vsm man` refers to).
pub fn manual(cli: clap::Command, command: Option<&str>) -> ExitCode {
    let page = match command {
        None => cli,
        Some(name) => match cli.find_subcommand(name) {
            // clap names are static; this runs once, just before the process ends.
            Some(sub) => sub
                .clone()
                .name(&*Box::leak(format!("vsm-{name}").into_boxed_str())),
            None => {
                let names: Vec<&str> = cli.get_subcommands().map(|c| c.get_name()).collect();
                return fail(&format!(
                    "no command '{}': choose one of {}",
                    shown(name),
                    names.join(", ")
                ));
            }
        },
    };
    match clap_mangen::Man::new(page).render(&mut std::io::stdout()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => fail(&format!("cannot write the manual page: {error}")),
    }
}
