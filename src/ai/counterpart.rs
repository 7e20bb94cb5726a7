//! The AI delegations at the table: they answer every package, counter with
//! their own, and pull their levers by doctrine. This maps the game onto the
//! generic engine in [`super::negotiation`].

use super::negotiation::{self, Bp, Domain, FrequencyModel, FrontierScratch};
use crate::core::action::COST_TABLE;
use crate::core::dice::Difficulty;
use crate::core::game::Game;
use crate::core::game::WALK_BACK_COST;
use crate::core::ids::{Delegation, DelegationSet};
use crate::core::news::{Answer, NewsItem, Reason, Reasons};
use crate::core::rules::{Condition, PackageRule};
use crate::core::scenario::{Package, Scenario};
use std::borrow::Cow;
use std::sync::Arc;

/// What each delegation's AI has learned about the others.
///
/// Everything said or tabled at the table is seen by all, so each
/// delegation's public record is one model shared by every observer;
/// what an observer alone has learned (a priority a back-channel gave
/// away) is kept beside it as extra issue weight. [`Self::model`] puts the
/// two together: the model of `about` as `observer` knows it.
#[derive(Clone, Debug)]
pub struct AiState {
    pub domain: Domain,
    /// public[about]
    public: [FrequencyModel; 4],
    /// private[observer][about]: extra weight per issue (empty: none).
    private: [[Vec<u32>; 4]; 4],
    /// known[observer]: (about, redline index), learned at the table or
    /// through back-channels, in the order learned.
    known: [Vec<(Delegation, usize)>; 4],
    /// How many redlines have been learned in all.
    learned: usize,
    /// Working memory kept from month to month so that a month allocates
    /// little; nothing in it is game state or changes a decision.
    work: Work,
}

/// The AI's reusable working memory: last month's views (their tables
/// and search buffers) and the redlines compiled for the present world.
#[derive(Clone, Debug, Default)]
struct Work {
    views: Vec<View>,
    rules: Memo,
    /// Who must sign each package on the table, by position.
    signers: Vec<DelegationSet>,
}

/// What the AI has worked out and may use again: redlines compiled for the
/// present world, and the opponent models' estimates.
///
/// Redlines compiled for the present world ([`Condition::for_packages`]),
/// shared by the views of one month's play. Within it only the table
/// moves (a package tabled), so an entry is good for the month's play
/// (`generation`) if its redline never looks at the table, else while no
/// package has been tabled since (`next_proposal` unchanged). After that,
/// an entry is still good while the world gives every test in the redline
/// the same answer (its [`Condition::signature_of`]): most months move
/// no track across a redline's thresholds, and compiling builds a tree.
/// A fresh cache compiles everything anew.
#[derive(Clone, Debug, Default)]
struct Memo {
    generation: u64,
    /// Per delegation, per redline.
    rules: [Vec<Option<Compiled>>; 4],
    /// Per delegation, its public model's estimate of every option, as of
    /// the model's `version` (weighted by issue, or not): every observer
    /// reads the same public record, and it changes only when that
    /// delegation tables, answers or speaks.
    estimates: [Option<Estimate>; 4],
}

#[derive(Clone, Debug)]
struct Estimate {
    version: u64,
    weighted: bool,
    table: Vec<i64>,
}

#[derive(Clone, Debug)]
struct Compiled {
    generation: u64,
    /// `Some(next_proposal)` when compiled if the redline looks at the
    /// table.
    table: Option<u32>,
    /// The world's answers to the redline's tests when compiled, and
    /// those tests ([`Condition::world_tests`]).
    signature: Option<u64>,
    tests: Vec<Condition>,
    /// The redline has no test but on the package: compiled for good.
    settled: bool,
    /// Shared with the views and offer rules that use it.
    rule: Arc<PackageRule>,
}

impl Memo {
    /// Redline `r` of `d` with the world decided, as it would be compiled
    /// now; `None` if there is no such redline.
    #[inline]
    fn compiled(&mut self, g: &Game, d: Delegation, r: usize) -> Option<&Arc<PackageRule>> {
        let stamp = g.next_proposal;
        let generation = self.generation;
        // Most calls find the rule already compiled: for good (a redline
        // that tests only the package compiles the same in any world — the
        // month, the table…), or for this month's play. Those are answered
        // here, in the caller; the rest below.
        let fresh = |c: &Compiled| {
            c.settled || (c.generation == generation && c.table.is_none_or(|t| t == stamp))
        };
        if let Some(Some(c)) = self.rules[d.index()].get(r) {
            if fresh(c) {
                return self.rules[d.index()][r].as_ref().map(|c| &c.rule);
            }
        }
        self.compile(g, d, r)
    }

    /// [`Self::compiled`] for a redline not compiled for this moment yet.
    #[inline(never)]
    fn compile(&mut self, g: &Game, d: Delegation, r: usize) -> Option<&Arc<PackageRule>> {
        let stamp = g.next_proposal;
        let generation = self.generation;
        let redline = g.profile(d).redlines.get(r)?;
        let slots = &mut self.rules[d.index()];
        if slots.len() <= r {
            slots.resize(r + 1, None);
        }
        // Only a redline that looks at the table needs the packages on
        // it (a list to build).
        let looks = match &slots[r] {
            Some(c) => c.table.is_some(),
            None => redline
                .forbid
                .any_test(&|t| matches!(t, Condition::OnTable(..))),
        };
        let table = if looks {
            g.table_packages()
        } else {
            Vec::new()
        };
        let ctx = g.ctx(&table, None);
        let table = looks.then_some(stamp);
        match &mut slots[r] {
            Some(c) => {
                let signature = Condition::signature_of(&c.tests, &ctx);
                if signature.is_none() || signature != c.signature {
                    // The world moved but the rule may come out the same:
                    // then the same `Arc`, so that what was built from it
                    // (offer rules) can be kept.
                    let rule = redline.forbid.for_packages(&ctx);
                    if *c.rule != rule {
                        c.rule = Arc::new(rule);
                    }
                    c.signature = signature;
                }
                c.generation = generation;
                c.table = table;
            }
            slot => {
                let tests = redline.forbid.world_tests();
                *slot = Some(Compiled {
                    generation,
                    table,
                    signature: Condition::signature_of(&tests, &ctx),
                    tests,
                    settled: !redline
                        .forbid
                        .any_test(&|t| !matches!(t, Condition::Package(..))),
                    rule: Arc::new(redline.forbid.for_packages(&ctx)),
                })
            }
        }
        slots[r].as_ref().map(|c| &c.rule)
    }
}

