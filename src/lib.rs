//! Armistice: a turn-based negotiation wargame about talks to end the
//! Russia–Ukraine war.
//!
//! `core` and `ai` are pure (no terminal, files or clock); `builtin`,
//! `sim`, `story` and the binary are the shells around them.

pub mod ai;
pub mod builtin;
pub mod core;
pub mod domains;
pub mod report;
pub mod save;
pub mod sim;
pub mod story;
pub mod ui;
