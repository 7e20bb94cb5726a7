//! Bilateral alternating-offers negotiation as the automated-negotiation
//! field runs it (GENIUS, NegMAS's SAO), so that the game's generic
//! [`Negotiator`] can be set beside the field's reference agents on the
//! field's own domains, with the field's measures: agreement, rounds, the
//! distance to the Nash point and to the Pareto frontier.
//!
//! Pure and deterministic: no clock, files or terminal, and no hash-map
//! order anywhere. Utilities here are `f64` in [0, 1] as the domain files
//! give them; the generic negotiator sees the same tables rounded to basis
//! points, and every measure is taken on the exact utilities.

use crate::ai::negotiation::{Bp, Negotiator, Prefs};
use thiserror::Error;

/// The whole outcome space is enumerated (the frontier, the ladders), so it
/// has to fit comfortably in memory.
pub const MAX_PACKAGES: usize = 1 << 22;

/// NegMAS's "boulware" exponent: a(t) = 1 − t⁴ concedes late.
pub const BOULWARE: f64 = 4.0;
/// NegMAS's "conceder" exponent: a(t) = 1 − t^¼ concedes early.
pub const CONCEDER: f64 = 0.25;

/// The generic negotiator's default concession exponent (hundredths):
/// linear. Both sides conceding at the same steady pace is the neutral
/// setting; see the `bilateral` example for what Boulware/Conceder settings
/// do to it.
pub const ARMISTICE_E: u32 = 100;

/// Which side of a bilateral negotiation. A opens.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Side {
    A,
    B,
}

impl Side {
    pub fn index(self) -> usize {
        match self {
            Side::A => 0,
            Side::B => 1,
        }
    }

    pub fn other(self) -> Side {
        match self {
            Side::A => Side::B,
            Side::B => Side::A,
        }
    }
}

/// Why a pair of preference tables cannot be enumerated.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum SpaceError {
    #[error("a domain needs at least one issue")]
    NoIssues,
    #[error("the two parties' utility tables have different shapes")]
    Shape,
    #[error("issue {issue} has {options} options; 1 to 255 are supported")]
    Options { issue: usize, options: usize },
    #[error("more than {MAX_PACKAGES} packages: too many to enumerate")]
    TooLarge,
    #[error("a utility is not a finite number")]
    NotFinite,
}

/// The outcome space of a bilateral domain with both sides' utilities of
/// every package computed once.
///
/// A package's index is the package read as a mixed-radix number with the
/// first issue most significant, so index order is lexicographic order;
/// "lowest index" breaks every tie in this module.
#[derive(Clone, Debug)]
pub struct Space {
    options: Vec<usize>,
    strides: Vec<usize>,
    tables: [Vec<Vec<f64>>; 2],
    utils: [Vec<f64>; 2],
    reserve: [f64; 2],
    prefs: [Prefs; 2],
}

impl Space {
    /// `tables[side][issue][option]` is weight × value utility, so a
    /// package's utility is a sum; `reserve[side]` is the utility of no
    /// agreement.
    pub fn new(tables: [Vec<Vec<f64>>; 2], reserve: [f64; 2]) -> Result<Space, SpaceError> {
        let options: Vec<usize> = tables[0].iter().map(|r| r.len()).collect();
        if options.is_empty() {
            return Err(SpaceError::NoIssues);
        }
        if tables[1]
            .iter()
            .map(|r| r.len())
            .ne(options.iter().copied())
        {
            return Err(SpaceError::Shape);
        }
        for (issue, n) in options.iter().enumerate() {
            if *n == 0 || *n > 255 {
                return Err(SpaceError::Options {
                    issue: issue + 1,
                    options: *n,
                });
            }
        }
        if tables
            .iter()
            .flatten()
            .flatten()
            .chain(&reserve)
            .any(|x| !x.is_finite())
        {
            return Err(SpaceError::NotFinite);
        }
        let count = options
            .iter()
            .try_fold(1usize, |acc, n| acc.checked_mul(*n))
            .filter(|c| *c <= MAX_PACKAGES)
            .ok_or(SpaceError::TooLarge)?;
        let mut strides = vec![1usize; options.len()];
        for i in (0..options.len().saturating_sub(1)).rev() {
            strides[i] = strides[i + 1] * options[i + 1];
        }

        let mut utils = [Vec::with_capacity(count), Vec::with_capacity(count)];
        let mut package = vec![0usize; options.len()];
        for _ in 0..count {
            for (side, out) in utils.iter_mut().enumerate() {
                // Summed in issue order every time, so that a package's
                // utility does not depend on how it was reached.
                let u: f64 = tables[side]
                    .iter()
                    .zip(&package)
                    .map(|(row, o)| row[*o])
                    .sum();
                out.push(u);
            }
            // Odometer, last issue fastest: index order.
            for i in (0..options.len()).rev() {
                package[i] += 1;
                if package[i] < options[i] {
                    break;
                }
                package[i] = 0;
            }
        }
        let prefs = [bp_table(&tables[0]), bp_table(&tables[1])];
        Ok(Space {
            options,
            strides,
            tables,
            utils,
            reserve,
            prefs,
        })
    }

