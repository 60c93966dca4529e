//! `printer`: receives push events from every supported sender and prints them. See `printer --help` and
//! `receiver_examples::printer`.

use std::process::ExitCode;

use receiver_examples::printer::config::{Args, Settings};

fn main() -> ExitCode {
    let args = Args::parse_from_argv(std::env::args_os()).unwrap_or_else(|error| error.exit());
    let settings = match Settings::load(&args) {
        Ok(settings) => settings,
        Err(error) => {
            eprintln!("printer: {error}");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("printer: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(receiver_examples::printer::run(settings)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("printer: {error}");
            ExitCode::FAILURE
        }
    }
}