/// (time, horizon, exponent): the arguments of [`negotiation::concession`].
type ConcessionKey = (u32, u32, u32);

thread_local! {
    /// Concession factors already worked out on this thread, by their
    /// arguments (a slot per hash): every game of a batch asks for the same
    /// few, and the power is the slowest arithmetic of a month. A pure
    /// function's exact values, so a game is the same with or without it.
    static FACTORS: std::cell::RefCell<[Option<(ConcessionKey, f64)>; 256]> =
        const { std::cell::RefCell::new([None; 256]) };
}

/// [`negotiation::concession`] for these arguments, from [`FACTORS`] when
/// it is there.
fn concession_factor(t: u32, h: u32, e: u32) -> f64 {
    let key = (t, h, e);
    let slot = (t.wrapping_mul(31) ^ h.wrapping_mul(7) ^ e.wrapping_mul(131)) as usize % 256;
    FACTORS.with_borrow_mut(|memo| match memo[slot] {
        Some((k, f)) if k == key => f,
        _ => {
            let f = negotiation::concession(t, h, e);
            memo[slot] = Some((key, f));
            f
        }
    })
}

impl AiState {
    pub fn new(s: &Scenario) -> AiState {
        let domain = Domain {
            options: s.issues.iter().map(|i| i.options.len()).collect(),
        };
        let m = FrequencyModel::new(&domain);
        AiState {
            public: std::array::from_fn(|_| m.clone()),
            private: Default::default(),
            domain,
            known: Default::default(),
            learned: 0,
            work: Work::default(),
        }
    }

    /// A package tabled in public: everyone learns from it.
    pub fn observe_offer(&mut self, by: Delegation, p: &Package) {
        self.public[by.index()].observe(&p.0, 2);
    }

    pub fn observe_answer(&mut self, by: Delegation, p: &Package, accept: bool) {
        if accept {
            self.public[by.index()].observe(&p.0, 1);
        }
    }

    /// What an explained no says out loud: the issues that cost most
    /// matter to the speaker, and the change it asks for is an option it
    /// values.
    pub fn observe_reasons(&mut self, by: Delegation, reasons: &[Reason]) {
        let m = &mut self.public[by.index()];
        for r in reasons {
            match r {
                Reason::Costs { issue, .. } => m.add_weight(*issue as usize, 3),
                Reason::WouldAcceptWith { changes } => {
                    for (i, o) in changes {
                        m.add_count(*i as usize, *o as usize, 2);
                    }
                }
                _ => {}
            }
        }
    }

    /// A public statement: the option counts as offered, the issue as important.
    pub fn observe_statement(&mut self, by: Delegation, issue: usize, option: usize) {
        let m = &mut self.public[by.index()];
        m.add_count(issue, option, 4);
        m.learn_priority(issue);
    }

    /// `observer` alone learned that `issue` matters most to `about`.
    pub fn learn_priority(&mut self, observer: Delegation, about: Delegation, issue: usize) {
        if issue >= self.domain.options.len() {
            return;
        }
        let extra = &mut self.private[observer.index()][about.index()];
        extra.resize(self.domain.options.len(), 0);
        extra[issue] += negotiation::PRIORITY_WEIGHT;
    }

    /// The model of `about` as `observer` knows it: the public record and
    /// what `observer` learned in private.
    pub fn model(&self, observer: Delegation, about: Delegation) -> Cow<'_, FrequencyModel> {
        let public = &self.public[about.index()];
        let extra = &self.private[observer.index()][about.index()];
        if extra.is_empty() {
            return Cow::Borrowed(public);
        }
        let mut m = public.clone();
        for (i, k) in extra.iter().enumerate() {
            m.add_weight(i, *k);
        }
        Cow::Owned(m)
    }

    pub fn learn_redline(&mut self, observer: Delegation, about: Delegation, index: usize) {
        let known = &mut self.known[observer.index()];
        if !known.contains(&(about, index)) {
            known.push((about, index));
            self.learned += 1;
        }
    }

    /// The redlines `observer` knows: (whose, index), in the order learned.
    pub fn known_redlines(&self, observer: Delegation) -> &[(Delegation, usize)] {
        &self.known[observer.index()]
    }
}

/// How hard a delegation bargains now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stance {
    pub batna: Bp,
    pub target: Bp,
    /// The target a month from now, for AC_next.
    pub next_target: Bp,
    pub max: Bp,
}

/// The concession exponent of `d` now, in hundredths, after difficulty:
/// easy opponents concede sooner, hard ones hold out longer.
fn exponent(g: &Game, d: Delegation) -> u32 {
    let e = g.concession[d.index()];
    match g.setup.difficulty {
        Difficulty::Easy => e * 3 / 2 + 20,
        Difficulty::Normal => e,
        Difficulty::Hard => e * 7 / 10,
    }
}

