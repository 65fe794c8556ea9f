//! acrtui: a terminal console for repository-scoped access to Azure Container Registry.

pub mod arm;
pub mod audit;
pub mod audit_cli;
pub mod audit_collect;
pub mod cli;
pub mod connect;
pub mod console;
pub mod domain;
pub mod emulator;
pub mod emulator_cli;
pub mod input_file;
pub mod logging;
pub mod password_gen;
pub mod rotate;
pub mod rotate_cli;
pub mod rotate_report;
pub mod runtime;
pub mod scope_cli;
pub mod subscription_cache;
pub mod tui;
