//! How a game ends: the end state of a package, and every delegation's score.

use crate::ai::negotiation::Bp;
use crate::core::game::Game;
use crate::core::ids::{Delegation, EndState};
use crate::core::scenario::{Package, Scenario};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    pub state: EndState,
    /// The agreement, if one was signed.
    pub package: Option<Package>,
    /// The month the game ended.
    pub turn: u32,
    /// Score 0–100 per delegation (in `Delegation::ALL` order).
    pub scores: [u32; 4],
}

/// The end state of a signed package: the security arrangement decides,
/// except that a neutral settlement with any term of surrender
/// (demilitarisation, ceded provinces, regime change) is capitulation.
pub fn classify(s: &Scenario, p: &Package) -> EndState {
    let sec = &s.issues[s.security_issue];
    let state = sec
        .options
        .get(p.option(s.security_issue))
        .and_then(|o| o.end_state)
        .unwrap_or(EndState::Neutrality);
    let surrender = s.issues.iter().enumerate().any(|(i, issue)| {
        issue
            .options
            .get(p.option(i))
            .is_some_and(|o| o.capitulation)
    });
    if state.is_neutral() && surrender {
        EndState::Capitulation
    } else {
        state
    }
}

/// Penalty, in utility points, for an escalation crisis or a collapse on
/// top of what the war is worth (design choice: both are worse than the
/// war simply going on).
pub const ESCALATION_PENALTY: Bp = 2_000;
pub const COLLAPSE_PENALTY: Bp = 500;

/// A delegation's score: the utility of what it got, 0–100. A deal scores
/// the package's utility; no deal scores the BATNA — what fighting on is
/// worth to it when the game ends — less a penalty for a crisis or a
/// collapse. So scores compare deals with the war on one scale.
pub fn scores(g: &Game, state: EndState, package: Option<&Package>) -> [u32; 4] {
    std::array::from_fn(|i| {
        let d = Delegation::ALL[i];
        let bp = match package {
            Some(p) => g.prefs[i].utility(&p.0),
            None => {
                let b = g.batna(d);
                match state {
                    EndState::Escalation => b - ESCALATION_PENALTY,
                    EndState::Collapse => b - COLLAPSE_PENALTY,
                    _ => b,
                }
            }
        };
        (bp.clamp(0, 10_000) as u32 + 50) / 100
    })
}