/// The month by which a delegation is ready to settle at its BATNA: the
/// deadline, except on easy, where the AI behaves as if time ran out at
/// half-time — so a player meets a deal-ready opponent in mid-game.
fn horizon(g: &Game) -> u32 {
    let t = g.scenario.turns;
    match g.setup.difficulty {
        Difficulty::Easy => (t / 2).max(1),
        Difficulty::Normal | Difficulty::Hard => t,
    }
}

/// The target utility of `d` at this point of the talks: the time-dependent
/// tactic, from its best package down to its BATNA at the deadline. The
/// BATNA is read from the world every time, so pressure moves it.
pub fn stance(g: &Game, d: Delegation) -> Stance {
    let max = g.prefs[d.index()].max();
    stance_with(g, d, max)
}

/// [`stance`] with the best utility `max` already known.
fn stance_with(g: &Game, d: Delegation, max: Bp) -> Stance {
    let batna = g.batna(d);
    let e = exponent(g, d);
    let h = horizon(g);
    let at = |t: u32| {
        if max <= batna {
            batna
        } else {
            negotiation::target_at(batna, max, concession_factor(t, h, e))
        }
    };
    let target = at(g.turn.min(h));
    let next_target = at((g.turn + 1).min(h));
    Stance {
        batna,
        target,
        next_target,
        max,
    }
}

/// How one delegation sees packages at this moment: its utilities with the
/// cost of walking back its own statements folded in (that cost is per
/// issue, so the table stays additive), its redlines with the world already
/// decided, and its stance. Built once per decision so that judging or
/// searching thousands of packages never looks at the world again.
#[derive(Clone, Debug)]
pub struct View {
    pub d: Delegation,
    /// Own utilities, basis points, flat: issue `i`'s options are
    /// `own[off[i]..off[i + 1]]`.
    own: Vec<Bp>,
    off: Vec<usize>,
    /// Options per issue.
    widths: Vec<usize>,
    /// The best own utility on each issue.
    row_max: Vec<Bp>,
    /// (delegation, the game's `tables_moved`) when `own`, `off`,
    /// `widths` and `row_max` were built.
    table_for: Option<(Delegation, u32)>,
    /// A package being changed, for explanations.
    q: Vec<u8>,
    /// For explanations: per issue, the own utility of the package's
    /// option and what the best option would add.
    cur: Vec<Bp>,
    gain: Vec<Bp>,
    /// (index of the redline in the profile, what it forbids now).
    redlines: Vec<(usize, Flat)>,
    pub stance: Stance,
    /// Own utility of the package `d` would offer next month (AC_next),
    /// found on first need.
    next_offer: Option<Option<Bp>>,
    /// What an offer must avoid — our redlines and the others' that we
    /// know — and how many redlines were known when it was built (`None`:
    /// not built yet). Rebuilt when we learn a redline.
    offer_rules: OfferRules,
    rules_for: Option<usize>,
    /// The offer search's buffers and objective, reused.
    scratch: FrontierScratch,
    obj: Vec<i64>,
}

impl View {
    pub fn new(g: &Game, d: Delegation) -> View {
        let mut v = View::empty(d);
        v.rebuild(g, d, &mut Memo::default());
        v
    }

    fn empty(d: Delegation) -> View {
        View {
            d,
            own: Vec::new(),
            off: Vec::new(),
            widths: Vec::new(),
            row_max: Vec::new(),
            table_for: None,
            q: Vec::new(),
            cur: Vec::new(),
            gain: Vec::new(),
            redlines: Vec::new(),
            stance: Stance {
                batna: 0,
                target: 0,
                next_target: 0,
                max: 0,
            },
            next_offer: None,
            offer_rules: OfferRules::default(),
            rules_for: None,
            scratch: FrontierScratch::default(),
            obj: Vec::new(),
        }
    }

    /// The view of `d` now, in this view's buffers.
    fn rebuild(&mut self, g: &Game, d: Delegation, rules: &mut Memo) {
        self.d = d;
        // The utility table moves only with a card that changes someone's
        // preferences or with a statement: most months it is last month's.
        let stamp = (d, g.tables_moved);
        if self.table_for != Some(stamp) {
            self.table_for = Some(stamp);
            self.rebuild_table(g, d);
        }
        // The redlines that can still bite in the present world. Most are
        // last month's rules (the memo keeps a rule while it comes out the
        // same): those entries are kept rather than cloned again, since
        // sharing an `Arc` costs an atomic increment and its release a
        // decrement.
        let mut k = 0;
        for r in 0..g.profile(d).redlines.len() {
            if let Some(rule) = rules.compiled(g, d, r) {
                if **rule == PackageRule::Never {
                    continue;
                }
                match self.redlines.get_mut(k) {
                    Some((i, kept)) if *i == r && Arc::ptr_eq(&kept.rule, rule) => {}
                    Some(slot) => *slot = (r, Flat::new(rule)),
                    None => self.redlines.push((r, Flat::new(rule))),
                }
                k += 1;
            }
        }
        self.redlines.truncate(k);
        // Walking back a statement costs only options below the one stated,
        // never an issue's best, so the best package is worth the sum of
        // the rows' maxima.
        self.stance = stance_with(g, d, self.row_max.iter().sum());
        self.next_offer = None;
        self.rules_for = None;
    }

