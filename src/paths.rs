//! `vsm paths`: every folder and file vsm uses, so a user knows where to look.

use crate::runtime::Runtime;

pub fn describe(runtime: &Runtime) -> String {
    let shown = |path: Option<std::path::PathBuf>| {
        path.map(|p| p.display().to_string())
            .unwrap_or_else(|| "(none found)".into())
    };
    let state = runtime.state_dir.clone();
    let in_state = |name: &str| state.as_ref().map(|dir| dir.join(name));
    let rows = [
        (
            "settings (yours, never written)",
            shown(runtime.config_path.clone()),
        ),
        ("new sessions", shown(runtime.data_dir.clone())),
        ("state folder", shown(state.clone())),
        ("recovered sessions", shown(in_state("recovery"))),
        ("recent sessions", shown(in_state("recent.ron"))),
        ("settings chosen in the app", shown(in_state("state.ron"))),
        ("exports made", shown(in_state("exports.ron"))),
        ("crash reports", shown(in_state("crash-*.txt"))),
        (
            "log (--debug or VSM_LOG)",
            shown(in_state(crate::logging::FILE_NAME)),
        ),
    ];
    let width = rows.iter().map(|(name, _)| name.len()).max().unwrap_or(0);
    rows.iter()
        .map(|(name, path)| format!("{name:width$}  {path}\n"))
        .collect()
}