    /// Number of packages.
    pub fn len(&self) -> usize {
        self.utils[0].len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Options per issue.
    pub fn options(&self) -> &[usize] {
        &self.options
    }

    pub fn table(&self, side: Side) -> &[Vec<f64>] {
        &self.tables[side.index()]
    }

    pub fn utility(&self, side: Side, package: usize) -> f64 {
        self.utils[side.index()]
            .get(package)
            .copied()
            .unwrap_or(f64::NEG_INFINITY)
    }

    /// The package as a point (uA, uB) of the utility plane.
    pub fn point(&self, package: usize) -> (f64, f64) {
        (
            self.utility(Side::A, package),
            self.utility(Side::B, package),
        )
    }

    pub fn reserve(&self, side: Side) -> f64 {
        self.reserve[side.index()]
    }

    /// What no agreement is worth to both: the disagreement point.
    pub fn disagreement(&self) -> (f64, f64) {
        (self.reserve[0], self.reserve[1])
    }

    /// The options of the package with this index.
    pub fn package(&self, index: usize) -> Vec<u8> {
        self.options
            .iter()
            .zip(&self.strides)
            .map(|(n, s)| ((index / s) % n) as u8)
            .collect()
    }

    /// The index of a package; `None` if it does not belong to the domain.
    pub fn index(&self, package: &[u8]) -> Option<usize> {
        if package.len() != self.options.len() {
            return None;
        }
        let mut index = 0;
        for ((o, n), s) in package.iter().zip(&self.options).zip(&self.strides) {
            if *o as usize >= *n {
                return None;
            }
            index += *o as usize * s;
        }
        Some(index)
    }

    /// The side's table in basis points, as the generic negotiator takes
    /// it (rounded to the nearest point).
    pub fn prefs(&self, side: Side) -> &Prefs {
        &self.prefs[side.index()]
    }

    /// The side's reservation value in basis points.
    pub fn reserve_bp(&self, side: Side) -> Bp {
        to_bp(self.reserve(side))
    }
}

fn to_bp(x: f64) -> Bp {
    libm::round(x * 10_000.0).clamp(Bp::MIN as f64, Bp::MAX as f64) as Bp
}

fn bp_table(table: &[Vec<f64>]) -> Prefs {
    Prefs {
        table: table
            .iter()
            .map(|row| row.iter().map(|x| to_bp(*x)).collect())
            .collect(),
    }
}

/// One side's packages sorted by its own utility (ties: lowest index
/// first), built once per domain so that a time-based agent finds "the
/// lowest package at or above my level" by binary search.
#[derive(Clone, Debug)]
pub struct Ladder {
    side: Side,
    order: Vec<u32>,
    utils: Vec<f64>,
    /// The bottom of the aspiration scale: the worst package or the
    /// reservation value, whichever is higher (as NegMAS's inverter).
    low: f64,
    /// The best package's utility.
    high: f64,
}

impl Ladder {
    pub fn new(space: &Space, side: Side) -> Ladder {
        let u = &space.utils[side.index()];
        let mut order: Vec<u32> = (0..u.len() as u32).collect();
        order.sort_unstable_by(|a, b| u[*a as usize].total_cmp(&u[*b as usize]).then(a.cmp(b)));
        let utils: Vec<f64> = order.iter().map(|i| u[*i as usize]).collect();
        let worst = utils.first().copied().unwrap_or(0.0);
        let high = utils.last().copied().unwrap_or(0.0);
        Ladder {
            side,
            order,
            utils,
            low: worst.max(space.reserve(side)).min(high),
            high,
        }
    }

    pub fn side(&self) -> Side {
        self.side
    }