    /// The own utility table of `d` now: its preferences, less the cost
    /// of walking back its statements, and each issue's best.
    fn rebuild_table(&mut self, g: &Game, d: Delegation) {
        let prefs = &g.prefs[d.index()];
        let n = prefs.table.len();
        self.own.clear();
        self.off.clear();
        self.widths.clear();
        // A game's first view allocates once for each table, not per row.
        self.own.reserve(prefs.table.iter().map(Vec::len).sum());
        self.off.reserve(n + 1);
        self.widths.reserve(n);
        self.row_max.reserve(n);
        for row in &prefs.table {
            self.off.push(self.own.len());
            self.widths.push(row.len());
            self.own.extend_from_slice(row);
        }
        self.off.push(self.own.len());
        for st in g.statements.iter().filter(|st| st.by == d) {
            let i = st.issue as usize;
            let Some(row) = prefs.table.get(i) else {
                continue;
            };
            let stated = row.get(st.option as usize).copied().unwrap_or(0);
            for (u, p) in self.own[self.off[i]..self.off[i + 1]].iter_mut().zip(row) {
                if *p < stated {
                    *u -= WALK_BACK_COST;
                }
            }
        }
        self.row_max.clear();
        for i in 0..self.widths.len() {
            let m = self.own[self.off[i]..self.off[i + 1]]
                .iter()
                .copied()
                .max()
                .unwrap_or(0);
            self.row_max.push(m);
        }
    }

    /// Issue `i`'s row of own utilities, one per option.
    fn row(&self, i: usize) -> &[Bp] {
        &self.own[self.off[i]..self.off[i + 1]]
    }

    /// How many issues.
    fn issues(&self) -> usize {
        self.widths.len()
    }

    /// Build the rules an offer must pass, if not yet built or if we have
    /// learned a redline since. Kept from month to month while they come
    /// from the same compiled redlines (the memo keeps a redline's rule
    /// while the world gives its tests the same answers): filing them is
    /// most of the cost, and they rarely change.
    fn refresh_offer_rules(&mut self, g: &Game, cache: &mut Memo) {
        let learned = g.ai.learned;
        if self.rules_for == Some(learned) {
            return;
        }
        self.rules_for = Some(learned);
        let (d, n) = (self.d, self.issues());
        let View {
            redlines,
            offer_rules: rules,
            ..
        } = self;
        // The rules filed last time (`sources`, so a rule still there cannot
        // share an address with a new one) are most often the first ones
        // now, in the same order: then only the new ones, after them (learned
        // redlines come last), are filed, in this one pass. If one has
        // changed or gone, everything is filed again: offers are held to
        // every rule, in any order.
        let mut same = rules.built && rules.allowed.len() == n;
        let mut k = 0;
        each_offer_rule(redlines, g, d, cache, |rule| {
            if same {
                match rules.sources.get(k) {
                    Some(s) => same = Arc::ptr_eq(s, rule),
                    None => {
                        rules.sources.push(Arc::clone(rule));
                        if !rules.file(rule, n) {
                            rules.possible = false;
                        }
                    }
                }
            }
            k += 1;
        });
        if same && k == rules.sources.len() {
            return;
        }
        rules.built = true;
        rules.sources.clear();
        rules.allowed.clear();
        rules.allowed.resize(n, u64::MAX);
        rules.by_issue.resize_with(n, Vec::new);
        for v in rules.by_issue.iter_mut() {
            v.clear();
        }
        rules.possible = true;
        each_offer_rule(redlines, g, d, cache, |rule| {
            rules.sources.push(Arc::clone(rule));
            if !rules.file(rule, n) {
                rules.possible = false;
            }
        });
    }

    pub fn utility(&self, p: &[u8]) -> Bp {
        self.widths
            .iter()
            .zip(&self.off)
            .zip(p)
            .map(|((w, a), o)| {
                let o = *o as usize;
                if o < *w { self.own[a + o] } else { 0 }
            })
            .sum()
    }

    /// The first redline the package crosses (index into the profile).
    pub fn redline(&self, p: &[u8]) -> Option<usize> {
        self.redlines
            .iter()
            .find(|(_, r)| r.holds(p))
            .map(|(i, _)| *i)
    }

    /// The bar a package must clear to be signed on the target alone.
    fn bar(&self) -> Bp {
        self.stance.target.max(self.stance.batna)
    }

    fn next_offer_utility(&mut self, g: &Game, cache: &mut Memo) -> Option<Bp> {
        if let Some(v) = self.next_offer {
            return v;
        }
        let bar = self.stance.next_target.max(self.stance.batna);
        let v = best_offer_with(g, self, bar, cache).map(|p| self.utility(&p.0));
        self.next_offer = Some(v);
        v
    }
}

/// Every rule an offer of `d` must pass, in filing order: its own redlines,
/// then the others' that it knows.
fn each_offer_rule(
    redlines: &[(usize, Flat)],
    g: &Game,
    d: Delegation,
    cache: &mut Memo,
    mut f: impl FnMut(&Arc<PackageRule>),
) {
    for (_, r) in redlines {
        f(&r.rule);
    }
    for (about, r) in g.ai.known_redlines(d) {
        if let Some(rule) = cache.compiled(g, *about, *r) {
            f(rule);
        }
    }
}

/// The rules an offer must pass: a rule on a single issue becomes a mask of
/// the options left allowed there (checked before the search, for free);
/// the others are filed under the issue that decides them. Not
/// `possible` when some rule forbids every package.
#[derive(Clone, Debug, Default)]
pub struct OfferRules {
    allowed: Vec<u64>,
    by_issue: Vec<Vec<Flat>>,
    possible: bool,
    /// Every rule filed, in order (whether built at all: `built`).
    sources: Vec<Arc<PackageRule>>,
    built: bool,
}

