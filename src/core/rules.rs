//! Conditions and effects in their checked form: every id is an index into
//! the scenario, so evaluating a rule never looks a name up.

use crate::core::ids::{Delegation, DelegationSet, Season, Track};
use crate::core::scenario::Package;
use crate::core::world::World;

/// A test on the world (and, inside a redline, on a package).
#[derive(Clone, Debug, PartialEq)]
pub enum Condition {
    All(Vec<Condition>),
    Any(Vec<Condition>),
    Not(Box<Condition>),
    TurnAtLeast(u32),
    TurnAtMost(u32),
    Season(Season),
    Month(u8),
    TrackAtLeast(Track, i32),
    TrackAtMost(Track, i32),
    TrustAtLeast(Delegation, Delegation, i32),
    TrustAtMost(Delegation, Delegation, i32),
    DomesticAtLeast(Delegation, i32),
    Flag(usize),
    CardPlayed(usize),
    Variant(usize),
    /// (issue, option) on the table.
    OnTable(usize, usize),
    /// (issue, bit mask of options) in the package being judged.
    Package(usize, u64),
    Human(Delegation),
}

/// A change to the game.
#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    Move(Track, i32),
    Set(Track, i32),
    Trust(Delegation, Delegation, i32),
    Domestic(Delegation, i32),
    SetFlag(usize),
    ClearFlag(usize),
    Capital(Delegation, i32),
    Batna(Delegation, i32),
    Concession(Delegation, i32),
    Utility(Delegation, usize, usize, i32),
    Reveal(Delegation, Delegation),
    Table(Delegation, Package),
}

/// What a condition can see.
pub struct RuleCtx<'a> {
    pub world: &'a World,
    pub turn: u32,
    pub month: u8,
    pub variant: Option<usize>,
    pub cards_played: &'a [bool],
    /// Packages currently on the table.
    pub table: &'a [&'a Package],
    pub humans: DelegationSet,
    /// The package being judged, inside a redline.
    pub package: Option<&'a Package>,
}

impl Condition {
    pub fn holds(&self, c: &RuleCtx<'_>) -> bool {
        match self {
            Condition::All(v) => v.iter().all(|x| x.holds(c)),
            Condition::Any(v) => v.iter().any(|x| x.holds(c)),
            Condition::Not(x) => !x.holds(c),
            Condition::TurnAtLeast(n) => c.turn >= *n,
            Condition::TurnAtMost(n) => c.turn <= *n,
            Condition::Season(s) => Season::of_month(c.month) == *s,
            Condition::Month(m) => c.month == *m,
            Condition::TrackAtLeast(t, v) => c.world.track(*t) >= *v,
            Condition::TrackAtMost(t, v) => c.world.track(*t) <= *v,
            Condition::TrustAtLeast(a, b, v) => c.world.trust(*a, *b) >= *v,
            Condition::TrustAtMost(a, b, v) => c.world.trust(*a, *b) <= *v,
            Condition::DomesticAtLeast(d, v) => c.world.domestic(*d) >= *v,
            Condition::Flag(f) => c.world.flag(*f),
            Condition::CardPlayed(i) => c.cards_played.get(*i).copied().unwrap_or(false),
            Condition::Variant(v) => c.variant == Some(*v),
            Condition::OnTable(i, o) => c.table.iter().any(|p| p.option(*i) == *o),
            Condition::Package(i, mask) => c
                .package
                .is_some_and(|p| mask & (1u64 << p.option(*i).min(63)) != 0),
            Condition::Human(d) => c.humans.contains(*d),
        }
    }

    /// The tests in the condition that do not look at a package, in the
    /// order they are written (All, Any and Not looked through): what
    /// [`Self::signature_of`] asks the world, kept flat so that asking
    /// walks no tree.
    pub fn world_tests(&self) -> Vec<Condition> {
        fn walk(c: &Condition, out: &mut Vec<Condition>) {
            match c {
                Condition::All(v) | Condition::Any(v) => v.iter().for_each(|x| walk(x, out)),
                Condition::Not(x) => walk(x, out),
                Condition::Package(..) => {}
                leaf => out.push(leaf.clone()),
            }
        }
        let mut out = Vec::new();
        walk(self, &mut out);
        out
    }

    /// What the world says to each of `tests` ([`Self::world_tests`]), one
    /// bit each; `None` past 64 tests. A condition compiles to the same
    /// [`Self::for_packages`] in two worlds with the same signature, so a
    /// compiled redline can be kept while its signature holds.
    pub fn signature_of(tests: &[Condition], c: &RuleCtx<'_>) -> Option<u64> {
        if tests.len() > 64 {
            return None;
        }
        let mut sig = 0u64;
        for (bit, t) in tests.iter().enumerate() {
            if t.holds(c) {
                sig |= 1 << bit;
            }
        }
        Some(sig)
    }

    /// Whether the condition looks at a package (so it only makes sense in
    /// a redline).
    pub fn mentions_package(&self) -> bool {
        self.any_test(&|t| matches!(t, Condition::Package(..)))
    }

    /// Whether `f` holds for some test in the condition (All, Any and Not
    /// are looked through).
    pub fn any_test(&self, f: &impl Fn(&Condition) -> bool) -> bool {
        match self {
            Condition::All(v) | Condition::Any(v) => v.iter().any(|x| x.any_test(f)),
            Condition::Not(x) => x.any_test(f),
            test => f(test),
        }
    }
}

/// A redline with the world already decided: what is left is a test on the
/// package alone, so an AI can check thousands of packages without looking
/// at the world again.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PackageRule {
    Always,
    Never,
    /// The option on this issue is in the mask.
    In(usize, u64),
    All(Vec<PackageRule>),
    Any(Vec<PackageRule>),
    Not(Box<PackageRule>),
}

