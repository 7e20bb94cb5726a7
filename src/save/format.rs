//! The save file: what is written, and how a game is rebuilt from it and
//! checked. A save is the game's setup and its log of steps; replaying the
//! log on the same scenario and seed rebuilds the game exactly. Per-month
//! checkpoints (a digest of the state, as Brogue CE checks its recordings
//! each turn) name the first month where a replay parts from the record,
//! and the end snapshot is compared last.

use crate::builtin;
use crate::core::action::Step;
use crate::core::dice::Difficulty;
use crate::core::game::{Game, Setup};
use crate::core::ids::{Delegation, DelegationSet, Track};
use crate::core::outcome::Outcome;
use crate::core::scenario::Scenario;
use crate::core::scenario::compile::content_hash;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// The save format this build writes and reads. Bump it when a change
/// would make older saves mean something else.
pub const FORMAT_VERSION: u32 = 1;

/// Nesting deeper than this is refused (a save nests a few levels; a
/// hostile file could nest thousands and overflow the stack).
pub const RECURSION_LIMIT: usize = 64;

/// A saved game, in the order it is written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SaveFile {
    /// The save format (`FORMAT_VERSION`).
    pub format: u32,
    /// The program that wrote it (for people; not checked).
    pub program: String,
    /// Built-in scenario id, or the path of the scenario file.
    pub scenario: String,
    /// FNV-1a of the scenario's text, hex: a changed scenario is refused.
    pub scenario_hash: String,
    /// Variant id, if the scenario has variants.
    pub variant: Option<String>,
    pub seed: u64,
    /// The delegations played by people.
    pub humans: Vec<Delegation>,
    pub difficulty: Difficulty,
    /// Every step, in order.
    pub log: Vec<Step>,
    /// The state at the end of each month (and at the start).
    pub checkpoints: Vec<Checkpoint>,
    /// The state when saved.
    pub end: EndSnapshot,
}

/// The state after a number of steps, as a digest.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkpoint {
    /// The month now under way (or the last, if the game is over).
    pub turn: u32,
    /// Steps taken so far.
    pub step: usize,
    /// FNV-1a of the state, hex.
    pub digest: String,
}

/// The state when the game was saved: readable, and checked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EndSnapshot {
    pub turn: u32,
    pub outcome: Option<Outcome>,
    /// The main tracks by id, in the scenario's units.
    pub tracks: Vec<(Track, i32)>,
    /// Political capital per delegation (US, Ukraine, Russia, Europe).
    pub capital: [i32; 4],
    /// Packages on the table: (id, by, signed by).
    pub table: Vec<(u32, Delegation, Vec<Delegation>)>,
    pub digest: String,
}

/// Why a save cannot be read or does not replay. One line each.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum LoadError {
    #[error("{origin}: cannot read it: {reason}")]
    Read { origin: String, reason: String },
    #[error("{origin}: too large for a save ({size} bytes; the limit is {limit})")]
    TooLarge {
        origin: String,
        size: u64,
        limit: u64,
    },
    #[error("{origin}: the file is empty")]
    Empty { origin: String },
    #[error("{origin}: not UTF-8 text (bad byte at offset {offset})")]
    NotText { origin: String, offset: usize },
    #[error("{origin}:{line}:{column}: {message}")]
    Syntax {
        origin: String,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{origin}: save format {found}, but this build reads format {FORMAT_VERSION}{hint}", hint = if *found > FORMAT_VERSION { " (saved by a newer Armistice)" } else { " (too old to replay exactly)" })]
    Version { origin: String, found: u32 },
    #[error("{origin}: {reason}")]
    Scenario { origin: String, reason: String },
    #[error(
        "{origin}: the scenario \"{scenario}\" has changed since this game was saved, so it cannot replay exactly"
    )]
    ScenarioChanged { origin: String, scenario: String },
    #[error("{origin}: scenario \"{scenario}\" has no variant \"{variant}\"")]
    Variant {
        origin: String,
        scenario: String,
        variant: String,
    },
    #[error("{origin}: step {step} of the log ({what}) is refused on replay: {reason}")]
    Refused {
        origin: String,
        step: usize,
        what: String,
        reason: String,
    },
    #[error(
        "{origin}: the replay parts from the record in {month} (turn {turn}): the log no longer gives the saved game"
    )]
    Diverged {
        origin: String,
        turn: u32,
        month: String,
    },
}

/// A save read, its game rebuilt and checked.
#[derive(Clone, Debug)]
pub struct Loaded {
    pub save: SaveFile,
    pub game: Game,
}

/// The hex form of a hash.
fn hex(h: u64) -> String {
    format!("{h:016x}")
}

