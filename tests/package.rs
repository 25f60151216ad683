//! The package says truthfully what it needs: `rust-version` is the newest that any dependency
//! vsm builds with asks for (or what vsm's own code needs, whichever is newer).

use serde_json::Value;

/// let chains in `if` and `while` (used throughout) are stable from Rust 1.88.
const OWN_CODE_NEEDS: &str = "1.88";

/// "1.88" and "1.88.0" alike, as numbers.
fn version(text: &str) -> Vec<u64> {
    let mut parts: Vec<u64> = text.split('.').map(|n| n.parse().unwrap()).collect();
    parts.resize(3, 0);
    parts
}

/// The platform this test runs on: metadata for it needs only what the build downloaded.
fn host() -> String {
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let output = std::process::Command::new(rustc)
        .arg("-vV")
        .output()
        .unwrap();
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .find_map(|line| line.strip_prefix("host: "))
        .expect("rustc -vV names the host")
        .to_string()
}

#[test]
fn rust_version_is_what_the_dependencies_and_code_need() {
    let output = std::process::Command::new(env!("CARGO"))
        .args(["metadata", "--format-version", "1", "--locked", "--offline"])
        .args(["--filter-platform", &host()])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let metadata: Value = serde_json::from_slice(&output.stdout).unwrap();
    let packages = metadata["packages"].as_array().unwrap();
    let root = metadata["resolve"]["root"].as_str().unwrap();
    let nodes = metadata["resolve"]["nodes"].as_array().unwrap();
    // The packages a build of vsm compiles: normal and build dependencies, not dev ones.
    let mut built = vec![root.to_string()];
    let mut i = 0;
    while i < built.len() {
        let node = nodes.iter().find(|n| n["id"] == built[i].as_str()).unwrap();
        for dep in node["deps"].as_array().unwrap() {
            let normal = dep["dep_kinds"]
                .as_array()
                .unwrap()
                .iter()
                .any(|k| k["kind"].is_null() || k["kind"] == "build");
            let id = dep["pkg"].as_str().unwrap().to_string();
            if normal && !built.contains(&id) {
                built.push(id);
            }
        }
        i += 1;
    }
    let needed = packages
        .iter()
        .filter(|p| built.iter().any(|id| p["id"] == id.as_str()) && p["id"] != root)
        .filter_map(|p| Some((p["name"].as_str()?, p["rust_version"].as_str()?)))
        .chain([("vsm's own code", OWN_CODE_NEEDS)])
        .max_by_key(|(_, v)| version(v))
        .unwrap();
    let ours = packages.iter().find(|p| p["id"] == root).unwrap()["rust_version"]
        .as_str()
        .expect("Cargo.toml sets rust-version");
    assert_eq!(
        version(ours),
        version(needed.1),
        "Cargo.toml says {ours}; {} needs {}",
        needed.0,
        needed.1
    );
}

#[test]
fn the_licence_files_are_there() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mit = std::fs::read_to_string(root.join("LICENSE-MIT")).unwrap();
    assert!(mit.contains("Permission is hereby granted"));
    let apache = std::fs::read_to_string(root.join("LICENSE-APACHE")).unwrap();
    assert!(apache.contains("Apache License") && apache.contains("Version 2.0"));
}
