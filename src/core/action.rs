//! Everything a delegation can do at the table. Every change to a game
//! goes through an [`Action`]; a saved game is the list of them.

use crate::core::ids::{Delegation, Track};
use crate::core::scenario::Package;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Action {
    /// Put a package on the table (costs political capital). It replaces
    /// this delegation's earlier package, if any.
    Table { by: Delegation, package: Package },
    /// Sign a package on the table (free).
    Accept { by: Delegation, proposal: u32 },
    /// Turn a package down (free).
    Reject { by: Delegation, proposal: u32 },
    /// Open a back-channel: learn one priority or redline of another
    /// delegation, noisily when trust is low.
    BackChannel { by: Delegation, with: Delegation },
    /// Pull one of the delegation's levers (by lever id).
    Lever { by: Delegation, lever: String },
    /// Commit in public to an option on an issue: credible, and costly to
    /// walk back.
    Statement {
        by: Delegation,
        issue: u8,
        option: u8,
    },
    /// Leave the talks: the game ends in collapse.
    WalkOut { by: Delegation },
    /// Done for this turn.
    EndTurn { by: Delegation },
}

impl Action {
    pub fn by(&self) -> Delegation {
        match self {
            Action::Table { by, .. }
            | Action::Accept { by, .. }
            | Action::Reject { by, .. }
            | Action::BackChannel { by, .. }
            | Action::Lever { by, .. }
            | Action::Statement { by, .. }
            | Action::WalkOut { by }
            | Action::EndTurn { by } => *by,
        }
    }
}

/// One entry of a game's log. A saved game is its setup and this list:
/// replaying the steps on the same scenario and seed rebuilds the game.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Step {
    /// What a person at the keyboard did (only actions that succeeded).
    Act(Action),
    /// A month played by the machine for every seat still acting (autoplay,
    /// or the human seats' turns ended at once).
    Advance,
    /// What a class's facilitator did.
    Facilitate(Intervention),
}

/// What the facilitator of a class may do to a game (ICONS calls these
/// "injects"). Logged like any step, so a saved class game replays
/// exactly.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Intervention {
    /// Play an event card from the deck now (by card id).
    InjectCard { card: String },
    /// Move a world track, with the reason told to the class.
    AdjustTrack {
        track: Track,
        by: i32,
        reason: String,
    },
    /// Stop the turn clock (no effect on the game; logged so the record
    /// shows it).
    PauseClock,
    /// Restart the turn clock.
    ResumeClock,
}

/// Political capital each action costs. Answering is free.
pub const COST_TABLE: i32 = 1;
pub const COST_BACK_CHANNEL: i32 = 1;
pub const COST_STATEMENT: i32 = 1;
/// Unspent capital carries over, up to this much.
pub const CAPITAL_CAP: i32 = 8;

/// Why an action was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ActionError {
    #[error("the game is over")]
    GameOver,
    #[error("{0} is not played by a person")]
    NotHuman(Delegation),
    #[error("{0} has already ended this turn")]
    TurnEnded(Delegation),
    #[error("not enough political capital: {need} needed, {have} left")]
    NoCapital { need: i32, have: i32 },
    #[error("no package #{0} on the table")]
    NoProposal(u32),
    #[error("{0} need not sign that package")]
    NotSignatory(Delegation),
    #[error("that package does not pick one valid option on every issue")]
    BadPackage,
    #[error("no such lever: {0}")]
    NoLever(String),
    #[error("that lever is not available now: {0}")]
    LeverUnavailable(String),
    #[error("no such issue or option")]
    BadStatement,
    #[error("a delegation cannot open a back-channel with itself")]
    SelfChannel,
    #[error("no event card \"{0}\" in this scenario")]
    NoCard(String),
    #[error("the card \"{0}\" has been played already")]
    CardPlayed(String),
    #[error("an adjustment needs a reason to tell the class")]
    NoReason,
}