/// A digest of everything that makes the game what it is: the world, the
/// table, capital, the news (every event, package, answer and reason),
/// what each delegation learned, the deck, the outcome.
pub fn digest(g: &Game) -> String {
    let view = (
        g.turn,
        &g.world,
        &g.capital,
        &g.table,
        &g.news,
        &g.outcome,
        &g.cards_played,
        &g.knowledge,
        &g.batna_shift,
        &g.concession,
        &g.ended,
    );
    // The RON text of these is fixed by their types, so the digest is the
    // same on every machine.
    let text = ron::to_string(&view).unwrap_or_default();
    hex(content_hash(&text))
}

/// The checkpoints of a game: rebuilt from its log, a digest at the start
/// and after every step that ends a month (or the game).
pub fn checkpoints(scenario: &Arc<Scenario>, setup: &Setup, log: &[Step]) -> Vec<Checkpoint> {
    let mut g = Game::new(scenario.clone(), setup.clone());
    let mut v = vec![Checkpoint {
        turn: g.turn,
        step: 0,
        digest: digest(&g),
    }];
    for (i, st) in log.iter().enumerate() {
        let before = g.turn;
        if g.step(st).is_err() {
            break;
        }
        if g.turn != before || g.is_over() {
            v.push(Checkpoint {
                turn: g.turn,
                step: i + 1,
                digest: digest(&g),
            });
        }
    }
    v
}

impl SaveFile {
    /// The save of a game.
    pub fn of(g: &Game) -> SaveFile {
        SaveFile {
            format: FORMAT_VERSION,
            program: format!("armistice {}", env!("CARGO_PKG_VERSION")),
            scenario: g.scenario.save_source(),
            scenario_hash: hex(g.scenario.content_hash),
            variant: g.variant_id().map(str::to_string),
            seed: g.setup.seed,
            humans: g.setup.humans.iter().collect(),
            difficulty: g.setup.difficulty,
            log: g.log.clone(),
            checkpoints: checkpoints(&g.scenario, &g.setup, &g.log),
            end: EndSnapshot::of(g),
        }
    }

    /// The RON text of the save: fields in a fixed order, one step a line.
    pub fn to_ron(&self) -> String {
        let cfg = ron::ser::PrettyConfig::new()
            .depth_limit(2)
            .separate_tuple_members(false)
            .enumerate_arrays(false);
        ron::ser::to_string_pretty(self, cfg).unwrap_or_default()
    }
}

impl EndSnapshot {
    pub fn of(g: &Game) -> EndSnapshot {
        EndSnapshot {
            turn: g.turn,
            outcome: g.outcome.clone(),
            tracks: Track::ALL.iter().map(|t| (*t, g.world.track(*t))).collect(),
            capital: g.capital,
            table: g
                .table
                .iter()
                .map(|p| (p.id, p.by, p.accepted.iter().collect()))
                .collect(),
            digest: digest(g),
        }
    }
}

/// Just the version, read before the rest: a save from another version may
/// not parse as this one's.
#[derive(Deserialize)]
#[serde(rename = "SaveFile")]
struct Probe {
    format: u32,
}

fn ron_options() -> ron::Options {
    ron::Options::default().with_recursion_limit(RECURSION_LIMIT)
}

fn syntax(origin: &str, e: ron::error::SpannedError) -> LoadError {
    LoadError::Syntax {
        origin: origin.to_string(),
        line: e.span.start.line,
        column: e.span.start.col,
        message: e.code.to_string(),
    }
}

/// Parse a save's text (no replay): syntax, then version, then fields.
pub fn parse(text: &str, origin: &str) -> Result<SaveFile, LoadError> {
    if text.trim().is_empty() {
        return Err(LoadError::Empty {
            origin: origin.to_string(),
        });
    }
    let probe: Probe = ron_options()
        .from_str(text)
        .map_err(|e| syntax(origin, e))?;
    if probe.format != FORMAT_VERSION {
        return Err(LoadError::Version {
            origin: origin.to_string(),
            found: probe.format,
        });
    }
    ron_options()
        .from_str::<SaveFile>(text)
        .map_err(|e| syntax(origin, e))
}

/// Read a save's bytes as text, with the limits a file from anywhere needs.
pub fn text_of(bytes: Vec<u8>, origin: &str) -> Result<String, LoadError> {
    String::from_utf8(bytes).map_err(|e| LoadError::NotText {
        origin: origin.to_string(),
        offset: e.utf8_error().valid_up_to(),
    })
}