    /// The lowest-utility package whose utility is at least `level`; among
    /// equal utilities the lowest index. Above the best package, the best.
    pub fn lowest_at_least(&self, level: f64) -> usize {
        let k = self.utils.partition_point(|u| *u < level);
        let k = k.min(self.order.len().saturating_sub(1));
        self.order.get(k).map_or(0, |i| *i as usize)
    }
}

/// Both sides' ladders.
pub fn ladders(space: &Space) -> [Ladder; 2] {
    [Ladder::new(space, Side::A), Ladder::new(space, Side::B)]
}

/// A party in the alternating-offers protocol. Packages are [`Space`]
/// indices; `round` counts from 0.
pub trait Agent {
    /// Accept the opponent's standing offer now?
    fn accepts(&mut self, package: usize, round: u32) -> bool;
    /// The counter-offer; `None` walks away (no agreement).
    fn propose(&mut self, round: u32) -> Option<usize>;
    /// The opponent offered this (for agents that learn from offers).
    fn observe(&mut self, _package: usize) {}
}

/// How one negotiation ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Negotiation {
    /// The agreed package, if any.
    pub agreement: Option<usize>,
    /// Rounds played, counting the one in which it ended (so NegMAS's
    /// `state.step` after the negotiation): the deadline when it ran out.
    pub rounds: u32,
    /// Offers made by both sides.
    pub offers: u32,
    /// Who accepted.
    pub accepted_by: Option<Side>,
}

/// The alternating-offers protocol as NegMAS's SAO mechanism runs it: in
/// every round A, then B, first answers the standing offer (if any) and,
/// if it does not accept, makes its own, which the other sees. A opens in
/// round 0; nobody answers the last offer of the last round.
pub fn alternate(a: &mut dyn Agent, b: &mut dyn Agent, rounds: u32) -> Negotiation {
    let agents: [&mut dyn Agent; 2] = [a, b];
    let mut standing: Option<usize> = None;
    let mut offers = 0;
    for round in 0..rounds {
        for side in [Side::A, Side::B] {
            let me = side.index();
            if let Some(p) = standing {
                if agents[me].accepts(p, round) {
                    return Negotiation {
                        agreement: Some(p),
                        rounds: round + 1,
                        offers,
                        accepted_by: Some(side),
                    };
                }
            }
            match agents[me].propose(round) {
                Some(p) => {
                    offers += 1;
                    agents[side.other().index()].observe(p);
                    standing = Some(p);
                }
                None => {
                    return Negotiation {
                        agreement: None,
                        rounds: round + 1,
                        offers,
                        accepted_by: None,
                    };
                }
            }
        }
    }
    Negotiation {
        agreement: None,
        rounds,
        offers,
        accepted_by: None,
    }
}

/// The field's time-dependent agent (NegMAS's `BoulwareTBNegotiator` /
/// `ConcederTBNegotiator`): aspiration a(t) = 1 − t^e at relative time
/// t = (round + 1)/(rounds + 1); its level is `low + (high − low)·a(t)`,
/// which is r + (1 − r)·a(t) when utilities span [0, 1]. It offers the
/// lowest package at or above the level and accepts an offer at or above
/// it. NegMAS widens the level by a tolerance of 10⁻⁴; that changes
/// nothing on the bench domain and is left out.
#[derive(Clone, Debug)]
pub struct TimeBased<'a> {
    space: &'a Space,
    ladder: &'a Ladder,
    exponent: f64,
    rounds: u32,
}

impl<'a> TimeBased<'a> {
    pub fn new(space: &'a Space, ladder: &'a Ladder, exponent: f64, rounds: u32) -> Self {
        TimeBased {
            space,
            ladder,
            exponent,
            rounds,
        }
    }

    /// NegMAS's relative time: never 0 (the first offer is already at
    /// t = 1/(rounds + 1)) and 1 only after the deadline.
    pub fn time(&self, round: u32) -> f64 {
        ((round as f64 + 1.0) / (self.rounds as f64 + 1.0)).min(1.0)
    }

    pub fn aspiration(&self, round: u32) -> f64 {
        1.0 - libm::pow(self.time(round), self.exponent)
    }

    pub fn level(&self, round: u32) -> f64 {
        let l = self.ladder;
        l.low + (l.high - l.low) * self.aspiration(round)
    }
}

