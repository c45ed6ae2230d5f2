//! Structural tests that keep the architecture true: the core stays pure (no wasm-bindgen,
//! js-sys, web-sys, gloo, no I/O, no `regex`), and every Rust file says what it is for.
#![cfg(not(target_arch = "wasm32"))]

use std::fs;
use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap_or_else(|e| panic!("read {}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Names the pure core must never mention in code (comments are stripped first).
const FORBIDDEN_IN_CORE: &[&str] = &[
    "wasm_bindgen",
    "js_sys",
    "web_sys",
    "gloo",
    "std::fs",
    "std::net",
    "std::process",
    "std::env",
    "std::time::SystemTime",
    "std::time::Instant",
    "std::io::stdin",
    "regex::",
];

fn code_without_comments(text: &str) -> String {
    text.lines()
        .map(|line| match line.find("//") {
            Some(i) => &line[..i],
            None => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn core_violations(files: &[PathBuf]) -> Vec<String> {
    let mut found = Vec::new();
    for file in files {
        let code = code_without_comments(&fs::read_to_string(file).unwrap());
        for name in FORBIDDEN_IN_CORE {
            if code.contains(name) {
                found.push(format!("{} uses {name}", file.display()));
            }
        }
    }
    found
}

#[test]
fn core_is_pure() {
    let mut files = Vec::new();
    rust_files(&root().join("src/core"), &mut files);
    assert!(files.len() >= 5, "found the core's files");
    let found = core_violations(&files);
    assert!(
        found.is_empty(),
        "the core must stay pure:\n{}",
        found.join("\n")
    );
}

#[test]
fn purity_check_catches_an_import() {
    let dir = std::env::temp_dir().join(format!("handoff-arch-{}", std::process::id()));
    fs::create_dir_all(&dir).unwrap();
    let file = dir.join("bad.rs");
    fs::write(&file, "//! Bad.\nuse web_sys::Window; // comment\n").unwrap();
    let ok = dir.join("ok.rs");
    fs::write(
        &ok,
        "//! Fine: mentions web_sys only in a comment.\nfn f() {}\n",
    )
    .unwrap();
    let found = core_violations(&[file, ok]);
    fs::remove_dir_all(&dir).ok();
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("web_sys"));
}

#[test]
fn every_rust_file_opens_with_a_module_doc() {
    let mut files = Vec::new();
    for dir in ["src", "tests", "relay"] {
        let dir = root().join(dir);
        if dir.exists() {
            rust_files(&dir, &mut files);
        }
    }
    let missing: Vec<String> = files
        .iter()
        .filter(|f| !f.components().any(|c| c.as_os_str() == "target"))
        .filter(|f| {
            let text = fs::read_to_string(f).unwrap();
            !text.trim_start().starts_with("//!")
        })
        .map(|f| f.display().to_string())
        .collect();
    assert!(
        missing.is_empty(),
        "files without a //! doc:\n{}",
        missing.join("\n")
    );
}

#[test]
fn only_transport_does_http() {
    let mut files = Vec::new();
    rust_files(&root().join("src"), &mut files);
    let offenders: Vec<String> = files
        .iter()
        .filter(|f| !f.ends_with("transport.rs"))
        .filter(|f| {
            let code = code_without_comments(&fs::read_to_string(f).unwrap());
            [
                "fetch_with",
                "XmlHttpRequest",
                "web_sys::Request",
                "RequestInit",
            ]
            .iter()
            .any(|n| code.contains(n))
        })
        .map(|f| f.display().to_string())
        .collect();
    assert!(
        offenders.is_empty(),
        "HTTP outside src/transport.rs: {offenders:?}"
    );
}
