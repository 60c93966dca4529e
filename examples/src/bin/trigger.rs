//! `trigger <source> <event> [--to URL]`: sends realistic, authenticated events of every source to a
//! receiver and checks its answers. See `trigger --help` and [`receiver_examples::trigger`].
//!
//! Exit code: 0 every answer well-behaved, 1 one was not, 2 usage error, 3 the receiver could not be reached.

use std::process::ExitCode;

use clap::Parser;
use receiver_examples::trigger::{self, Trigger, TriggerError, cli::Cli};

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let cli = Cli::parse(); // exits 2 on a usage error, 0 on --help
    let trigger = match Trigger::new(&cli) {
        Ok(trigger) => trigger,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::from(if matches!(error, TriggerError::Usage(_)) { 2 } else { 1 });
        }
    };
    let client = match trigger::client() {
        Ok(client) => client,
        Err(error) => {
            eprintln!("error: cannot set up the HTTP client: {error}");
            return ExitCode::FAILURE;
        }
    };
    match trigger::run(&trigger, &client, &mut std::io::stdout()).await {
        Ok(summary) => ExitCode::from(summary.exit_code()),
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}