/// Find the save's scenario and check it is the one the game was played on.
pub fn scenario_of(save: &SaveFile, origin: &str) -> Result<Arc<Scenario>, LoadError> {
    let s = builtin::find(&save.scenario).map_err(|e| LoadError::Scenario {
        origin: origin.to_string(),
        reason: e.to_string(),
    })?;
    if hex(s.content_hash) != save.scenario_hash {
        return Err(LoadError::ScenarioChanged {
            origin: origin.to_string(),
            scenario: save.scenario.clone(),
        });
    }
    Ok(Arc::new(s))
}

/// The game's setup as saved.
pub fn setup_of(save: &SaveFile, s: &Scenario, origin: &str) -> Result<Setup, LoadError> {
    let variant = match &save.variant {
        None => None,
        Some(id) => Some(s.variant_index(id).ok_or_else(|| LoadError::Variant {
            origin: origin.to_string(),
            scenario: s.id.clone(),
            variant: id.clone(),
        })?),
    };
    Ok(Setup {
        seed: save.seed,
        variant,
        humans: DelegationSet::of(&save.humans),
        difficulty: save.difficulty,
    })
}

/// A step in a few words, for error messages.
pub fn step_words(st: &Step) -> String {
    match st {
        Step::Advance => "a month played by the machine".into(),
        Step::Act(a) => {
            let what = format!("{a:?}");
            let head = what.split([' ', '{', '(']).next().unwrap_or("").to_string();
            format!("{head} by {}", a.by().name())
        }
        Step::Facilitate(i) => format!("facilitator: {i:?}"),
    }
}

/// Replay a parsed save: every step must be taken. Returns the game and
/// the first month where the replay parts from the record (`None` when it
/// matches exactly).
///
/// The replay makes its own checkpoints as it goes and compares each with
/// the recorded one at the same place; every recorded checkpoint must be
/// matched (a dropped, added or edited checkpoint is a divergence). When
/// checkpoint `k` differs, the month that was being played since
/// checkpoint `k - 1` is the first that diverged. The end snapshot is
/// compared last.
fn replay(save: &SaveFile, origin: &str) -> Result<(Game, Option<u32>), LoadError> {
    let scenario = scenario_of(save, origin)?;
    let setup = setup_of(save, &scenario, origin)?;
    let mut g = Game::new(scenario, setup);
    let mut made = 0usize;
    // The month under way at the last checkpoint that matched.
    let mut since = g.turn;
    let mut parted: Option<u32> = None;
    let mut mark = |g: &Game, step: usize, parted: &mut Option<u32>| {
        let here = Checkpoint {
            turn: g.turn,
            step,
            digest: digest(g),
        };
        if parted.is_none() {
            if save.checkpoints.get(made) == Some(&here) {
                since = here.turn;
            } else {
                *parted = Some(if made == 0 { here.turn } else { since });
            }
        }
        made += 1;
    };
    mark(&g, 0, &mut parted);
    for (i, st) in save.log.iter().enumerate() {
        let month = g.turn;
        g.step(st).map_err(|e| LoadError::Refused {
            origin: origin.to_string(),
            step: i + 1,
            what: step_words(st),
            reason: e.to_string(),
        })?;
        if g.turn != month || g.is_over() {
            mark(&g, i + 1, &mut parted);
        }
    }
    if parted.is_none() && (made != save.checkpoints.len() || EndSnapshot::of(&g) != save.end) {
        // Checkpoints left over in the record, or the end differs after
        // the last month that matched.
        parted = Some(since);
    }
    Ok((g, parted))
}

/// Replay a parsed save headless and compare it with its record.
///
/// `Ok(None)`: the log rebuilds the saved game exactly. `Ok(Some(turn))`:
/// `turn` is the first month whose play no longer gives the recorded
/// state (name it with `Scenario::date_label`). `Err`: the save cannot be
/// replayed at all (unknown or changed scenario, a step refused).
pub fn verify(save: &SaveFile, origin: &str) -> Result<Option<u32>, LoadError> {
    replay(save, origin).map(|(_, parted)| parted)
}

/// Rebuild the game from a parsed save and check it against the record:
/// every step must be taken, every checkpoint and the end must match.
pub fn rebuild(save: SaveFile, origin: &str) -> Result<Loaded, LoadError> {
    let (g, parted) = replay(&save, origin)?;
    if let Some(turn) = parted {
        return Err(LoadError::Diverged {
            origin: origin.to_string(),
            turn,
            month: g.scenario.date_label(turn),
        });
    }
    Ok(Loaded { save, game: g })
}

/// Parse and rebuild.
pub fn load_text(text: &str, origin: &str) -> Result<Loaded, LoadError> {
    rebuild(parse(text, origin)?, origin)
}
