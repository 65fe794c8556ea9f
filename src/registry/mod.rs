//! The registries' data plane as a client: the token service, the catalog,
//! and the probe of what a token's password really gets.

pub mod client;
pub mod error;
pub mod probe;
pub mod repositories;
pub mod tag_counts;

pub use client::{AccessToken, RegistryClient, Route};
pub use error::RegistryError;