/// A compiled rule, with its option tests beside it when it is a few of
/// them ("this territory and not that security", as most redlines come
/// out): the offer search, at every node, and the answers test those in
/// place.
#[derive(Clone, Debug)]
struct Flat {
    rule: Arc<PackageRule>,
    tests: Option<Tests>,
}

impl Flat {
    fn new(rule: &Arc<PackageRule>) -> Flat {
        Flat {
            rule: Arc::clone(rule),
            tests: Tests::of(rule),
        }
    }

    /// Whether the rule holds for a package starting with `partial`.
    #[inline]
    fn holds(&self, partial: &[u8]) -> bool {
        match &self.tests {
            Some(t) => t.hold(partial),
            None => self.rule.holds(partial),
        }
    }
}

/// Up to four option tests: issue, options (a bit each, the 64th standing
/// for any past it, as in [`PackageRule::In`]), and whether the package's
/// option must be among them or not.
#[derive(Clone, Copy, Debug, Default)]
struct Tests {
    n: usize,
    each: [(usize, u64, bool); 4],
}

impl Tests {
    /// The tests of a rule that is one test, one test negated, or all of a
    /// few such; `None` for any other rule.
    fn of(rule: &PackageRule) -> Option<Tests> {
        let mut t = Tests::default();
        let mut add = |r: &PackageRule| {
            let test = match r {
                PackageRule::In(i, m) => (*i, *m, true),
                PackageRule::Not(x) => match &**x {
                    PackageRule::In(i, m) => (*i, *m, false),
                    _ => return false,
                },
                _ => return false,
            };
            let Some(slot) = t.each.get_mut(t.n) else {
                return false;
            };
            *slot = test;
            t.n += 1;
            true
        };
        let ok = match rule {
            PackageRule::All(v) => v.iter().all(&mut add),
            r => add(r),
        };
        ok.then_some(t)
    }

    #[inline]
    fn hold(&self, partial: &[u8]) -> bool {
        self.each[..self.n].iter().all(|&(i, mask, want)| {
            partial
                .get(i)
                .is_some_and(|o| mask & (1u64 << (*o).min(63)) != 0)
                == want
        })
    }
}

impl OfferRules {
    /// File one rule that forbids an offer; false if it forbids every
    /// package.
    fn file(&mut self, rule: &Arc<PackageRule>, n: usize) -> bool {
        match (&**rule, rule.last_issue()) {
            (PackageRule::In(i, mask), _) if *i < n => self.allowed[*i] &= !mask,
            (_, Some(i)) if i < n => self.by_issue[i].push(Flat::new(rule)),
            (_, None) if **rule == PackageRule::Always => return false,
            _ => {}
        }
        true
    }
}

/// Judge a package as `d` would now, with its reasons.
pub fn judge(g: &Game, d: Delegation, p: &Package, proposal: u32) -> Answer {
    let mut view = View::new(g, d);
    judge_in(g, &mut view, p, proposal, true)
}

/// Judge with a view already built (the counterparts judge many packages
/// at once). Acceptance: no redline crossed, never below the BATNA, and at
/// least the target now or at least what our own next offer would give us
/// (AC_next). Without `explain`, only the verdict's own reason is given
/// (the costs and the smallest fix are worked out when someone will read
/// them).
pub fn judge_in(g: &Game, view: &mut View, p: &Package, proposal: u32, explain: bool) -> Answer {
    let mut answer = judge_with(g, view, p, proposal, &mut Memo::default());
    if explain {
        explain_answer(view, p, &mut answer);
    }
    answer
}

/// The verdict with only its own reason.
fn judge_with(g: &Game, view: &mut View, p: &Package, proposal: u32, cache: &mut Memo) -> Answer {
    let (accept, reason) = verdict(g, view, p, cache);
    answer(view.d, proposal, accept, reason)
}

/// An answer with only the verdict's own reason, and room for a no's whole
/// explanation: the verdict, two costs, the fix.
fn answer(by: Delegation, proposal: u32, accept: bool, reason: Reason) -> Answer {
    let mut reasons = Reasons::new();
    reasons.push(reason);
    Answer {
        by,
        proposal,
        accept,
        reasons,
    }
}

/// Whether `view` signs `p`, and the verdict's own reason: nothing built
/// on the heap, since most verdicts repeat last month's and are dropped.
#[inline]
fn verdict(g: &Game, view: &mut View, p: &Package, cache: &mut Memo) -> (bool, Reason) {
    let st = view.stance;
    if let Some(r) = view.redline(&p.0) {
        return (false, Reason::Redline { index: r as u8 });
    }
    let u = view.utility(&p.0);
    if u < st.batna {
        return (
            false,
            Reason::BelowBatna {
                utility: u,
                batna: st.batna,
            },
        );
    }
    if u >= st.target {
        return (
            true,
            Reason::GoodEnough {
                utility: u,
                target: st.target,
            },
        );
    }
    // Our next offer gives at least next month's target, so only a
    // package above that can match it: no search needed below.
    let next = if u >= st.next_target {
        view.next_offer_utility(g, cache)
    } else {
        None
    };
    match next {
        Some(n) if u >= n => (
            true,
            Reason::AsGoodAsOurNext {
                utility: u,
                next: n,
            },
        ),
        _ => (
            false,
            Reason::BelowTarget {
                utility: u,
                target: st.target,
            },
        ),
    }
}

