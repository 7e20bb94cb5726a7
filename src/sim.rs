//! Headless batch games: the AI in every seat, many seeds, in parallel
//! (rayon). Each game's seed is derived from the batch seed and its index,
//! so the results do not depend on the number of threads.

use crate::core::dice::Difficulty;
use crate::core::game::{Game, Setup};
use crate::core::ids::{Delegation, DelegationSet, EndState};
use crate::core::scenario::Scenario;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Arc;

/// The seed of game `i` of a batch (SplitMix64 of the pair).
pub fn game_seed(batch_seed: u64, i: u64) -> u64 {
    let mut z = batch_seed ^ i.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// One finished game, reduced to what statistics need.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GameResult {
    pub state: EndState,
    pub turns: u32,
    pub scores: [u32; 4],
}

pub fn play_one(
    scenario: &Arc<Scenario>,
    profiles: &Arc<[crate::core::scenario::Profile; 4]>,
    variant: Option<usize>,
    seed: u64,
    difficulty: Difficulty,
) -> GameResult {
    let mut g = Game::with_profiles(
        scenario.clone(),
        profiles.clone(),
        Setup {
            seed,
            variant,
            humans: DelegationSet::EMPTY,
            difficulty,
        },
    );
    g.play_to_end(None);
    match &g.outcome {
        Some(o) => GameResult {
            state: o.state,
            turns: o.turn,
            scores: o.scores,
        },
        None => GameResult {
            state: EndState::FrozenConflict,
            turns: g.turn,
            scores: [0; 4],
        },
    }
}

/// Outcome statistics of a batch.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct SimReport {
    pub scenario: String,
    pub variant: Option<String>,
    pub games: u64,
    pub seed: u64,
    pub agreements: u64,
    pub end_states: BTreeMap<String, u64>,
    pub mean_score: BTreeMap<String, f64>,
    pub mean_turns: f64,
    pub elapsed_ms: f64,
    pub games_per_second: f64,
}

/// Run `games` AI-only games. `progress` is called from worker threads
/// with the number of games finished so far (for a progress bar).
pub fn simulate(
    scenario: &Arc<Scenario>,
    variant: Option<usize>,
    games: u64,
    seed: u64,
    difficulty: Difficulty,
    progress: &(dyn Fn(u64) + Sync),
) -> Vec<GameResult> {
    let profiles = Arc::new(scenario.profiles_for(variant));
    let done = std::sync::atomic::AtomicU64::new(0);
    (0..games)
        .into_par_iter()
        .map(|i| {
            let r = play_one(scenario, &profiles, variant, game_seed(seed, i), difficulty);
            let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
            progress(n);
            r
        })
        .collect()
}

/// Statistics of results (timing filled in by the caller).
pub fn report(
    scenario: &Scenario,
    variant: Option<usize>,
    seed: u64,
    results: &[GameResult],
    elapsed_ms: f64,
) -> SimReport {
    let n = results.len().max(1) as f64;
    let mut end_states: BTreeMap<String, u64> = EndState::ALL
        .iter()
        .map(|e| (e.id().to_string(), 0))
        .collect();
    for r in results {
        *end_states.entry(r.state.id().to_string()).or_default() += 1;
    }
    let mean_score = Delegation::ALL
        .iter()
        .map(|d| {
            let sum: u64 = results.iter().map(|r| r.scores[d.index()] as u64).sum();
            (d.id().to_string(), round2(sum as f64 / n))
        })
        .collect();
    let turns: u64 = results.iter().map(|r| r.turns as u64).sum();
    SimReport {
        scenario: scenario.id.clone(),
        variant: variant
            .and_then(|v| scenario.variants.get(v))
            .map(|v| v.id.clone()),
        games: results.len() as u64,
        seed,
        agreements: results.iter().filter(|r| r.state.is_agreement()).count() as u64,
        end_states,
        mean_score,
        mean_turns: round2(turns as f64 / n),
        elapsed_ms: round2(elapsed_ms),
        games_per_second: if elapsed_ms > 0.0 {
            round2(results.len() as f64 / (elapsed_ms / 1000.0))
        } else {
            0.0
        },
    }
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// The report as a readable table.
pub fn table(r: &SimReport, scenario: &Scenario) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "{} ({}), variant {}, {} games from seed {}\n\n",
        scenario.name,
        r.scenario,
        r.variant.as_deref().unwrap_or("-"),
        r.games,
        r.seed
    ));
    let g = r.games.max(1) as f64;
    out.push_str(&format!(
        "Agreements: {} of {} ({:.1}%), mean length {:.1} turns\n\n",
        r.agreements,
        r.games,
        r.agreements as f64 * 100.0 / g,
        r.mean_turns
    ));
    out.push_str(&format!(
        "{:<52} {:>6} {:>7}\n",
        "End state", "games", "share"
    ));
    for e in EndState::ALL {
        let c = r.end_states.get(e.id()).copied().unwrap_or(0);
        let bar = "█".repeat((c as f64 * 30.0 / g).round() as usize);
        out.push_str(&format!(
            "{:<52} {:>6} {:>6.1}%  {}\n",
            format!("{} ({})", short_title(e), e.id()),
            c,
            c as f64 * 100.0 / g,
            bar
        ));
    }
    out.push_str("\nMean score (0–100)\n");
    for d in Delegation::ALL {
        out.push_str(&format!(
            "  {:<14} {:>6.1}\n",
            d.name(),
            r.mean_score.get(d.id()).copied().unwrap_or(0.0)
        ));
    }
    out.push_str(&format!(
        "\n{:.0} ms, {:.0} games/s\n",
        r.elapsed_ms, r.games_per_second
    ));
    out
}

fn short_title(e: EndState) -> &'static str {
    match e {
        EndState::NatoFull => "NATO membership",
        EndState::NatoWestGermany => "NATO, West Germany model",
        EndState::NatoNorway => "NATO, Norway model",
        EndState::IsraelModel => "Israel model",
        EndState::EuropeanGuarantee => "European guarantee",
        EndState::GuaranteedNeutrality => "Neutrality with guarantors",
        EndState::Neutrality => "Neutrality",
        EndState::Capitulation => "Capitulation",
        EndState::FrozenConflict => "Frozen conflict",
        EndState::Collapse => "Collapse of talks",
        EndState::Escalation => "Escalation crisis",
    }
}
