//! `handoff simulate`: runs the core's discrete-event simulator of a support floor and prints
//! one JSON object (waits in minutes, abandonment, skill match, utilisation, and the Erlang
//! C / Erlang A prediction when one applies). This module only reads flags and files, draws
//! the progress bar on stderr and writes the SVG; the simulation is `core::sim`.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::time::Instant;

use handoff::core::decision::Skill;
use handoff::core::sim::{
    run, svg, Arrivals, Floor, HandleTime, ReplayArrival, SimConfig, SimReport, Strategy, Theory,
};
use serde::{Deserialize, Serialize};

use crate::jsonl::Report;

/// Options of `simulate`. Rates are per minute, times in minutes.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Agents on a uniform floor (ignored with --floor).
    #[arg(long, default_value_t = 10)]
    agents: u32,
    /// Conversations each agent handles at once (ignored with --floor).
    #[arg(long, default_value_t = 1)]
    capacity: u32,
    /// Poisson arrivals per minute (required unless --replay).
    #[arg(long)]
    arrival_rate: Option<f64>,
    /// Mean handle time in minutes.
    #[arg(long, default_value_t = 5.0)]
    mean_handle: f64,
    /// Handle time distribution: exponential or lognormal.
    #[arg(long, default_value = "exponential")]
    handle_dist: String,
    /// Coefficient of variation of lognormal handle times.
    #[arg(long, default_value_t = 1.0)]
    handle_cv: f64,
    /// Mean customer patience in minutes (exponential); no abandonment when omitted.
    #[arg(long)]
    patience: Option<f64>,
    /// Conversations to simulate (for --replay, at most the log's length).
    #[arg(long, default_value_t = 100_000)]
    conversations: usize,
    /// Conversations left out at the start; 2% for Poisson arrivals, 0 for replay by default.
    #[arg(long)]
    warmup: Option<usize>,
    /// Strategy: round-robin, least-loaded or skills-first.
    #[arg(long, default_value = "skills-first")]
    strategy: String,
    /// Seed of the random streams.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// A JSON floor: agent groups with skills and capacities, the skill mix, routing steps.
    #[arg(long)]
    floor: Option<PathBuf>,
    /// Replay arrivals from a JSON Lines log of handoffs (`at` minutes, `ts` RFC 3339 or
    /// `waiting_since` Unix seconds; optional `skill`, `handle_minutes`).
    #[arg(long)]
    replay: Option<PathBuf>,
    /// Write a chart of waiting time over the run to this SVG file.
    #[arg(long)]
    svg: Option<PathBuf>,
    /// Never draw the progress bar.
    #[arg(long)]
    no_progress: bool,
    /// Print the wall time and conversations per second on stderr.
    #[arg(long)]
    timing: bool,
}

/// The output object: the report's fields, then the formula's prediction (`null` when no
/// formula applies).
#[derive(Serialize)]
struct Output<'a> {
    #[serde(flatten)]
    report: &'a SimReport,
    theory: Option<&'a Theory>,
}

/// One line of a replay log. Unknown fields are ignored, as in every JSON Lines input.
#[derive(Debug, Deserialize)]
struct LogLine {
    #[serde(default)]
    at: Option<f64>,
    #[serde(default)]
    ts: Option<String>,
    #[serde(default)]
    waiting_since: Option<f64>,
    #[serde(default)]
    skill: Option<String>,
    #[serde(default)]
    handle_minutes: Option<f64>,
}

/// Runs the verb.
pub fn run_verb(args: &Args) -> Result<Report, String> {
    let config = build(args)?;
    let total = config.total();
    let show = !args.no_progress && total >= 200_000 && std::io::stderr().is_terminal();
    let started = Instant::now();
    let mut bar = |done: usize| {
        if show {
            draw(done, total);
        }
    };
    let report = run(&config, &mut bar).map_err(|e| format!("simulate: {e}"))?;
    let elapsed = started.elapsed().as_secs_f64();
    if show {
        eprintln!();
    }
    let theory = config.theory();
    let out = Output {
        report: &report,
        theory: theory.as_ref(),
    };
    if let Some(path) = &args.svg {
        let title = format!(
            "Mean wait by arrival time: {} conversations, {}",
            total, args.strategy
        );
        let label = theory.as_ref().map(|t| {
            (
                t.mean_wait,
                format!("{} mean wait {:.3}", t.model, t.mean_wait),
            )
        });
        let chart = svg::chart(
            &report.timeline,
            &title,
            label.as_ref().map(|(v, l)| (*v, l.as_str())),
        );
        std::fs::write(path, chart).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    let mut stdout = std::io::stdout().lock();
    serde_json::to_writer(&mut stdout, &out).map_err(|e| format!("cannot write output: {e}"))?;
    writeln!(stdout).map_err(|e| format!("cannot write output: {e}"))?;
    if args.timing {
        eprintln!(
            "simulated {total} conversations in {elapsed:.3} s: {:.0} conversations per second",
            total as f64 / elapsed
        );
    }
    Ok(Report { ok: 1, failed: 0 })
}

fn draw(done: usize, total: usize) {
    let width = 40;
    let filled = done * width / total.max(1);
    eprint!(
        "\r[{}{}] {:>3}% {done}/{total}",
        "#".repeat(filled),
        "-".repeat(width - filled),
        done * 100 / total.max(1)
    );
}

fn build(args: &Args) -> Result<SimConfig, String> {
    let strategy = Strategy::parse(&args.strategy).ok_or_else(|| {
        format!(
            "--strategy: expected round-robin, least-loaded or skills-first, got {:?}",
            args.strategy
        )
    })?;
    let handle = match args.handle_dist.as_str() {
        "exponential" | "exp" => HandleTime::Exponential {
            mean: args.mean_handle,
        },
        "lognormal" => HandleTime::Lognormal {
            mean: args.mean_handle,
            cv: args.handle_cv,
        },
        other => {
            return Err(format!(
                "--handle-dist: expected exponential or lognormal, got {other:?}"
            ))
        }
    };
    let floor = match &args.floor {
        None => Floor::uniform(args.agents, args.capacity),
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| format!("cannot read floor {}: {e}", path.display()))?;
            let mut de = serde_json::Deserializer::from_str(&text);
            serde_path_to_error::deserialize(&mut de).map_err(|e| {
                format!(
                    "floor {}: invalid_value: {} (at {})",
                    path.display(),
                    e.inner(),
                    e.path()
                )
            })?
        }
    };
    let arrivals = match (&args.replay, args.arrival_rate) {
        (Some(path), _) => Arrivals::Replay(read_log(path)?),
        (None, Some(rate)) => Arrivals::Poisson { rate },
        (None, None) => return Err("give --arrival-rate (per minute) or --replay FILE".into()),
    };
    let warmup = args.warmup.unwrap_or(match arrivals {
        Arrivals::Poisson { .. } => args.conversations / 50,
        Arrivals::Replay(_) => 0,
    });
    let config = SimConfig {
        floor,
        arrivals,
        handle,
        patience: args.patience,
        strategy,
        conversations: args.conversations,
        warmup,
        seed: args.seed,
        timeline_bins: 200,
    };
    config
        .validate()
        .map_err(|e| match e.field().unwrap_or_default() {
            "floor.agents[0].count" if args.floor.is_none() => format!("--agents: {}", e.message()),
            "floor.agents[0].capacity" if args.floor.is_none() => {
                format!("--capacity: {}", e.message())
            }
            f if f.starts_with("floor") || f.starts_with("replay") => e.to_string(),
            f => format!("--{}: {}", f.replace('_', "-"), e.message()),
        })?;
    Ok(config)
}

