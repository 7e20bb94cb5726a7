//! The AI's speed: one decision, one month, one whole AI-only game.
//! `cargo bench` (criterion); the README quotes the medians.

use armistice::ai::counterpart::{self, View};
use armistice::builtin;
use armistice::core::dice::Difficulty;
use armistice::core::game::{Game, Setup};
use armistice::core::ids::{Delegation, DelegationSet};
use armistice::core::scenario::{Package, Scenario};
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::sync::Arc;

// The binary's allocator, so the numbers match `simulate`.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn scenario() -> Arc<Scenario> {
    match builtin::builtin("riyadh-2025") {
        Some(Ok(s)) => Arc::new(s),
        _ => panic!("riyadh-2025 does not load"),
    }
}

fn setup(seed: u64) -> Setup {
    Setup {
        seed,
        variant: Some(0),
        humans: DelegationSet::EMPTY,
        difficulty: Difficulty::Normal,
    }
}

/// A game in mid-talks: five months played by the machine.
fn mid_game(s: &Arc<Scenario>) -> Game {
    let mut g = Game::new(s.clone(), setup(7));
    g.play_to_end(Some(5));
    g
}

fn decision(c: &mut Criterion) {
    let s = scenario();
    let g = mid_game(&s);
    let p = Package(vec![2, 3, 1, 1, 1, 1, 1, 1]);
    c.bench_function("decision: judge and explain one package", |b| {
        b.iter(|| counterpart::judge(black_box(&g), Delegation::Russia, black_box(&p), 0))
    });
    c.bench_function("decision: the frontier offer", |b| {
        b.iter(|| {
            let mut v = View::new(&g, Delegation::Russia);
            let bar = v.stance.target.max(v.stance.batna);
            counterpart::best_offer_in(black_box(&g), &mut v, bar)
        })
    });
}

fn turn(c: &mut Criterion) {
    let s = scenario();
    let g = mid_game(&s);
    c.bench_function("turn: one month of an AI-only game", |b| {
        b.iter_batched(
            || g.clone(),
            |mut g| {
                g.advance();
                g
            },
            criterion::BatchSize::SmallInput,
        )
    });
}

fn game(c: &mut Criterion) {
    let s = scenario();
    let profiles = Arc::new(s.profiles_for(Some(0)));
    let mut seed = 0u64;
    c.bench_function(
        "game: a whole AI-only game (riyadh-2025, quick-deal)",
        |b| {
            b.iter(|| {
                seed += 1;
                let mut g = Game::with_profiles(s.clone(), profiles.clone(), setup(seed));
                g.play_to_end(None);
                g.outcome
            })
        },
    );
}

criterion_group!(benches, decision, turn, game);
criterion_main!(benches);
