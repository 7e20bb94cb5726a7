#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]
//! The AI negotiators through their public API: explanations that are true,
//! acceptance that respects the BATNA, offers on the modelled frontier,
//! an opponent model that learns, and difficulty levels that differ.

use armistice::ai::counterpart::{self, View};
use armistice::ai::negotiation::{Domain, FrequencyModel, Prefs, for_each_package};
use armistice::builtin;
use armistice::core::dice::Difficulty;
use armistice::core::game::{Game, Setup};
use armistice::core::ids::{Delegation, DelegationSet};
use armistice::core::news::Reason;
use armistice::core::rules::PackageRule;
use armistice::core::scenario::{Package, Scenario};
use proptest::prelude::*;
use std::sync::Arc;

fn scenario(id: &str) -> Arc<Scenario> {
    match builtin::builtin(id) {
        Some(Ok(s)) => Arc::new(s),
        Some(Err(e)) => panic!("built-in {id} does not load: {e}"),
        None => panic!("no built-in {id}"),
    }
}

/// An AI-only game of `riyadh-2025` played for `turns` months: a state with
/// moved tracks, offers seen and statements made.
fn game_after(seed: u64, turns: u32, variant: usize) -> Game {
    let s = scenario("riyadh-2025");
    let mut g = Game::new(
        s,
        Setup {
            seed,
            variant: Some(variant),
            humans: DelegationSet::EMPTY,
            difficulty: Difficulty::Normal,
        },
    );
    g.play_to_end(Some(turns));
    g
}

fn package_from(s: &Scenario, raw: &[u8]) -> Package {
    Package(
        raw.iter()
            .zip(&s.issues)
            .map(|(r, i)| r % i.options.len() as u8)
            .collect(),
    )
}

fn accepted(g: &Game, d: Delegation, p: &Package) -> bool {
    counterpart::judge(g, d, p, 0).accept
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// "We would sign with X": making exactly that change turns the no into
    /// a yes. "Nothing short of": no change to one issue would do.
    #[test]
    fn the_suggested_change_flips_the_answer(
        seed in 0u64..1000,
        turns in 0u32..9,
        who in 0usize..4,
        raw in proptest::collection::vec(0u8..8, 8),
    ) {
        let g = game_after(seed, turns, (seed % 2) as usize);
        prop_assume!(!g.is_over());
        let d = Delegation::ALL[who];
        let p = package_from(&g.scenario, &raw);
        prop_assume!(g.scenario.signatories(&p).contains(d));
        let a = counterpart::judge(&g, d, &p, 0);
        prop_assume!(!a.accept);
        let fix = a.reasons.iter().find_map(|r| match r {
            Reason::WouldAcceptWith { changes } => Some(Some(*changes)),
            Reason::NothingShort { .. } => Some(None),
            _ => None,
        });
        match fix.expect("every no says what would change it") {
            Some(changes) => {
                prop_assert!(!changes.is_empty() && changes.len() <= 2);
                let mut q = p.clone();
                for (i, o) in &changes {
                    prop_assert_ne!(q.0[*i as usize], *o, "a change must change something");
                    q.0[*i as usize] = *o;
                }
                prop_assert!(accepted(&g, d, &q), "{d:?} still says no to {q:?} after {changes:?}");
            }
            None => {
                for i in 0..p.0.len() {
                    for o in 0..g.scenario.issues[i].options.len() as u8 {
                        let mut q = p.clone();
                        q.0[i] = o;
                        prop_assert!(!accepted(&g, d, &q), "one change ({i}, {o}) was enough");
                    }
                }
            }
        }
    }

    /// Whatever the state of the war, nobody signs below what fighting on
    /// is worth to them, or across one of their redlines.
    #[test]
    fn acceptance_never_below_batna_nor_across_a_redline(
        seed in 0u64..1000,
        turns in 0u32..11,
        raw in proptest::collection::vec(0u8..8, 8),
    ) {
        let g = game_after(seed, turns, (seed % 2) as usize);
        prop_assume!(!g.is_over());
        let p = package_from(&g.scenario, &raw);
        for d in Delegation::ALL {
            if accepted(&g, d, &p) {
                prop_assert!(g.utility(d, &p) >= g.batna(d));
                prop_assert!(g.redline_crossed(d, &p).is_none());
            }
        }
    }
}