impl Agent for TimeBased<'_> {
    fn accepts(&mut self, package: usize, round: u32) -> bool {
        self.space.utility(self.ladder.side, package) >= self.level(round)
    }

    fn propose(&mut self, round: u32) -> Option<usize> {
        Some(self.ladder.lowest_at_least(self.level(round)))
    }
}

/// The game's generic [`Negotiator`] in the protocol: its target falls
/// with t = round over a deadline of `rounds`, it offers on its modelled
/// frontier, accepts by AC_next and models the opponent from its offers.
#[derive(Clone, Debug)]
pub struct Armistice<'a> {
    space: &'a Space,
    negotiator: Negotiator,
    deadline: u32,
}

impl<'a> Armistice<'a> {
    pub fn new(space: &'a Space, side: Side, e_hundredths: u32, rounds: u32) -> Self {
        Armistice {
            space,
            negotiator: Negotiator::new(
                space.prefs(side).clone(),
                space.reserve_bp(side),
                e_hundredths,
                1,
            ),
            deadline: rounds,
        }
    }

    pub fn negotiator(&self) -> &Negotiator {
        &self.negotiator
    }
}

impl Agent for Armistice<'_> {
    fn accepts(&mut self, package: usize, round: u32) -> bool {
        self.negotiator
            .accepts(&self.space.package(package), round, self.deadline)
    }

    fn propose(&mut self, round: u32) -> Option<usize> {
        self.negotiator
            .offer(round, self.deadline)
            .and_then(|o| self.space.index(&o.package))
    }

    fn observe(&mut self, package: usize) {
        self.negotiator.observe(0, &self.space.package(package));
    }
}

/// The field's reference pair: A Boulware (t⁴) against B Conceder (t^¼).
pub fn time_based_pair(space: &Space, ladders: &[Ladder; 2], rounds: u32) -> Negotiation {
    let mut a = TimeBased::new(space, &ladders[0], BOULWARE, rounds);
    let mut b = TimeBased::new(space, &ladders[1], CONCEDER, rounds);
    alternate(&mut a, &mut b, rounds)
}

/// Two generic negotiators with concession exponents `e` (hundredths).
pub fn armistice_pair(space: &Space, e: [u32; 2], rounds: u32) -> Negotiation {
    let mut a = Armistice::new(space, Side::A, e[0], rounds);
    let mut b = Armistice::new(space, Side::B, e[1], rounds);
    alternate(&mut a, &mut b, rounds)
}

/// The Pareto frontier of the whole outcome space and the Nash point.
#[derive(Clone, Debug)]
pub struct Frontier {
    /// One package per Pareto-optimal point (the lowest index where several
    /// packages share a point), best for A first.
    packages: Vec<usize>,
    points: Vec<(f64, f64)>,
    nash: Option<usize>,
}

impl Frontier {
    /// By enumeration: sorted by uA (then uB) descending, a package is on
    /// the frontier when its uB beats every package before it.
    pub fn new(space: &Space) -> Frontier {
        let (ua, ub) = (&space.utils[0], &space.utils[1]);
        let mut order: Vec<usize> = (0..space.len()).collect();
        order.sort_unstable_by(|a, b| {
            ua[*b]
                .total_cmp(&ua[*a])
                .then(ub[*b].total_cmp(&ub[*a]))
                .then(a.cmp(b))
        });
        let mut packages = Vec::new();
        let mut best_b = f64::NEG_INFINITY;
        for p in order {
            if ub[p] > best_b {
                best_b = ub[p];
                packages.push(p);
            }
        }
        let points = packages.iter().map(|p| space.point(*p)).collect();
        Frontier {
            packages,
            points,
            nash: nash(space),
        }
    }

    pub fn packages(&self) -> &[usize] {
        &self.packages
    }

    pub fn points(&self) -> &[(f64, f64)] {
        &self.points
    }

    /// The Nash package, if any package is acceptable to both.
    pub fn nash(&self) -> Option<usize> {
        self.nash
    }

    /// Euclidean distance from a point of the utility plane to the nearest
    /// Pareto-optimal outcome (the frontier as a set of outcomes, as NegMAS
    /// measures it, not the segments between them).
    pub fn distance(&self, point: (f64, f64)) -> f64 {
        self.points
            .iter()
            .map(|q| distance(point, *q))
            .fold(f64::INFINITY, f64::min)
    }
}

