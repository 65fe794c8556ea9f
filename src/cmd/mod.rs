//! The subcommands' front-ends: each parses its arguments, runs the domain
//! core and the client, and prints. `console` is the default (no subcommand).

pub mod audit;
pub mod audit_abac;
pub mod console;
pub mod deliver;
pub mod emulator;
pub mod find_registry;
pub mod probe;
pub mod rotate;
mod rotate_bulk;
mod rotate_bulk_finish;
mod rotate_bulk_report;
pub mod scope;
pub mod scope_catalog;