/// No package is at least as good for the offering delegation and for
/// every other delegation as it models them, and strictly better for one —
/// among the packages it may offer (clear of its redlines and the others'
/// redlines it knows, and at its target).
#[test]
fn offers_are_pareto_efficient_under_the_model() {
    let mut checked = 0;
    for (seed, turns) in [(3, 2), (11, 5), (27, 8), (40, 6), (41, 9)] {
        let g = game_after(seed, turns, 1);
        if g.is_over() {
            continue;
        }
        let s = g.scenario.clone();
        let domain = Domain {
            options: s.issues.iter().map(|i| i.options.len()).collect(),
        };
        for d in Delegation::ALL {
            let view = View::new(&g, d);
            let bar = view.stance.target.max(view.stance.batna);
            let Some(offer) = counterpart::best_offer(&g, d, bar) else {
                continue;
            };
            let others: Vec<Delegation> = Delegation::ALL.into_iter().filter(|o| *o != d).collect();
            let est = |p: &[u8], o: Delegation| g.ai.model(d, o).estimate(p);
            let table = g.table_packages();
            let ctx = g.ctx(&table, None);
            let known: Vec<PackageRule> =
                g.ai.known_redlines(d)
                    .iter()
                    .map(|(about, r)| g.profile(*about).redlines[*r].forbid.for_packages(&ctx))
                    .collect();
            checked += 1;
            let u0 = view.utility(&offer.0);
            assert!(u0 >= bar, "{d:?} offers below its own bar");
            assert!(view.redline(&offer.0).is_none());
            let e0: Vec<i32> = others.iter().map(|o| est(&offer.0, *o)).collect();
            for_each_package(&domain, |q| {
                let u = view.utility(q);
                if u < u0 || view.redline(q).is_some() || known.iter().any(|r| r.holds(q)) {
                    return;
                }
                let e: Vec<i32> = others.iter().map(|o| est(q, *o)).collect();
                let weakly = e.iter().zip(&e0).all(|(a, b)| a >= b);
                let strictly = u > u0 || e.iter().zip(&e0).any(|(a, b)| a > b);
                assert!(
                    !(weakly && strictly),
                    "seed {seed}, {d:?}: {q:?} dominates the offer {:?}",
                    offer.0
                );
            });
        }
    }
    assert!(checked >= 8, "only {checked} offers checked");
}

/// A HardHeaded-style frequency model, fed the offers of an opponent that
/// concedes slowly from its ideal, ranks packages the way the opponent
/// does far better than chance.
#[test]
fn the_opponent_model_converges_on_a_known_opponent() {
    let mut x: u64 = 99;
    let mut rnd = |n: u64| {
        x = x
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (x >> 33) % n
    };
    let mut agreement_sum = 0.0;
    let trials = 5;
    for _ in 0..trials {
        // A random opponent over 6 issues of 5 options.
        let weights: Vec<i32> = (0..6).map(|_| 5 + rnd(30) as i32).collect();
        let utilities: Vec<Vec<i32>> = (0..6)
            .map(|_| {
                let mut row: Vec<i32> = (0..5).map(|_| rnd(101) as i32).collect();
                let best = rnd(5) as usize;
                row[best] = 100;
                row
            })
            .collect();
        let truth = Prefs::from_weights(&weights, &utilities);
        let domain = Domain {
            options: vec![5; 6],
        };
        let mut all: Vec<(i32, Vec<u8>)> = Vec::new();
        for_each_package(&domain, |p| all.push((truth.utility(p), p.to_vec())));
        all.sort();
        // It offers, round after round, a package just above a target that
        // falls from its best toward 60% of it (ties and near-ties picked
        // at random among the five closest).
        let mut model = FrequencyModel::new(&domain);
        let max = truth.max();
        for round in 0..30 {
            let target = max - (max * 4 / 10) * round / 30;
            let start = all.partition_point(|(u, _)| *u < target);
            let pick = (start + rnd(5) as usize).min(all.len() - 1);
            model.observe(&all[pick].1, 2);
        }
        // Pairwise agreement on random package pairs.
        let (mut same, mut total) = (0, 0);
        for _ in 0..4000 {
            let a = &all[rnd(all.len() as u64) as usize];
            let b = &all[rnd(all.len() as u64) as usize];
            if (a.0 - b.0).abs() < 500 {
                continue;
            }
            total += 1;
            let (ea, eb) = (model.estimate(&a.1), model.estimate(&b.1));
            if (a.0 > b.0) == (ea > eb) {
                same += 1;
            }
        }
        agreement_sum += same as f64 / total as f64;
    }
    let mean = agreement_sum / trials as f64;
    assert!(
        mean >= 0.75,
        "model agrees with the opponent on {mean:.2} of pairs"
    );
}

