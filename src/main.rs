use std::process::ExitCode;

use acrtui::cli::{Cli, Command};
use clap::Parser;

fn main() -> ExitCode {
    if let Err(e) = color_eyre::install() {
        eprintln!("warning: could not install the error reporter: {e}");
    }
    let cli = Cli::parse();
    match &cli.command {
        Some(Command::Scope(cmd)) => {
            acrtui::cmd::scope::run(&cli.global, cmd, &mut std::io::stdout().lock())
        }
        Some(Command::Emulator(args)) => acrtui::cmd::emulator::run(args),
        Some(Command::Audit(args)) => acrtui::cmd::audit::run_blocking(&cli.global, args),
        Some(Command::Rotate(args)) => acrtui::cmd::rotate::run_blocking(&cli.global, args),
        Some(Command::Probe(args)) => acrtui::cmd::probe::run_blocking(&cli.global, args),
        None => acrtui::cmd::console::run_blocking(&cli),
    }
}
