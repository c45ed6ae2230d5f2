//! The JSON Lines loop every verb shares: read lines from a file or stdin, decode each one,
//! write results to stdout, report bad lines on stderr with their number and code.

use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use handoff::core::policy::Policy;
use handoff::core::wire::decode_error;
use handoff::core::Error;
use serde::de::DeserializeOwned;
use serde::Serialize;

/// Input and output options shared by the verbs.
#[derive(clap::Args, Debug, Clone)]
pub struct Io {
    /// Input JSON Lines file; stdin when omitted or `-`.
    pub input: Option<PathBuf>,
    /// A policy document (JSON); the built-in default when omitted.
    #[arg(long)]
    pub policy: Option<PathBuf>,
}

impl Io {
    /// Loads the policy named by `--policy`, or the default.
    pub fn policy(&self) -> Result<Policy, String> {
        match &self.policy {
            None => Ok(Policy::default()),
            Some(path) => load_policy(path),
        }
    }
}

/// Reads and validates a policy file.
pub fn load_policy(path: &PathBuf) -> Result<Policy, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read policy {}: {e}", path.display()))?;
    Policy::from_json(&text).map_err(|e| format!("policy {}: {e}", path.display()))
}

/// What a run did: how many lines succeeded and failed.
#[derive(Debug, Default)]
pub struct Report {
    /// Lines processed successfully.
    pub ok: usize,
    /// Lines that failed.
    pub failed: usize,
}

impl Report {
    /// 0 when every line succeeded, 1 otherwise.
    pub fn exit_code(&self) -> ExitCode {
        if self.failed == 0 {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        }
    }
}

/// Decodes one line into `T`, with a stable code and the field's path on failure.
pub fn decode<T: DeserializeOwned>(line: &str) -> Result<T, Error> {
    let mut de = serde_json::Deserializer::from_str(line);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        if inner.is_syntax() || inner.is_eof() {
            decode_error(&format!("not valid JSON: {inner}"), "")
        } else {
            decode_error(&inner.to_string(), &path)
        }
    })?;
    de.end()
        .map_err(|e| decode_error(&format!("not valid JSON: {e}"), ""))?;
    Ok(value)
}

/// Runs `f` over every non-blank line of the input, writing each result as one JSON line.
pub fn run_lines<T, O, F>(io: &Io, mut f: F) -> Result<Report, String>
where
    T: DeserializeOwned,
    O: Serialize,
    F: FnMut(T) -> Result<O, Error>,
{
    let reader: Box<dyn BufRead> = match &io.input {
        Some(path) if path.as_os_str() != "-" => Box::new(BufReader::new(
            File::open(path).map_err(|e| format!("cannot open {}: {e}", path.display()))?,
        )),
        _ => Box::new(BufReader::new(io::stdin().lock())),
    };
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut report = Report::default();
    for (i, line) in reader.split(b'\n').enumerate() {
        let number = i + 1;
        let bytes = line.map_err(|e| format!("cannot read input: {e}"))?;
        let result = match std::str::from_utf8(&bytes) {
            Err(_) => Err(decode_error("not valid JSON: line is not UTF-8", "")),
            Ok(text) if text.trim().is_empty() => continue,
            Ok(text) => decode::<T>(text.trim_end_matches('\r')).and_then(&mut f),
        };
        match result {
            Ok(output) => {
                serde_json::to_writer(&mut out, &output)
                    .map_err(|e| format!("cannot write output: {e}"))?;
                out.write_all(b"\n")
                    .map_err(|e| format!("cannot write output: {e}"))?;
                report.ok += 1;
            }
            Err(err) => {
                report.failed += 1;
                // Flush first so stdout and stderr interleave in line order on a terminal.
                out.flush().ok();
                eprintln!("line {number}: {err}");
            }
        }
    }
    out.flush()
        .map_err(|e| format!("cannot write output: {e}"))?;
    Ok(report)
}
