//! acrtui: a terminal console for repository-scoped access to Azure Container Registry.

pub mod arm;
pub mod cli;
pub mod cmd;
pub mod connect;
pub mod demo;
pub mod domain;
pub mod emulator;
pub mod input_file;
pub mod key_vault;
pub mod logging;
pub mod password_gen;
pub mod registry;
pub mod runtime;
pub mod subscription_cache;
pub mod tui;
