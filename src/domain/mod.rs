//! Pure domain logic: no I/O, no async, no clock reads (a `now` is passed in).

pub mod abac;
pub mod actions;
pub mod audit;
pub mod bulk_plan;
pub mod catalog_reach;
pub mod expiry;
pub mod login;
pub mod model;
pub mod names;
pub mod permissions;
pub mod repo_names;
pub mod rotation;
pub mod rotation_report;
pub mod rules;
pub mod safe_text;
pub mod secret_formats;
pub mod token_scope;
pub mod wire_time;
