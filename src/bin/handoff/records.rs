//! Reading whole JSON Lines files of records for the verbs that aggregate (`metrics`,
//! `calibrate`, `replay --compare`): each good line is decoded and handed to a callback, each
//! bad line is reported on stderr with its line number and stable code, and counted.

use std::fs::File;
use std::io::{self, BufRead, BufReader};
use std::path::Path;

use handoff::core::wire::decode_error;
use handoff::core::Error;
use serde::de::DeserializeOwned;

use crate::jsonl::decode;

/// Calls `f` on every decodable non-blank line of `path` (stdin when `None` or `-`). Lines that
/// do not decode, or that `f` rejects, are reported on stderr as `[<name>: ]line N: <error>`
/// and counted; the count is returned. Fails only when the input cannot be opened or read.
pub fn for_each_record<T, F>(
    path: Option<&Path>,
    name: Option<&str>,
    mut f: F,
) -> Result<usize, String>
where
    T: DeserializeOwned,
    F: FnMut(T) -> Result<(), Error>,
{
    let reader: Box<dyn BufRead> = match path {
        Some(p) if p.as_os_str() != "-" => Box::new(BufReader::new(
            File::open(p).map_err(|e| format!("cannot open {}: {e}", p.display()))?,
        )),
        _ => Box::new(BufReader::new(io::stdin().lock())),
    };
    let mut failed = 0;
    for (i, line) in reader.split(b'\n').enumerate() {
        let bytes = line.map_err(|e| format!("cannot read input: {e}"))?;
        let result = match std::str::from_utf8(&bytes) {
            Err(_) => Err(decode_error("not valid JSON: line is not UTF-8", "")),
            Ok(text) if text.trim().is_empty() => continue,
            Ok(text) => decode::<T>(text.trim_end_matches('\r')).and_then(&mut f),
        };
        if let Err(err) = result {
            failed += 1;
            match name {
                Some(name) => eprintln!("{name}: line {}: {err}", i + 1),
                None => eprintln!("line {}: {err}", i + 1),
            }
        }
    }
    Ok(failed)
}