fn read_log(path: &PathBuf) -> Result<Vec<ReplayArrival>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read replay log {}: {e}", path.display()))?;
    let mut rows = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let at_line = |m: String| format!("{} line {}: {m}", path.display(), i + 1);
        let row: LogLine = crate::jsonl::decode(line).map_err(|e| at_line(e.to_string()))?;
        let minutes = match (row.at, &row.ts, row.waiting_since) {
            (Some(at), _, _) => at,
            (None, Some(ts), _) => {
                parse_rfc3339(ts).ok_or_else(|| at_line(format!("invalid_value: bad ts {ts:?}")))?
                    / 60.0
            }
            (None, None, Some(s)) => s / 60.0,
            (None, None, None) => {
                return Err(at_line(
                    "missing_field: needs at, ts or waiting_since".into(),
                ))
            }
        };
        let skill = match row.skill.as_deref() {
            None => Skill::General,
            Some(s) => Skill::parse(s)
                .ok_or_else(|| at_line(format!("invalid_value: unknown skill {s:?}")))?,
        };
        rows.push(ReplayArrival {
            at: minutes,
            skill,
            handle: row.handle_minutes,
        });
    }
    rows.sort_by(|a, b| a.at.total_cmp(&b.at));
    if let Some(first) = rows.first().map(|r| r.at) {
        rows.iter_mut().for_each(|r| r.at -= first);
    }
    Ok(rows)
}

/// Parses an RFC 3339 timestamp (`2026-11-20T10:00:00Z`, fractions and `±HH:MM` offsets
/// allowed) into Unix seconds.
fn parse_rfc3339(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let part = s.get(r)?;
        part.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    if b[13] != b':' || b[16] != b':' {
        return None;
    }
    let (h, mi, sec) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || sec > 60 {
        return None;
    }
    let mut rest = &s[19..];
    let mut frac = 0.0;
    if let Some(r) = rest.strip_prefix('.') {
        let digits = r.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        frac = format!("0.{}", &r[..digits]).parse().ok()?;
        rest = &r[digits..];
    }
    let offset = match rest {
        "Z" | "z" => 0,
        _ if rest.len() == 6
            && matches!(rest.as_bytes()[0], b'+' | b'-')
            && rest.as_bytes()[3] == b':' =>
        {
            let oh: i64 = rest[1..3].parse().ok()?;
            let om: i64 = rest[4..6].parse().ok()?;
            let sign = if rest.starts_with('-') { -1 } else { 1 };
            sign * (oh * 3600 + om * 60)
        }
        _ => return None,
    };
    // Days from civil (Howard Hinnant's algorithm).
    let y2 = if mo <= 2 { y - 1 } else { y };
    let era = y2.div_euclid(400);
    let yoe = y2 - era * 400;
    let mp = (mo + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some((days * 86_400 + h * 3600 + mi * 60 + sec - offset) as f64 + frac)
}

#[cfg(test)]
mod tests {
    use super::parse_rfc3339;

    #[test]
    fn rfc3339_timestamps() {
        assert_eq!(parse_rfc3339("1970-01-01T00:00:00Z"), Some(0.0));
        assert_eq!(parse_rfc3339("2026-11-23T00:00:00Z"), Some(1_795_392_000.0));
        assert_eq!(
            parse_rfc3339("2026-11-23T01:00:00+01:00"),
            Some(1_795_392_000.0)
        );
        assert_eq!(
            parse_rfc3339("2026-11-23T00:00:00.5Z"),
            Some(1_795_392_000.5)
        );
        assert_eq!(parse_rfc3339("2026-13-23T00:00:00Z"), None);
        assert_eq!(parse_rfc3339("yesterday"), None);
    }
}
