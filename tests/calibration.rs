#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]
//! Calibration to the seeds, over `simulate` statistics with fixed seeds:
//! 1,000 AI-only games of `riyadh-2025` per US variant. If a change to the
//! scenario data, the doctrines or the war model breaks one of these, the
//! game has stopped telling the story the articles tell.

use armistice::builtin;
use armistice::core::dice::Difficulty;
use armistice::sim::{self, SimReport};
use std::sync::{Arc, OnceLock};

const GAMES: u64 = 1000;
const SEED: u64 = 2025;

fn run(variant: &str) -> SimReport {
    let s = Arc::new(builtin::find("riyadh-2025").expect("built-in"));
    let v = s
        .variants
        .iter()
        .position(|x| x.id == variant)
        .expect("variant");
    let results = sim::simulate(&s, Some(v), GAMES, SEED, Difficulty::Normal, &|_| {});
    sim::report(&s, Some(v), SEED, &results, 0.0)
}

/// Both variants, simulated once for all the tests in this file.
fn reports() -> &'static (SimReport, SimReport) {
    static R: OnceLock<(SimReport, SimReport)> = OnceLock::new();
    R.get_or_init(|| (run("quick-deal"), run("back-ukraine")))
}

fn share(r: &SimReport, ids: &[&str]) -> f64 {
    let n: u64 = ids
        .iter()
        .map(|id| r.end_states.get(*id).copied().unwrap_or(0))
        .sum();
    n as f64 / r.games as f64
}

fn score(r: &SimReport, d: &str) -> f64 {
    r.mean_score[d]
}

/// The agreement ids, the end states a signed package can have.
const AGREEMENTS: [&str; 8] = [
    "nato_full",
    "nato_west_germany",
    "nato_norway",
    "israel_model",
    "european_guarantee",
    "guaranteed_neutrality",
    "neutrality",
    "capitulation",
];

#[test]
fn russia_rarely_if_ever_signs_a_nato_model() {
    let (q, b) = reports();
    for r in [q, b] {
        let nato = share(r, &["nato_full", "nato_west_germany", "nato_norway"]);
        assert!(
            nato <= 0.02,
            "{:?}: NATO in {:.1}% of games",
            r.variant,
            nato * 100.0
        );
    }
}

#[test]
fn backing_ukraine_makes_the_israel_model_the_most_common_agreement() {
    let (_, b) = reports();
    let israel = b.end_states["israel_model"];
    for id in AGREEMENTS {
        if id != "israel_model" {
            assert!(
                israel > b.end_states[id],
                "{id} ({}) as common as the Israel model ({israel})",
                b.end_states[id]
            );
        }
    }
}

#[test]
fn backing_ukraine_is_better_for_kyiv_and_worse_for_moscow() {
    let (q, b) = reports();
    assert!(
        score(b, "ukraine") > score(q, "ukraine") + 5.0,
        "Ukraine: back-ukraine {} vs quick-deal {}",
        score(b, "ukraine"),
        score(q, "ukraine")
    );
    assert!(
        score(b, "russia") < score(q, "russia") - 5.0,
        "Russia: back-ukraine {} vs quick-deal {}",
        score(b, "russia"),
        score(q, "russia")
    );
}

#[test]
fn neutrality_and_capitulation_are_quick_deal_outcomes() {
    let (q, b) = reports();
    let terms = ["guaranteed_neutrality", "neutrality", "capitulation"];
    let (sq, sb) = (share(q, &terms), share(b, &terms));
    assert!(
        sq >= 0.05,
        "quick-deal: neutrality or capitulation in only {:.1}%",
        sq * 100.0
    );
    assert!(
        sq > 2.0 * sb,
        "quick-deal {:.1}% vs back-ukraine {:.1}%",
        sq * 100.0,
        sb * 100.0
    );
}

#[test]
fn talks_are_hard_but_not_hopeless() {
    let (q, b) = reports();
    for r in [q, b] {
        let rate = r.agreements as f64 / r.games as f64;
        assert!(
            (0.30..=0.92).contains(&rate),
            "{:?}: agreement in {:.1}% of games",
            r.variant,
            rate * 100.0
        );
        // More than one way for the talks to end, each in at least 1%.
        let common = r
            .end_states
            .values()
            .filter(|n| **n * 100 >= r.games)
            .count();
        assert!(
            common >= 2,
            "{:?}: only {common} end states reach 1%",
            r.variant
        );
        // And talks do not always run to the last month.
        assert!(
            r.mean_turns < 12.0,
            "{:?}: mean length {}",
            r.variant,
            r.mean_turns
        );
    }
    // Between them the variants show several outcomes often and most of
    // the seeds' outcomes at least once.
    let common = q
        .end_states
        .iter()
        .filter(|(id, n)| (**n).max(b.end_states[*id]) * 100 >= q.games)
        .count();
    assert!(
        common >= 5,
        "only {common} end states reach 1% in either variant"
    );
    let seen = q
        .end_states
        .iter()
        .filter(|(id, n)| **n > 0 || b.end_states[*id] > 0)
        .count();
    assert!(seen >= 7, "only {seen} end states ever occur");
}
