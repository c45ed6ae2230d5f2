//! `handoff metrics`: reads outcome events (JSON Lines), merges events about the same
//! conversation and prints every metric as one JSON object (or a table with `--format table`):
//! overall, per reason, per skill and per time bucket. Bad lines are reported on stderr with
//! their code and skipped; the exit status is then 1.

use std::path::PathBuf;

use handoff::core::metrics::{boundaries_for, compute, Interval, Metrics, MetricsOptions, Summary};
use handoff::core::outcomes::{merge, Outcome};

use crate::jsonl::Report;
use crate::records::for_each_record;

/// Time bucket sizes.
#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum BucketSize {
    /// No time series.
    None,
    /// One bucket per hour (UTC).
    Hour,
    /// One bucket per day (UTC).
    Day,
    /// One bucket per week, Monday to Sunday (UTC).
    Week,
}

/// Output formats.
#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One JSON object on stdout.
    Json,
    /// A table for people on stdout.
    Table,
}

/// Options of `metrics`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Outcome events, JSON Lines; stdin when omitted or `-`.
    pub input: Option<PathBuf>,
    /// Time bucket size for the `over_time` series.
    #[arg(long, value_enum, default_value = "day")]
    pub bucket: BucketSize,
    /// Keep at most this many buckets (the latest).
    #[arg(long, default_value_t = 366)]
    pub max_buckets: usize,
    /// An abandoned conversation without handoff whose last sentiment is below this is a
    /// missed handoff.
    #[arg(long, default_value_t = handoff::core::metrics::DEFAULT_NEGATIVE_BELOW, allow_hyphen_values = true)]
    pub negative_below: f32,
    /// Output format.
    #[arg(long, value_enum, default_value = "json")]
    pub format: Format,
}

/// Runs the verb.
pub fn run(args: &Args) -> Result<Report, String> {
    let mut events = Vec::new();
    let failed = for_each_record(args.input.as_deref(), None, |o: Outcome| {
        o.validate()?;
        events.push(o);
        Ok(())
    })?;
    let records = merge(events);
    let boundaries = match args.bucket {
        BucketSize::None => Vec::new(),
        BucketSize::Hour => boundaries_for(&records, Interval::Hour, args.max_buckets),
        BucketSize::Day => boundaries_for(&records, Interval::Day, args.max_buckets),
        BucketSize::Week => boundaries_for(&records, Interval::Week, args.max_buckets),
    };
    let options = MetricsOptions {
        boundaries,
        negative_below: args.negative_below,
    };
    let metrics = compute(&records, &options).map_err(|e| format!("metrics: {e}"))?;
    match args.format {
        Format::Json => {
            let text = serde_json::to_string(&metrics).map_err(|e| e.to_string())?;
            println!("{text}");
        }
        Format::Table => print!("{}", table(&metrics)),
    }
    Ok(Report {
        ok: records.len(),
        failed,
    })
}

fn num(x: Option<f64>, digits: usize) -> String {
    x.map_or_else(|| "-".to_string(), |v| format!("{v:.digits$}"))
}

fn row(name: &str, s: &Summary) -> String {
    format!(
        "{name:<28} {:>6} {:>6} {:>6} {:>9} {:>9} {:>5} {:>6} {:>6} {:>6}\n",
        s.conversations,
        s.handoffs,
        num(s.handoff_rate, 3),
        num(s.resolution_secs.p50, 0),
        num(s.resolution_secs.p90, 0),
        num(s.csat_mean, 2),
        num(s.too_early_rate, 3),
        num(s.too_late_rate, 3),
        s.missed_handoffs,
    )
}

/// The metrics as a fixed-width table: one row per group.
pub fn table(m: &Metrics) -> String {
    let mut out = format!(
        "{:<28} {:>6} {:>6} {:>6} {:>9} {:>9} {:>5} {:>6} {:>6} {:>6}\n",
        "group", "convs", "hoffs", "rate", "res_p50", "res_p90", "csat", "early", "late", "missed"
    );
    out.push_str(&row("overall", &m.overall));
    for (reason, s) in &m.by_reason {
        out.push_str(&row(&format!("reason {reason}"), s));
    }
    for (skill, s) in &m.by_skill {
        out.push_str(&row(&format!("skill {skill}"), s));
    }
    for b in &m.over_time {
        out.push_str(&row(&b.start, &b.summary));
    }
    if m.undated > 0 {
        out.push_str(&format!("({} records without ts)\n", m.undated));
    }
    out
}
