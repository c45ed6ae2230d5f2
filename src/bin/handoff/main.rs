//! `handoff`: the engine's command-line tool over JSON Lines (contract in
//! `shared/spec/conversations.md`). Each verb reads one JSON object per line from a file or
//! stdin and writes one per line to stdout; a bad line is reported on stderr with its line
//! number and a stable code, the other lines are still processed, and the exit status is 1 when
//! any line failed (2 for usage errors).

#[cfg(not(target_arch = "wasm32"))]
mod jsonl;
#[cfg(not(target_arch = "wasm32"))]
mod package;
#[cfg(not(target_arch = "wasm32"))]
mod replay;
#[cfg(not(target_arch = "wasm32"))]
mod score;

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    use clap::{Parser, Subcommand};

    /// Handoff: decide when a chatbot conversation should reach a human, and package it.
    #[derive(Parser)]
    #[command(name = "handoff", version, about)]
    struct Cli {
        #[command(subcommand)]
        command: Command,
    }

    #[derive(Subcommand)]
    enum Command {
        /// Score single texts: `{"id","text"}` lines in, `{"id","sentiment","explicit_request","topics"}` out.
        Score(jsonl::Io),
        /// Replay conversations through the engine: one decision line per conversation.
        Replay(replay::Args),
        /// Build handoff packages: one `{"id","package","compact"}` line per conversation.
        Package(package::Args),
    }

    let cli = Cli::parse();
    let result = match cli.command {
        Command::Score(io) => score::run(&io),
        Command::Replay(args) => replay::run(&args),
        Command::Package(args) => package::run(&args),
    };
    match result {
        Ok(report) => report.exit_code(),
        Err(err) => {
            eprintln!("handoff: {err}");
            std::process::ExitCode::from(2)
        }
    }
}

/// The command-line tool is native only; this keeps `cargo build --target wasm32-unknown-unknown
/// --all-targets` working.
#[cfg(target_arch = "wasm32")]
fn main() {}