/// The Nash bargaining solution over the domain's packages: the one that
/// maximises (uA − rA)(uB − rB) among those at or above both reservation
/// values (ties: lowest index). `None` when no package is acceptable to
/// both.
pub fn nash(space: &Space) -> Option<usize> {
    let (ra, rb) = space.disagreement();
    let mut best: Option<(f64, usize)> = None;
    for p in 0..space.len() {
        let (ua, ub) = space.point(p);
        if ua < ra || ub < rb {
            continue;
        }
        let product = (ua - ra) * (ub - rb);
        if best.is_none_or(|(b, _)| product > b) {
            best = Some((product, p));
        }
    }
    best.map(|(_, p)| p)
}

pub fn distance(a: (f64, f64), b: (f64, f64)) -> f64 {
    libm::hypot(a.0 - b.0, a.1 - b.1)
}

/// Where a negotiation ended in the utility plane: the agreement, or the
/// disagreement point (both reservation values), as NegMAS scores it.
pub fn outcome_point(space: &Space, n: &Negotiation) -> (f64, f64) {
    n.agreement.map_or(space.disagreement(), |p| space.point(p))
}

/// The field's measures over a batch of negotiations. Disagreements count
/// at the disagreement point and with all the rounds they used.
#[derive(Clone, Debug, PartialEq)]
pub struct Summary {
    pub negotiations: usize,
    pub agreements: usize,
    pub mean_rounds: f64,
    pub mean_utility: (f64, f64),
    /// `None` when the domain has no Nash point.
    pub mean_nash_distance: Option<f64>,
    pub mean_pareto_distance: f64,
}

impl Summary {
    pub fn new(space: &Space, frontier: &Frontier, results: &[Negotiation]) -> Summary {
        let n = results.len().max(1) as f64;
        let nash = frontier.nash().map(|p| space.point(p));
        let (mut rounds, mut ua, mut ub, mut dn, mut dp) = (0.0, 0.0, 0.0, 0.0, 0.0);
        for r in results {
            let point = outcome_point(space, r);
            rounds += r.rounds as f64;
            ua += point.0;
            ub += point.1;
            dn += nash.map_or(0.0, |q| distance(point, q));
            dp += frontier.distance(point);
        }
        Summary {
            negotiations: results.len(),
            agreements: results.iter().filter(|r| r.agreement.is_some()).count(),
            mean_rounds: rounds / n,
            mean_utility: (ua / n, ub / n),
            mean_nash_distance: nash.map(|_| dn / n),
            mean_pareto_distance: dp / n,
        }
    }

    pub fn agreement_rate(&self) -> f64 {
        self.agreements as f64 / self.negotiations.max(1) as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiny() -> Space {
        Space::new(
            [
                vec![vec![0.0, 0.6], vec![0.0, 0.1, 0.4]],
                vec![vec![0.5, 0.0], vec![0.5, 0.2, 0.0]],
            ],
            [0.0, 0.0],
        )
        .unwrap()
    }

    #[test]
    fn index_and_package_round_trip() {
        let s = tiny();
        assert_eq!(s.len(), 6);
        for i in 0..s.len() {
            assert_eq!(s.index(&s.package(i)), Some(i));
        }
        // First issue most significant.
        assert_eq!(s.package(4), vec![1, 1]);
        assert_eq!(s.index(&[2, 0]), None);
        assert_eq!(s.index(&[0]), None);
    }

    #[test]
    fn ladder_finds_the_lowest_package_at_or_above() {
        let s = tiny();
        let l = Ladder::new(&s, Side::A);
        // uA: [0, 0.1, 0.4, 0.6, 0.7, 1.0] for indices 0..6.
        assert_eq!(l.lowest_at_least(0.35), 2);
        assert_eq!(l.lowest_at_least(0.4), 2);
        assert_eq!(l.lowest_at_least(2.0), 5);
        assert_eq!(l.lowest_at_least(-1.0), 0);
    }

    #[test]
    fn refuses_what_it_cannot_enumerate() {
        assert_eq!(
            Space::new([vec![], vec![]], [0.0, 0.0]).err(),
            Some(SpaceError::NoIssues)
        );
        assert_eq!(
            Space::new([vec![vec![0.0]], vec![vec![0.0, 1.0]]], [0.0, 0.0]).err(),
            Some(SpaceError::Shape)
        );
        let wide = vec![vec![0.0; 200]; 4];
        assert_eq!(
            Space::new([wide.clone(), wide], [0.0, 0.0]).err(),
            Some(SpaceError::TooLarge)
        );
    }
}
