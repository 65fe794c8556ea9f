use std::process::ExitCode;

use acrtui::cli::{Cli, Command};
use clap::Parser;

fn main() -> ExitCode {
    if let Err(e) = color_eyre::install() {
        eprintln!("warning: could not install the error reporter: {e}");
    }
    let cli = Cli::parse();
    match &cli.command {
        Some(Command::Scope(cmd)) => acrtui::scope_cli::run(cmd, &mut std::io::stdout().lock()),
        Some(Command::Emulator(args)) => acrtui::emulator_cli::run(args),
        Some(Command::Audit(args)) => acrtui::audit_cli::run_blocking(&cli.global, args),
        Some(Command::Rotate(args)) => acrtui::rotate_cli::run_blocking(&cli.global, args),
        None => run_console(&cli),
    }
}

fn run_console(cli: &Cli) -> ExitCode {
    // The console lands with the emulator and client layer; until then say what it will do.
    if cli.global.demo {
        println!(
            "acrtui --demo will open the console on an in-process emulator seeded with demo data:\n\
             2 subscriptions, 6 registries, scope maps and tokens in every audit state.\n\
             The console is not built yet. Meanwhile try:\n  \
             acrtui scope validate 'repositories/samples/*/content/read'\n  \
             acrtui scope preview --repo samples/app 'repositories/samples/*/content/read'"
        );
        ExitCode::SUCCESS
    } else {
        eprintln!(
            "error: the console is not built yet; try `acrtui --demo` or `acrtui scope --help`"
        );
        ExitCode::from(2)
    }
}
