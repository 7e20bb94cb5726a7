//! The game core: scenario, world, rules, event deck, turn engine, outcome.
//! Pure: no terminal, no files, no clock. Same scenario, seed and actions
//! give the same game on every machine.

pub mod action;
pub mod dice;
pub mod game;
pub mod ids;
pub mod news;
pub mod outcome;
pub mod rules;
pub mod scenario;
pub mod war;
pub mod world;
