//! The built `handoff` binary's outcome verbs end to end: `metrics`, `calibrate` and
//! `replay --compare`, including their error lines with stable codes and exit statuses
//! (0 all good, 1 some lines failed, 2 usage errors).
#![cfg(not(target_arch = "wasm32"))]

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use serde_json::Value;

fn fixture(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/outcomes")
        .join(name)
        .display()
        .to_string()
}

/// Runs the binary with `args` and `stdin`; returns (exit code, stdout, stderr).
fn run(args: &[&str], stdin: &str) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_handoff"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("handoff-cli-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn metrics_prints_one_json_object() {
    let (code, out, err) = run(&["metrics", &fixture("small.jsonl")], "");
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.lines().count(), 1);
    let m: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(m["overall"]["conversations"], 10);
    assert_eq!(m["overall"]["handoff_rate"], 0.6);
    assert_eq!(m["overall"]["resolution_secs"]["p50"], 1050.0);
    assert_eq!(m["by_skill"]["billing"]["handoffs"], 3);
    // Daily buckets by default, from the first day to the last.
    let days = m["over_time"].as_array().unwrap();
    assert_eq!(days.len(), 3);
    assert_eq!(days[1]["start"], "2026-11-21T00:00:00Z");
    assert_eq!(m["undated"], 1);

    let (code, out, _) = run(
        &["metrics", &fixture("small.jsonl"), "--bucket", "week"],
        "",
    );
    assert_eq!(code, 0);
    let m: Value = serde_json::from_str(&out).unwrap();
    // 2026-11-20 to 22 is Friday to Sunday: one week starting Monday the 16th.
    assert_eq!(m["over_time"][0]["start"], "2026-11-16T00:00:00Z");
    assert_eq!(m["over_time"].as_array().unwrap().len(), 1);
}

#[test]
fn metrics_table_has_a_row_per_group() {
    let (code, out, _) = run(
        &["metrics", &fixture("small.jsonl"), "--format", "table"],
        "",
    );
    assert_eq!(code, 0);
    let overall = out.lines().find(|l| l.starts_with("overall")).unwrap();
    assert!(
        overall.contains("0.600") && overall.contains("1050"),
        "{overall}"
    );
    assert!(out.lines().any(|l| l.starts_with("reason frustration")));
    assert!(out.lines().any(|l| l.starts_with("skill technical")));
    assert!(out.lines().any(|l| l.starts_with("2026-11-22T00:00:00Z")));
}

#[test]
fn metrics_reports_bad_lines_with_codes_and_still_aggregates() {
    let input = "{\"conversation_id\":\"a\"}\n\
                 {\"conversation_id\":\"b\",\"csat\":7}\n\
                 \n\
                 not json\n\
                 {\"conversation_id\":\"c\",\"handoff_id\":\"h\",\"verdict\":\"late\"}\n\
                 {\"conversation_id\":\"d\",\"verdict\":\"too_late\"}\n\
                 {\"conversation_id\":\"e\",\"handoff_id\":\"h2\",\"ts\":\"2026-11-20T10:00\"}\n\
                 {\"csat\":3}\n";
    let (code, out, err) = run(&["metrics", "--bucket", "none"], input);
    assert_eq!(code, 1);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 6, "{err}");
    assert!(lines[0].starts_with("line 2: invalid_value:") && lines[0].ends_with("(at csat)"));
    assert!(lines[1].starts_with("line 4: invalid_json:"));
    assert!(lines[2].starts_with("line 5: invalid_value:") && lines[2].ends_with("(at verdict)"));
    assert!(lines[3].starts_with("line 6: invalid_value:") && lines[3].ends_with("(at verdict)"));
    assert!(lines[4].starts_with("line 7: invalid_value:") && lines[4].ends_with("(at ts)"));
    assert!(
        lines[5].starts_with("line 8: missing_field:"),
        "{}",
        lines[5]
    );
    let m: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(m["overall"]["conversations"], 1);
}