/// Add the rest of the explanation to a verdict from [`judge_with`]: for
/// a no, the costs (unless a redline) and the smallest fix.
fn explain_answer(view: &mut View, p: &Package, answer: &mut Answer) {
    if answer.accept {
        return;
    }
    let mut q = std::mem::take(&mut view.q);
    let mut cur = std::mem::take(&mut view.cur);
    let mut gain = std::mem::take(&mut view.gain);
    gains(view, p, &mut cur, &mut gain);
    if !matches!(answer.reasons.first(), Some(Reason::Redline { .. })) {
        add_costs(&gain, p, &mut answer.reasons);
    }
    add_fix(view, (&mut q, &cur, &gain), p, &mut answer.reasons);
    (view.q, view.cur, view.gain) = (q, cur, gain);
}

/// Per issue, the own utility of the package's option (`cur`) and what
/// our best option there would add (`gain`, what the package loses).
fn gains(view: &View, p: &Package, cur: &mut Vec<Bp>, gain: &mut Vec<Bp>) {
    cur.clear();
    gain.clear();
    cur.extend(view.widths.iter().zip(&view.off).enumerate().map(
        |(i, (w, a))| match p.option(i) {
            o if o < *w => view.own[a + o],
            o => view.row(i)[o],
        },
    ));
    gain.extend(view.row_max.iter().zip(cur.iter()).map(|(m, c)| m - c));
}

/// The issues that cost `d` most against its best option on each, largest
/// first (two at most).
fn add_costs(gain: &[Bp], p: &Package, reasons: &mut Reasons) {
    let (top, k) = largest_losses::<2>(gain);
    for (loss, i) in &top[..k] {
        reasons.push(Reason::Costs {
            issue: *i as u8,
            option: p.option(*i) as u8,
            loss: *loss,
        });
    }
}

/// The `K` issues that lose most (`gain`: per issue, what our best option
/// would add), largest loss first, ties to the lower issue; only issues
/// that lose something.
fn largest_losses<const K: usize>(gain: &[Bp]) -> ([(Bp, usize); K], usize) {
    let mut top = [(0, 0); K];
    let mut k = 0;
    for (i, &loss) in gain.iter().enumerate() {
        if loss <= 0 {
            continue;
        }
        // Insert after every entry with a loss at least as large.
        let at = top[..k].iter().position(|(l, _)| *l < loss).unwrap_or(k);
        if at == K {
            continue;
        }
        let end = (k + 1).min(K);
        for m in (at + 1..end).rev() {
            top[m] = top[m - 1];
        }
        top[at] = (loss, i);
        k = end;
    }
    (top, k)
}

/// A change that turns a no into a yes: its utility and its first `n`
/// (issue, option) changes, `(utility, changes, n)`.
type Fix = (Bp, [(u8, u8); 2], usize);

/// The smallest change that turns this no into a yes: as few issues as
/// possible (one, else two), and among those the change that asks least —
/// the lowest utility that still clears the bar. Otherwise the issues that
/// would all have to move.
fn add_fix(
    view: &View,
    (q, cur, gain): (&mut Vec<u8>, &[Bp], &[Bp]),
    p: &Package,
    reasons: &mut Reasons,
) {
    let bar = view.bar();
    let n = view.issues();
    // What changing one issue to one option adds; utility is additive, so
    // a candidate's utility is known before the package is built, and only
    // candidates that clear the bar and beat the best so far are checked
    // against the redlines. An issue can add at most its gain (its best
    // option against the present one), so issues — and pairs of issues,
    // and options of one issue of a pair — whose gains cannot reach the bar
    // are skipped whole: most of the packages an AI turns down are far
    // from its bar.
    q.clear();
    q.extend_from_slice(&p.0);
    let base: Bp = cur.iter().sum();
    // The two largest gains: no pair can add more.
    let (mut g1, mut g2) = (0, 0);
    for &g in gain.iter() {
        if g > g1 {
            g2 = g1;
            g1 = g;
        } else if g > g2 {
            g2 = g;
        }
    }
    // The best so far: its utility and its one or two changes.
    let mut best: Option<Fix> = None;
    let improves =
        |u: Bp, best: &Option<Fix>| u >= bar && best.as_ref().is_none_or(|(b, _, _)| u < *b);
    if base + g1 >= bar {
        for i in 0..n {
            if base + gain[i] < bar {
                continue;
            }
            let (row, ci, pi) = (view.row(i), cur[i], p.option(i));
            for (o, v) in row.iter().enumerate() {
                let u = base + v - ci;
                if o == pi || !improves(u, &best) {
                    continue;
                }
                q[i] = o as u8;
                if view.redline(q).is_none() {
                    best = Some((u, [(i as u8, o as u8), (0, 0)], 1));
                }
            }
            q[i] = p.0[i];
        }
    }
    if best.is_none() && base + g1 + g2 >= bar {
        // Two issues: only pairs that can reach the bar are worth a look.
        for i in 0..n {
            let gi = gain[i];
            if base + gi + g1 < bar {
                continue;
            }
            let (row_i, ci, pi) = (view.row(i), cur[i], p.option(i));
            for j in i + 1..n {
                let gj = gain[j];
                if base + gi + gj < bar {
                    continue;
                }
                let (row_j, cj, pj) = (view.row(j), cur[j], p.option(j));
                for (o, vi) in row_i.iter().enumerate() {
                    let ui = base + vi - ci;
                    if o == pi || ui + gj < bar {
                        continue;
                    }
                    for (k, vj) in row_j.iter().enumerate() {
                        let u = ui + vj - cj;
                        if k == pj || !improves(u, &best) {
                            continue;
                        }
                        q[i] = o as u8;
                        q[j] = k as u8;
                        if view.redline(q).is_none() {
                            best = Some((u, [(i as u8, o as u8), (j as u8, k as u8)], 2));
                        }
                        q[i] = p.0[i];
                        q[j] = p.0[j];
                    }
                }
            }
        }
    }
    match best {
        Some((_, changes, k)) => reasons.push(Reason::WouldAcceptWith {
            changes: changes[..k].iter().copied().collect(),
        }),
        None => {
            // The issues furthest from what we need, largest loss first.
            let (top, k) = largest_losses::<3>(gain);
            reasons.push(Reason::NothingShort {
                issues: top[..k].iter().map(|(_, i)| *i as u8).collect(),
            });
        }
    }
}

