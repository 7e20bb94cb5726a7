//! The AI negotiators: utility, BATNA, concession, acceptance, offers,
//! opponent models and explanations. Pure: no terminal, files or clock.
//!
//! `negotiation` is the generic engine (issues × options, additive
//! utilities, reservation values); `counterpart` maps the game onto it.

pub mod bilateral;
pub mod counterpart;
pub mod negotiation;