#[test]
fn metrics_usage_errors_exit_2() {
    let (code, _, err) = run(&["metrics", "/nonexistent/outcomes.jsonl"], "");
    assert_eq!(code, 2);
    assert!(err.contains("cannot open"), "{err}");
    let (code, _, err) = run(&["metrics", "--negative-below", "-3"], "");
    assert_eq!(code, 2);
    assert!(
        err.contains("invalid_value") && err.contains("negative_below"),
        "{err}"
    );
}

fn calibrate_args<'a>(extra: &[&'a str], conv: &'a str, outc: &'a str) -> Vec<&'a str> {
    let mut args = vec!["calibrate", "--conversations", conv, "--outcomes", outc];
    args.extend_from_slice(extra);
    args
}

#[test]
fn calibrate_proposes_a_full_policy_and_applies_nothing() {
    let (conv, outc) = (
        fixture("conversations.jsonl"),
        fixture("calibration-outcomes.jsonl"),
    );
    let dir = temp_dir("calibrate");
    let current = dir.join("current.json");
    std::fs::write(
        &current,
        r#"{"name":"prod","threshold":0.7,"release_threshold":0.5}"#,
    )
    .unwrap();
    let before = std::fs::read_to_string(&current).unwrap();
    let proposal_path = dir.join("proposal.json");
    let (cur, prop) = (
        current.display().to_string(),
        proposal_path.display().to_string(),
    );
    let args = calibrate_args(
        &["--policy", &cur, "--holdout", "50", "--write-policy", &prop],
        &conv,
        &outc,
    );
    let (code, out, err) = run(&args, "");
    assert_eq!(code, 0, "{err}");
    let p: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(p["status"], "proposed");
    // A full policy document, based on the one in force.
    assert_eq!(p["policy"]["version"], 1);
    assert_eq!(p["policy"]["name"], "prod+calibrated");
    assert!(p["policy"]["vip_tiers"].is_array());
    assert!(p["policy"]["weights"]["frustration"].is_number());
    let split = &p["split"];
    assert_eq!(
        split["train"].as_u64().unwrap() + split["holdout"].as_u64().unwrap(),
        6
    );
    // k2 is an enterprise customer handed off at once (VIP) with the verdict not_needed; no
    // threshold prevents that, so it counts as an unneeded handoff for both policies.
    let unneeded = p["train"]["old"]["unneeded"].as_u64().unwrap()
        + p["holdout"]["old"]["unneeded"].as_u64().unwrap();
    assert_eq!(unneeded, 1);
    assert!(err.contains("1 outcomes name no conversation"), "{err}");
    assert!(err.contains("nothing applied"), "{err}");
    // The policy in force is untouched; the proposal is a new, loadable file.
    assert_eq!(std::fs::read_to_string(&current).unwrap(), before);
    let written: Value =
        serde_json::from_str(&std::fs::read_to_string(&proposal_path).unwrap()).unwrap();
    assert_eq!(written, p["policy"]);
    let (code, _, err) = run(&["replay", "--policy", &prop, "--compare", &cur, &conv], "");
    assert_eq!(code, 0, "{err}");

    // Never overwrites.
    let (code, out, err) = run(&args, "");
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.contains("refusing to overwrite"), "{err}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn calibrate_table_format() {
    let (conv, outc) = (
        fixture("conversations.jsonl"),
        fixture("calibration-outcomes.jsonl"),
    );
    let (code, out, _) = run(&calibrate_args(&["--format", "table"], &conv, &outc), "");
    assert_eq!(code, 0);
    assert!(
        out.starts_with("proposed (not applied): threshold 0.6 -> "),
        "{out}"
    );
    assert!(out.lines().any(|l| l.starts_with("held-out  new")));
}

