//! Command-line argument structs only; behaviour lives in the modules they name.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "acrtui",
    version,
    about = "A keyboard-driven console for Azure Container Registry tokens, passwords and scope maps",
    after_help = "Without a subcommand acrtui opens the console. Try `acrtui --demo`."
)]
pub struct Cli {
    /// Run against the embedded emulator with demo data; no Azure account needed.
    #[arg(long, global = true)]
    pub demo: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check and preview scope-map actions offline (for IaC pipelines).
    #[command(subcommand)]
    Scope(ScopeCommand),
}

#[derive(Debug, Subcommand)]
pub enum ScopeCommand {
    /// Validate actions against the service's rules. Exit 0: no errors; 1: errors; 2: usage.
    Validate(ValidateArgs),
    /// Show what the actions grant on one repository and which rules grant it.
    Preview(PreviewArgs),
}

/// Where the actions come from: arguments, a file, or both (file first).
#[derive(Debug, Args)]
pub struct ActionsInput {
    /// A JSON array of actions, an ARM scope-map body ({"properties":{"actions":[...]}}),
    /// or one action per line (`#` comments allowed). `-` reads standard input.
    #[arg(long, short = 'f', value_name = "FILE")]
    pub file: Option<PathBuf>,

    /// Actions such as repositories/samples/*/content/read.
    #[arg(value_name = "ACTION")]
    pub actions: Vec<String>,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Print {"valid", "diagnostics": [{"severity","code","action","message"}]}.
    #[arg(long)]
    pub json: bool,

    #[command(flatten)]
    pub input: ActionsInput,
}

#[derive(Debug, Args)]
pub struct PreviewArgs {
    /// The repository to evaluate, e.g. samples/hello-world.
    #[arg(long, value_name = "REPO")]
    pub repo: String,

    /// Print {"repository","actions","grants","docker_scope","operations"}.
    #[arg(long)]
    pub json: bool,

    #[command(flatten)]
    pub input: ActionsInput,
}
