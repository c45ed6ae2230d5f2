//! `handoff simulate` end to end: flags in, one JSON object out, the SVG chart, replayed logs
//! and usage errors.

use std::process::Command;

fn handoff(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_handoff"))
        .arg("simulate")
        .args(args)
        .output()
        .expect("the binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn tmp(name: &str) -> std::path::PathBuf {
    std::env::temp_dir().join(format!("handoff-sim-{}-{name}", std::process::id()))
}

#[test]
fn prints_one_json_object_with_every_statistic_and_writes_the_chart() {
    let svg = tmp("wait.svg");
    let (code, stdout, stderr) = handoff(&[
        "--agents",
        "3",
        "--arrival-rate",
        "2",
        "--mean-handle",
        "1",
        "--conversations",
        "5000",
        "--strategy",
        "least-loaded",
        "--seed",
        "4",
        "--patience",
        "2",
        "--svg",
        svg.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stdout.lines().count(), 1);
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    for key in [
        "mean_wait",
        "p50_wait",
        "p90_wait",
        "abandonment_rate",
        "skill_match_rate",
        "utilisation",
    ] {
        assert!(v[key].as_f64().is_some(), "{key} missing in {stdout}");
    }
    assert_eq!(v["strategy"], "least-loaded");
    assert_eq!(v["theory"]["model"], "erlang_a");
    let chart = std::fs::read_to_string(&svg).unwrap();
    assert!(chart.starts_with("<svg") && chart.contains("<polyline"));
    assert!(chart.contains("erlang_a mean wait"));
    std::fs::remove_file(svg).ok();
}

#[test]
fn replays_a_log_of_handoffs_on_a_floor() {
    let log = tmp("log.jsonl");
    let floor = tmp("floor.json");
    std::fs::write(
        &log,
        concat!(
            "{\"id\": \"h1\", \"ts\": \"2026-11-23T10:00:00Z\", \"skill\": \"billing\", \"handle_minutes\": 10}\n",
            "\n",
            "{\"id\": \"h2\", \"ts\": \"2026-11-23T10:01:00Z\", \"skill\": \"billing\", \"handle_minutes\": 5}\n",
            "{\"id\": \"h3\", \"at\": 630, \"skill\": \"technical\", \"extra\": true}\n"
        ),
    )
    .unwrap();
    std::fs::write(
        &floor,
        r#"{"agents": [{"name": "expert", "skills": {"billing": 5}},
                       {"name": "generalist", "skills": {"general": 3}}],
            "steps": [{"name": "expert", "min_proficiency": 4, "expires_after_seconds": 60},
                      {"name": "anyone", "skill": "any"}]}"#,
    )
    .unwrap();
    let (code, stdout, stderr) = handoff(&[
        "--replay",
        log.to_str().unwrap(),
        "--floor",
        floor.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stderr}");
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    // h2 holds one minute for the busy expert, then the generalist takes it; the `at` line
    // is in minutes from the log's start, so h3 (technical, nobody has it) gets an agent at
    // once on the "anyone" step.
    assert_eq!(v["conversations"], 3);
    assert!(
        (v["mean_wait"].as_f64().unwrap() - 1.0 / 3.0).abs() < 1e-9,
        "{stdout}"
    );
    assert!(v["theory"].is_null());
    std::fs::remove_file(log).ok();
    std::fs::remove_file(floor).ok();
}

#[test]
fn usage_errors_exit_2_with_a_message() {
    let (code, _, stderr) = handoff(&["--agents", "2"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("--arrival-rate"), "{stderr}");
    let (code, _, stderr) = handoff(&["--arrival-rate", "1", "--strategy", "fastest"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("round-robin"), "{stderr}");
    let (code, _, stderr) = handoff(&["--arrival-rate", "1", "--mean-handle", "0"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("--mean-handle"), "{stderr}");
    let (code, _, stderr) = handoff(&["--arrival-rate", "1", "--agents", "0"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("--agents: must be at least 1"), "{stderr}");
    let floor = tmp("bad-floor.json");
    std::fs::write(&floor, r#"{"agents": [{"skills": {"billing": 9}}]}"#).unwrap();
    let (code, _, stderr) = handoff(&["--arrival-rate", "1", "--floor", floor.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("floor.agents[0].skills.billing"),
        "{stderr}"
    );
    std::fs::remove_file(floor).ok();
}
