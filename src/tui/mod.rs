//! The console: a pure `update`, a pure render, effects run off the UI task.

pub mod action;
pub mod app;
pub mod audit_gaps;
pub mod clipboard;
pub mod command;
pub mod config;
pub mod effect_ops;
pub mod effects;
pub mod filter;
pub mod fixture;
pub mod generate_outcomes;
pub mod key_actions;
pub mod keymap;
pub mod keys;
pub mod msg;
pub mod ops;
pub mod outcomes;
pub mod panes;
pub mod popups;
pub mod render;
pub mod run;
pub mod state;
pub mod text_field;
pub mod theme;
pub mod views;
