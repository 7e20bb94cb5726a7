//! What happened, as the news log tells it: the story of the game that the
//! UI, the headless summary and the report all read.

use crate::core::ids::{Delegation, EndState, Track};
use crate::core::scenario::Package;
use serde::{Deserialize, Serialize};
use tinyvec::ArrayVec;

/// An answer's reasons: the verdict, up to two costs and the fix, kept
/// inline (no allocation for the AI's many answers, and an answer is
/// copied, not cloned, into the news); written out as a vector would be.
pub type Reasons = ArrayVec<[Reason; 4]>;

/// A reason behind an answer, as data so the UI and the report can show it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Reason {
    /// The package crosses a redline (index into the answering
    /// delegation's redlines).
    Redline { index: u8 },
    /// Worse than going on with the war.
    BelowBatna { utility: i32, batna: i32 },
    /// Not good enough yet at this point of the talks.
    BelowTarget { utility: i32, target: i32 },
    /// Good enough.
    GoodEnough { utility: i32, target: i32 },
    /// Below the target, but as good as what we would offer next (AC_next).
    AsGoodAsOurNext { utility: i32, next: i32 },
    /// An issue that costs most against the delegation's best option.
    Costs { issue: u8, option: u8, loss: i32 },
    /// The smallest change that would turn this no into a yes: one or two
    /// (issue, option) pairs.
    WouldAcceptWith { changes: ArrayVec<[(u8, u8); 2]> },
    /// No change to one or two issues would be enough: these issues (the
    /// furthest from what we need) would all have to move.
    NothingShort { issues: ArrayVec<[u8; 3]> },
}

/// What fills a reason list's empty slots (never read).
impl Default for Reason {
    fn default() -> Reason {
        Reason::Redline { index: 0 }
    }
}

/// An answer to a package on the table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    pub by: Delegation,
    pub proposal: u32,
    pub accept: bool,
    pub reasons: Reasons,
}

/// A package on the table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Proposal {
    pub id: u32,
    pub by: Delegation,
    pub package: Package,
    pub turn: u32,
    /// Who has signed so far.
    pub accepted: crate::core::ids::DelegationSet,
    /// Who has said no (until they change their mind).
    pub rejected: crate::core::ids::DelegationSet,
    /// Put on the table by an event card (a leaked plan) rather than tabled.
    pub from_card: Option<String>,
}

/// One entry of the news log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct News {
    pub turn: u32,
    pub item: NewsItem,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum NewsItem {
    /// An event card was played (index into the scenario's cards).
    Event {
        card: usize,
        triggered: bool,
    },
    Tabled {
        proposal: u32,
        by: Delegation,
        package: Package,
        /// The card that put it on the table (a leaked plan), if any.
        card: Option<String>,
    },
    Answered(Answer),
    Lever {
        by: Delegation,
        lever: String,
        name: String,
    },
    BackChannel {
        by: Delegation,
        with: Delegation,
    },
    Statement {
        by: Delegation,
        issue: u8,
        option: u8,
    },
    /// The war this month: changes in the main tracks.
    War {
        changes: Vec<(Track, i32, i32)>,
    },
    WalkOut {
        by: Delegation,
    },
    Agreement {
        proposal: u32,
    },
    End {
        state: EndState,
    },
    /// The facilitator stepped in (an injected card follows as an
    /// `Event`).
    Facilitator(crate::core::action::Intervention),
}

/// Something a delegation learned in private.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Insight {
    pub turn: u32,
    pub about: Delegation,
    pub what: InsightKind,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum InsightKind {
    /// "This issue matters most to them" (may be wrong when trust is low).
    Priority { issue: u8 },
    /// One of their redlines (index into their profile's redlines).
    Redline { index: usize },
}
