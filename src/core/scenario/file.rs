//! The scenario file as written by hand in RON. These types mirror the file
//! one to one; ids are still strings here. `compile` checks every reference
//! and turns them into the indexed [`super::Scenario`] the engine runs on.
//!
//! Every item that carries game content has a `source` field: the seed
//! paragraph it rests on (`"B¶16"`, `"A¶10"`), or `"design: …"` for a plain
//! game-design choice the seeds do not make.

use crate::core::ids::{Delegation, EndState, Season, Track};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Issue id → option id: one option on every issue.
pub type PackageFile = BTreeMap<String, String>;

/// A source text the scenario cites.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReferenceFile {
    /// How `source` fields cite it: "A", "B".
    pub id: String,
    /// What it is, in a line.
    pub title: String,
    /// When it was written (free text).
    #[serde(default)]
    pub date: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioFile {
    /// Short id used on the command line (`riyadh-2025`).
    pub id: String,
    pub name: String,
    /// The situation at the start, for the briefing.
    pub summary: String,
    #[serde(default)]
    pub source: String,
    /// The texts that `source` fields cite, by their short id ("B" in
    /// "B¶22"), so the game can say what a citation points to.
    #[serde(default)]
    pub references: Vec<ReferenceFile>,
    /// Calendar month of turn 1.
    pub start: StartDate,
    /// Number of monthly turns before the deadline.
    pub turns: u32,
    pub issues: Vec<IssueFile>,
    /// Every world track with its start and range.
    pub tracks: Vec<TrackFile>,
    /// Starting trust between delegations, 0–100 (missing pairs start at 50).
    #[serde(default)]
    pub trust: Vec<TrustFile>,
    /// Starting domestic pressure on each delegation, 0–100 (missing: 30).
    #[serde(default)]
    pub domestic: Vec<DomesticFile>,
    /// Flags set at the start.
    #[serde(default)]
    pub flags: Vec<String>,
    /// The four delegations' profiles.
    pub delegations: Vec<ProfileFile>,
    /// Variants of the scenario ("what if"); the first is the default unless
    /// `default_variant` names another.
    #[serde(default)]
    pub variants: Vec<VariantFile>,
    #[serde(default)]
    pub default_variant: Option<String>,
    /// The event deck.
    pub cards: Vec<CardFile>,
    /// Cards played at the start of turn 1, before the draw.
    #[serde(default)]
    pub opening: Vec<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StartDate {
    pub year: i32,
    pub month: u8,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IssueFile {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub source: String,
    pub options: Vec<OptionFile>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OptionFile {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub source: String,
    /// Delegations whose signature this option needs, besides Ukraine and
    /// Russia, who sign every package.
    #[serde(default)]
    pub needs: Vec<Delegation>,
    /// On the one issue that decides the end state (the security
    /// arrangement), the end state this option produces.
    #[serde(default)]
    pub end_state: Option<EndState>,
    /// A term of surrender: a neutral settlement with any such option is
    /// classified as capitulation.
    #[serde(default)]
    pub capitulation: bool,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrackFile {
    pub track: Track,
    pub start: i32,
    pub min: i32,
    pub max: i32,
    #[serde(default)]
    pub source: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrustFile {
    pub from: Delegation,
    pub to: Delegation,
    pub value: i32,
    #[serde(default)]
    pub source: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DomesticFile {
    pub delegation: Delegation,
    pub value: i32,
    #[serde(default)]
    pub source: String,
}

/// What one delegation wants, will not sign, and how it bargains.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProfileFile {
    pub delegation: Delegation,
    /// Who speaks for it ("President Zelensky").
    #[serde(default)]
    pub leader: String,
    /// Its aims in a few sentences, for the confidential brief.
    pub aims: String,
    #[serde(default)]
    pub source: String,
    /// Issue id → weight; the weights sum to 100.
    pub weights: BTreeMap<String, u32>,
    /// Issue id → option id → utility 0–100.
    pub utilities: BTreeMap<String, BTreeMap<String, u32>>,
    #[serde(default)]
    pub redlines: Vec<RedlineFile>,
    pub batna: BatnaFile,
    pub doctrine: DoctrineFile,
    #[serde(default)]
    pub levers: Vec<LeverFile>,
}

/// A package this delegation will not sign while `forbid` holds. `forbid`
/// may test the package (`Package`) and the world.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RedlineFile {
    pub id: String,
    pub forbid: ConditionFile,
    /// Why, in words a student can follow.
    pub why: String,
    #[serde(default)]
    pub source: String,
}

/// What continuing the war is worth, 0–100, recomputed every turn:
/// `base + Σ per × (track − track at start) / step`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BatnaFile {
    pub base: i32,
    #[serde(default)]
    pub terms: Vec<BatnaTermFile>,
    #[serde(default)]
    pub source: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BatnaTermFile {
    pub track: Track,
    pub per: i32,
    pub step: i32,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DoctrineFile {
    /// Concession exponent e in hundredths: below 100 concedes late
    /// (Boulware), above 100 early (Conceder).
    pub concession: u32,
    /// Political capital gained each turn.
    pub capital: u32,
    /// Domestic pressure at which this delegation walks out of the talks
    /// (None: never).
    #[serde(default)]
    pub walk_out_at: Option<i32>,
    /// When the AI pulls its levers.
    #[serde(default)]
    pub lever_rules: Vec<LeverRuleFile>,
    #[serde(default)]
    pub source: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LeverRuleFile {
    pub lever: String,
    pub when: ConditionFile,
    /// Chance in percent that the AI pulls the lever when `when` holds.
    pub chance: u32,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LeverFile {
    pub id: String,
    pub name: String,
    pub text: String,
    #[serde(default)]
    pub source: String,
    pub cost: u32,
    /// Turns before it can be pulled again (0: every turn).
    #[serde(default)]
    pub cooldown: u32,
    #[serde(default)]
    pub requires: Option<ConditionFile>,
    pub effects: Vec<EffectFile>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VariantFile {
    pub id: String,
    pub name: String,
    pub description: String,
    #[serde(default)]
    pub source: String,
    /// Profiles this variant replaces whole.
    #[serde(default)]
    pub delegations: Vec<ProfileFile>,
    /// Effects applied once at the start.
    #[serde(default)]
    pub effects: Vec<EffectFile>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CardFile {
    pub id: String,
    pub title: String,
    pub text: String,
    pub source: String,
    /// What kind of news (for the log's colour and the report).
    pub kind: CardKind,
    /// State-triggered: played (once) at the start of the first turn this
    /// holds, besides the card drawn.
    #[serde(default)]
    pub trigger: Option<ConditionFile>,
    /// Drawn cards: may be drawn only while this holds.
    #[serde(default)]
    pub when: Option<ConditionFile>,
    /// Drawn cards: relative chance of being drawn.
    #[serde(default)]
    pub weight: u32,
    /// Added to the weight while the condition holds.
    #[serde(default)]
    pub weight_mods: Vec<WeightModFile>,
    /// Played at most once (default); `false` lets a drawn card recur.
    #[serde(default = "yes")]
    pub once: bool,
    pub effects: Vec<EffectFile>,
}

fn yes() -> bool {
    true
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CardKind {
    Sanctions,
    LeakedPlan,
    Battlefield,
    RussianEconomy,
    Manpower,
    Partners,
    UsPolitics,
    EuropeanPolitics,
    Diplomacy,
    Escalation,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WeightModFile {
    pub when: ConditionFile,
    pub add: i32,
}

/// A test on the world (and, inside a redline, on the package).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum ConditionFile {
    All(Vec<ConditionFile>),
    Any(Vec<ConditionFile>),
    Not(Box<ConditionFile>),
    /// Turn number (1-based) at least / at most.
    TurnAtLeast(u32),
    TurnAtMost(u32),
    Season(Season),
    /// Calendar month 1–12.
    Month(u8),
    TrackAtLeast(Track, i32),
    TrackAtMost(Track, i32),
    /// Trust of the first delegation in the second.
    TrustAtLeast(Delegation, Delegation, i32),
    TrustAtMost(Delegation, Delegation, i32),
    DomesticAtLeast(Delegation, i32),
    Flag(String),
    CardPlayed(String),
    Variant(String),
    /// A package with this option on this issue is on the table.
    OnTable(String, String),
    /// Inside a redline: the package being judged has one of these options
    /// on this issue.
    Package(String, Vec<String>),
    /// This delegation is played by a person.
    Human(Delegation),
}

/// A change to the game.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum EffectFile {
    /// Move a track by an amount (clamped to its range).
    Move(Track, i32),
    /// Set a track to a value (clamped to its range).
    Set(Track, i32),
    /// Change the trust of the first delegation in the second.
    Trust(Delegation, Delegation, i32),
    /// Change domestic pressure on a delegation.
    Domestic(Delegation, i32),
    SetFlag(String),
    ClearFlag(String),
    /// Give or take political capital.
    Capital(Delegation, i32),
    /// Shift a delegation's BATNA (utility points) for the rest of the game.
    Batna(Delegation, i32),
    /// Shift a delegation's concession exponent (hundredths).
    Concession(Delegation, i32),
    /// Shift a delegation's utility for one option (points, clamped 0–100).
    Utility(Delegation, String, String, i32),
    /// Reveal to the first delegation one priority or redline of the second.
    Reveal(Delegation, Delegation),
    /// Put a package on the table in a delegation's name.
    Table(Delegation, PackageFile),
}

/// A scenario's built-in description, for `armistice scenarios`.
#[derive(Clone, Debug)]
pub struct ScenarioSummary {
    pub id: String,
    pub name: String,
    pub turns: u32,
    pub variants: Vec<(String, String)>,
}