/// How much the AI of `d` values another delegation's estimated utility
/// when it builds an offer: the two whose signatures every deal needs count
/// double, the others once. The US and Europe, who need neither side to
/// win, thereby table bridging packages between Kyiv and Moscow.
fn partner_weight(d: Delegation, other: Delegation) -> i64 {
    if other == d {
        0
    } else if matches!(other, Delegation::Ukraine | Delegation::Russia) {
        2
    } else {
        1
    }
}

/// The package `d` would table now at or above `target`.
pub fn best_offer(g: &Game, d: Delegation, target: Bp) -> Option<Package> {
    let mut view = View::new(g, d);
    best_offer_in(g, &mut view, target)
}

/// The package `d` would table: at or above `target`, clear of its own
/// redlines and of the others' redlines it knows, and as good as possible
/// for the others by its model of them — a point on the modelled Pareto
/// frontier, found exactly by [`negotiation::frontier_offer`].
///
/// On easy, the model is cruder: it knows which options the others asked
/// for but not which issues they hold fixed.
pub fn best_offer_in(g: &Game, view: &mut View, target: Bp) -> Option<Package> {
    best_offer_with(g, view, target, &mut Memo::default())
}

fn best_offer_with(g: &Game, view: &mut View, target: Bp, cache: &mut Memo) -> Option<Package> {
    view.refresh_offer_rules(g, cache);
    let d = view.d;
    let ai = &g.ai;
    let View {
        own,
        widths,
        offer_rules: rules,
        scratch,
        obj,
        ..
    } = view;
    if !rules.possible {
        return None;
    }
    obj.clear();
    obj.resize(own.len(), 0);
    let weighted = g.setup.difficulty != Difficulty::Easy;
    for o in Delegation::ALL {
        let w = partner_weight(d, o);
        if w <= 0 {
            continue;
        }
        let extra = &ai.private[d.index()][o.index()];
        let model = &ai.public[o.index()];
        if !extra.is_empty() {
            model.add_estimate_flat_plus(w, obj, weighted, extra);
            continue;
        }
        // w × the estimate is w × (1 × the estimate): the same integers.
        let slot = &mut cache.estimates[o.index()];
        let fresh = slot
            .as_ref()
            .is_some_and(|e| e.version == model.version() && e.weighted == weighted);
        if !fresh {
            let mut table = slot.take().map(|e| e.table).unwrap_or_default();
            table.clear();
            table.resize(obj.len(), 0);
            model.add_estimate_flat(1, &mut table, weighted);
            *slot = Some(Estimate {
                version: model.version(),
                weighted,
                table,
            });
        }
        if let Some(e) = slot {
            for (x, v) in obj.iter_mut().zip(&e.table) {
                *x += w * v;
            }
        }
    }
    let mut prune = |i: usize, partial: &[u8]| rules.by_issue[i].iter().any(|r| r.holds(partial));
    negotiation::frontier_offer_flat(
        scratch,
        widths,
        own,
        obj,
        target,
        &rules.allowed,
        &mut prune,
    )
    .map(|o| Package(o.package))
}

/// Step 3 of the month for every AI delegation: answer, counter, levers.
pub fn play_counterparts(g: &mut Game) {
    // The working memory is lent out for the month and handed back.
    let mut work = std::mem::take(&mut g.ai.work);
    play_month(g, &mut work);
    g.ai.work = work;
}

fn play_month(g: &mut Game, work: &mut Work) {
    let Work {
        views,
        rules,
        signers,
    } = work;
    rules.generation += 1;
    // Each AI sees the month once: the world does not move during the
    // talks, so its utilities, redlines and stance hold for the whole step.
    // Last month's views are rebuilt in place (the AI seats never change
    // within a game).
    let ais = || Delegation::ALL.into_iter().filter(|d| !g.is_human(*d));
    let same = views.len() == ais().count() && views.iter().zip(ais()).all(|(v, d)| v.d == d);
    if !same {
        *views = ais().map(View::empty).collect();
    }
    for view in views.iter_mut() {
        let d = view.d;
        view.rebuild(g, d, rules);
    }
    answer_all(g, views, rules, signers, 0);
    if g.check_agreement() {
        return;
    }
    let first_counter = g.next_proposal;
    // Counter-offers: from a delegation with no live package, or whose
    // package someone has turned down.
    for view in views.iter_mut() {
        let d = view.d;
        if g.capital[d.index()] < COST_TABLE {
            continue;
        }
        let own = g.table.iter().find(|p| p.by == d);
        let stale = match own {
            None => true,
            Some(p) => !p.rejected.is_empty() || p.turn + 1 < g.turn,
        };
        if !stale {
            continue;
        }
        let bar = view.bar();
        if let Some(p) = best_offer_with(g, view, bar, rules) {
            let same = own.is_some_and(|o| o.package == p);
            if !same {
                g.capital[d.index()] -= COST_TABLE;
                g.put_on_table(d, p, None);
            }
        }
    }
    // Only the counter-offers are new: every view judged the rest a moment
    // ago, and a view does not change within the month (its next offer is
    // kept once worked out), so it would give the same answers again.
    answer_all(g, views, rules, signers, first_counter);
    if g.check_agreement() {
        return;
    }
    pull_levers(g, views);
}

