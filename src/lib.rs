//! acrtui: a terminal console for repository-scoped access to Azure Container Registry.

pub mod arm;
pub mod cli;
pub mod domain;
pub mod emulator;
pub mod emulator_cli;
pub mod scope_cli;