impl Condition {
    /// Decide every part of the condition that does not look at the
    /// package (with `ctx.package` ignored).
    pub fn for_packages(&self, c: &RuleCtx<'_>) -> PackageRule {
        use PackageRule as R;
        match self {
            Condition::Package(i, mask) => R::In(*i, *mask),
            Condition::All(v) => {
                let mut parts = Vec::new();
                for x in v {
                    match x.for_packages(c) {
                        R::Never => return R::Never,
                        R::Always => {}
                        r => parts.push(r),
                    }
                }
                match parts.len() {
                    0 => R::Always,
                    1 => parts.pop().unwrap_or(R::Always),
                    _ => R::All(parts),
                }
            }
            Condition::Any(v) => {
                let mut parts = Vec::new();
                for x in v {
                    match x.for_packages(c) {
                        R::Always => return R::Always,
                        R::Never => {}
                        r => parts.push(r),
                    }
                }
                match parts.len() {
                    0 => R::Never,
                    1 => parts.pop().unwrap_or(R::Never),
                    _ => R::Any(parts),
                }
            }
            Condition::Not(x) => match x.for_packages(c) {
                R::Always => R::Never,
                R::Never => R::Always,
                r => R::Not(Box::new(r)),
            },
            other => {
                if other.holds(c) {
                    R::Always
                } else {
                    R::Never
                }
            }
        }
    }
}

impl PackageRule {
    /// Whether the rule holds for a package whose first options are
    /// `options` (it must only look at those).
    pub fn holds(&self, options: &[u8]) -> bool {
        match self {
            PackageRule::All(v) => v.iter().all(|x| x.holds_here(options)),
            PackageRule::Any(v) => v.iter().any(|x| x.holds_here(options)),
            other => other.holds_here(options),
        }
    }

    /// [`Self::holds`], with the leaves decided here rather than by
    /// another call: a compiled redline is mostly a few option tests under
    /// one `All`, and the AI's offer search asks at every node.
    #[inline]
    fn holds_here(&self, options: &[u8]) -> bool {
        match self {
            PackageRule::Always => true,
            PackageRule::Never => false,
            PackageRule::In(i, mask) => options
                .get(*i)
                .is_some_and(|o| mask & (1u64 << (*o).min(63)) != 0),
            PackageRule::Not(x) => !x.holds_here(options),
            nested => nested.holds(options),
        }
    }

    /// The last issue the rule looks at: once it is set, the rule is
    /// decided. `None` when it looks at no issue.
    pub fn last_issue(&self) -> Option<usize> {
        match self {
            PackageRule::Always | PackageRule::Never => None,
            PackageRule::In(i, _) => Some(*i),
            PackageRule::All(v) | PackageRule::Any(v) => {
                v.iter().filter_map(|x| x.last_issue()).max()
            }
            PackageRule::Not(x) => x.last_issue(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::ids::Track;

    /// Two worlds that give a condition's world tests the same answers
    /// compile it to the same package rule (what lets the AI keep a
    /// compiled redline), and past 64 tests there is no signature.
    #[test]
    fn same_signature_same_compiled_rule() {
        let scenario = match crate::builtin::builtin("riyadh-2025") {
            Some(Ok(s)) => s,
            _ => panic!("riyadh-2025 does not load"),
        };
        let mut world = World::new(&scenario);
        let leaf = |k: i32| Condition::TrackAtLeast(Track::ALL[k as usize % Track::COUNT], k - 3);
        let conds = [
            Condition::All(vec![
                Condition::Package(0, 0b11),
                leaf(1),
                Condition::Not(Box::new(Condition::Any(vec![
                    leaf(2),
                    Condition::TurnAtLeast(3),
                ]))),
            ]),
            Condition::Any(vec![Condition::Month(5), Condition::Package(1, 1), leaf(0)]),
            Condition::All(vec![
                Condition::Any(vec![leaf(4), Condition::Package(2, 1)]),
                Condition::Not(Box::new(Condition::Package(3, 2))),
            ]),
            Condition::All((0..64).map(leaf).collect()),
            Condition::Package(2, 4),
        ];
        let many = Condition::All((0..70).map(leaf).collect());
        // Per condition: (signature, compiled rule) in every world tried.
        let mut seen: Vec<Vec<(u64, PackageRule)>> = vec![Vec::new(); conds.len()];
        for (turn, shift) in (1..6).flat_map(|t| (0..11).map(move |k| (t, k))) {
            // A different world each time, so the tests come out both ways.
            world.tracks =
                std::array::from_fn(|i| (i as i32 * 7 + shift * 3 + turn as i32) % 11 - 5);
            let ctx = RuleCtx {
                world: &world,
                turn,
                month: turn as u8,
                variant: None,
                cards_played: &[],
                table: &[],
                humans: DelegationSet::EMPTY,
                package: None,
            };
            assert_eq!(Condition::signature_of(&many.world_tests(), &ctx), None);
            for (c, seen) in conds.iter().zip(&mut seen) {
                let Some(sig) = Condition::signature_of(&c.world_tests(), &ctx) else {
                    panic!("no signature for {c:?}");
                };
                let rule = c.for_packages(&ctx);
                if let Some((_, before)) = seen.iter().find(|(s, _)| *s == sig) {
                    assert_eq!(*before, rule, "{c:?} under signature {sig:b}");
                }
                seen.push((sig, rule));
            }
        }
        // The worlds tried answer the tests both ways: the first three
        // conditions each met more than one signature.
        for (c, seen) in conds.iter().zip(&seen).take(3) {
            assert!(
                seen.iter().any(|(s, _)| *s != seen[0].0),
                "{c:?} only ever met one world"
            );
        }
    }
}