/// Every view answers every package on the table numbered `from` or later
/// that it has to sign and has not accepted.
fn answer_all(
    g: &mut Game,
    views: &mut [View],
    rules: &mut Memo,
    signers: &mut Vec<DelegationSet>,
    from: u32,
) {
    // Answering changes no package and no one's place on the table, so the
    // table can be walked by position, and who must sign each package
    // worked out once for every view (no one, for those before `from`).
    signers.clear();
    signers.extend(g.table.iter().map(|p| {
        if p.id < from {
            DelegationSet::EMPTY
        } else {
            g.scenario.signatories(&p.package)
        }
    }));
    for view in views.iter_mut() {
        let d = view.d;
        for (k, must_sign) in signers.iter().enumerate() {
            let p = &g.table[k];
            if p.accepted.contains(d) || !must_sign.contains(d) {
                continue;
            }
            let id = p.id;
            let said_no = p.rejected.contains(d);
            let (accept, reason) = verdict(g, view, &p.package, rules);
            // Only this loop records answers, one per delegation and package,
            // and it marks the package with each: one it has not accepted is
            // marked rejected exactly when the answer recorded is a no. So
            // a no to a package marked rejected is old news.
            if !accept && said_no {
                debug_assert!(
                    g.answers
                        .iter()
                        .rev()
                        .find(|a| a.by == d && a.proposal == id)
                        .is_some_and(|a| !a.accept)
                );
                continue;
            }
            let prev = if said_no {
                g.answers
                    .iter()
                    .rposition(|a| a.by == d && a.proposal == id)
            } else {
                debug_assert!(!g.answers.iter().any(|a| a.by == d && a.proposal == id));
                None
            };
            let mut answer = answer(d, id, accept, reason);
            // A new answer is news: give it with its full explanation.
            explain_answer(view, &g.table[k].package, &mut answer);
            let p = &mut g.table[k];
            if answer.accept {
                p.accepted.insert(d);
                p.rejected.remove(d);
            } else {
                p.rejected.insert(d);
            }
            g.ai.observe_answer(d, &g.table[k].package, answer.accept);
            g.ai.observe_reasons(d, &answer.reasons);
            // A redline said out loud at the table is known to everyone.
            if let Some(Reason::Redline { index }) = answer.reasons.first() {
                for obs in Delegation::ALL {
                    if obs != d {
                        g.ai.learn_redline(obs, d, *index as usize);
                    }
                }
            }
            g.push(NewsItem::Answered(answer));
            if let Some(i) = prev {
                g.answers.remove(i);
            }
            g.answers.push(answer);
        }
    }
}

fn pull_levers(g: &mut Game, views: &[View]) {
    let profiles = g.profiles.clone();
    for d in views.iter().map(|v| v.d) {
        let rules = &profiles[d.index()].doctrine.lever_rules;
        // The rules whose condition holds, in order. Only a lever pulled
        // changes the world the next conditions look at, so one look at
        // the world serves until a rule holds (and the look starts afresh
        // after it).
        let mut from = 0;
        while let Some(i) = g.with_ctx(None, |ctx| {
            (from..rules.len()).find(|&i| rules[i].when.holds(ctx))
        }) {
            from = i + 1;
            let rule = &rules[i];
            if !g.lever_usable(d, rule.lever) {
                continue;
            }
            let cost = g.profile(d).levers[rule.lever].cost as i32;
            if g.capital[d.index()] < cost {
                continue;
            }
            if !g.rng.ai.percent(rule.chance) {
                continue;
            }
            g.capital[d.index()] -= cost;
            g.pull_lever(d, rule.lever);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every package of three issues with four options each (one option,
    /// 70, past the 64th).
    fn packages() -> Vec<[u8; 3]> {
        let opts = [0u8, 1, 2, 70];
        let mut out = Vec::new();
        for a in opts {
            for b in opts {
                for c in opts {
                    out.push([a, b, c]);
                }
            }
        }
        out
    }

    #[test]
    fn flat_tests_decide_as_the_rule_does() {
        use PackageRule::{All, Any, In, Not};
        let rules = [
            In(1, 0b10),
            Not(Box::new(In(0, 1 << 63))),
            All(vec![In(0, 0b11), Not(Box::new(In(2, 0b100)))]),
            All(vec![In(0, 1), In(1, 0b110), In(2, 1 << 63)]),
            // Not flat: kept as rules.
            Any(vec![In(0, 1), In(1, 1)]),
            All(vec![In(0, 1), Any(vec![In(1, 1), In(2, 1)])]),
            All(vec![In(0, 1), In(0, 2), In(1, 1), In(1, 2), In(2, 1)]),
        ];
        for (k, rule) in rules.iter().enumerate() {
            let t = Tests::of(rule);
            assert_eq!(t.is_some(), k < 4, "rule {k}");
            let mut filed = OfferRules {
                allowed: vec![u64::MAX; 3],
                by_issue: vec![Vec::new(); 3],
                ..OfferRules::default()
            };
            filed.file(&Arc::new(rule.clone()), 3);
            for p in packages() {
                if let Some(t) = t {
                    assert_eq!(t.hold(&p), rule.holds(&p), "rule {k} on {p:?}");
                }
                // Filed: forbidden by a mask or by the issue that decides it.
                let masked = p
                    .iter()
                    .zip(&filed.allowed)
                    .any(|(o, m)| m & (1u64 << (*o).min(63)) == 0);
                let decided = filed.by_issue.iter().flatten().any(|r| r.holds(&p));
                assert_eq!(masked || decided, rule.holds(&p), "rule {k} on {p:?}");
            }
        }
    }
}