/// The best deal Ukraine could get this month if it found it: the package
/// worth most to Kyiv among those every delegation it needs would sign now
/// (its own redlines aside — a player may cross them). `None`: no deal.
fn best_deal_for_ukraine(g: &Game) -> Option<i32> {
    let me = Delegation::Ukraine;
    let s = g.scenario.clone();
    let domain = Domain {
        options: s.issues.iter().map(|i| i.options.len()).collect(),
    };
    let mut views: Vec<View> = Delegation::ALL
        .into_iter()
        .map(|d| View::new(g, d))
        .collect();
    let mut best: Option<i32> = None;
    for_each_package(&domain, |q| {
        let u = g.utility(me, &Package(q.to_vec()));
        if best.is_some_and(|b| u <= b) {
            return;
        }
        let p = Package(q.to_vec());
        let need = s.signatories(&p);
        let yes = views
            .iter_mut()
            .filter(|v| v.d != me && need.contains(v.d))
            .all(|v| counterpart::judge_in(g, v, &p, 0, false).accept);
        if yes {
            best = Some(u);
        }
    });
    best
}

/// Easy is genuinely easier: in the same month of the same war, the best
/// deal a player could strike is better against easy negotiators than
/// against hard ones, and hard ones leave no deal at all more often.
#[test]
fn easy_is_beatable_and_hard_is_harder() {
    let (mut easy_sum, mut hard_sum) = (0i64, 0i64);
    let (mut easy_deals, mut hard_deals) = (0, 0);
    // Counted with no deal as 0.
    let mut states = 0;
    for seed in 0..6u64 {
        for turns in [5u32, 7] {
            let g = game_after(seed, turns, 0);
            if g.is_over() {
                continue;
            }
            states += 1;
            let at = |d: Difficulty| {
                let mut h = g.clone();
                h.setup.difficulty = d;
                best_deal_for_ukraine(&h)
            };
            let (e, h) = (at(Difficulty::Easy), at(Difficulty::Hard));
            // Easy signs everything hard signs, so its best deal is never worse.
            assert!(e >= h, "seed {seed} turn {turns}: easy {e:?} < hard {h:?}");
            easy_deals += e.is_some() as i32;
            hard_deals += h.is_some() as i32;
            easy_sum += e.unwrap_or(0) as i64;
            hard_sum += h.unwrap_or(0) as i64;
        }
    }
    assert!(states >= 8, "only {states} states");
    // Mid-game, easy negotiators leave a deal to find in most months...
    assert!(
        easy_deals * 4 >= states * 3,
        "easy offered a deal in only {easy_deals} of {states} states"
    );
    // ...and more often than hard ones, and better ones.
    assert!(
        easy_deals > hard_deals,
        "deals: easy {easy_deals}, hard {hard_deals}"
    );
    assert!(
        easy_sum > hard_sum + 1000 * states as i64,
        "best deal for Ukraine: easy {} vs hard {} (bp, mean, no deal = 0)",
        easy_sum / states as i64,
        hard_sum / states as i64
    );
}