#[test]
fn calibrate_errors_have_codes() {
    let conv = fixture("conversations.jsonl");
    let dir = temp_dir("calibrate-errors");
    let bad = dir.join("bad.jsonl");
    std::fs::write(
        &bad,
        "{\"conversation_id\":\"k1\",\"handoff_id\":\"h\",\"csat\":9}\n{\"conversation_id\":\"k3\"}\n",
    )
    .unwrap();
    let bad = bad.display().to_string();
    let (code, out, err) = run(&calibrate_args(&[], &conv, &bad), "");
    assert_eq!(code, 1, "{err}");
    assert!(
        err.lines()
            .any(|l| l.starts_with(&format!("{bad}: line 1: invalid_value:"))
                && l.ends_with("(at csat)")),
        "{err}"
    );
    assert!(serde_json::from_str::<Value>(&out).is_ok());

    let (code, _, err) = run(
        &calibrate_args(&["--max-handoff-rate", "1.5"], &conv, &bad),
        "",
    );
    assert_eq!(code, 2);
    assert!(
        err.contains("invalid_value") && err.contains("(at max_handoff_rate)"),
        "{err}"
    );

    // Outcomes that say nothing about timing (abandoned with a neutral sentiment).
    let silent = dir.join("silent.jsonl");
    std::fs::write(
        &silent,
        "{\"conversation_id\":\"k3\",\"abandoned\":true,\"sentiment\":0.3}\n",
    )
    .unwrap();
    let silent = silent.display().to_string();
    let (code, _, err) = run(&calibrate_args(&[], &conv, &silent), "");
    assert_eq!(code, 2);
    assert!(
        err.contains("invalid_value") && err.contains("(at outcomes)"),
        "{err}"
    );

    let (code, _, err) = run(
        &calibrate_args(&[], &conv, "/nonexistent/outcomes.jsonl"),
        "",
    );
    assert_eq!(code, 2);
    assert!(err.contains("cannot open"), "{err}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn replay_compare_prints_only_differences() {
    let conv = fixture("conversations.jsonl");
    let dir = temp_dir("compare");
    let new = dir.join("new.json");
    let old = dir.join("old.json");
    // The new policy has no VIP tiers: k2 (enterprise) no longer hands off at once.
    std::fs::write(&new, r#"{"vip_tiers":[]}"#).unwrap();
    std::fs::write(&old, "{}").unwrap();
    let (new, old) = (new.display().to_string(), old.display().to_string());
    let (code, out, err) = run(&["replay", &conv, "--policy", &new, "--compare", &old], "");
    assert_eq!(code, 0, "{err}");
    let lines: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 1, "{out}");
    assert_eq!(lines[0]["id"], "k2");
    assert_eq!(lines[0]["change"], "no_longer_escalates");
    assert_eq!(lines[0]["old"]["turn"], 0);
    assert_eq!(lines[0]["old"]["reasons"][0], "vip");
    assert_eq!(lines[0]["new"]["escalate"], false);
    assert!(
        err.contains("compared 6 conversations: 1 differ (0 earlier, 0 later, 0 now escalate, 1 no longer escalate, 0 other)"),
        "{err}"
    );

    // Swapped, the same conversation now escalates.
    let (_, out, _) = run(&["replay", &conv, "--policy", &old, "--compare", &new], "");
    let line: Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    assert_eq!(line["change"], "now_escalates");

    // Identical policies: nothing differs.
    let (code, out, err) = run(&["replay", &conv, "--policy", &old, "--compare", &old], "");
    assert_eq!(code, 0);
    assert!(out.is_empty());
    assert!(err.contains("0 differ"), "{err}");

    // Bad lines and bad policies.
    let (code, _, err) = run(
        &["replay", "--compare", &old],
        "{\"id\":\"x\",\"messages\":[{\"role\":\"robot\",\"text\":\"hi\"}]}\n",
    );
    assert_eq!(code, 1);
    assert!(
        err.starts_with("line 1: invalid_role:") && err.contains("(at messages[0].role)"),
        "{err}"
    );
    let bad = dir.join("bad.json");
    std::fs::write(&bad, r#"{"threshold":2}"#).unwrap();
    let (code, _, err) = run(
        &["replay", &conv, "--compare", &bad.display().to_string()],
        "",
    );
    assert_eq!(code, 2);
    assert!(
        err.contains("invalid_policy") && err.contains("(at threshold)"),
        "{err}"
    );
    std::fs::remove_dir_all(&dir).ok();
}
