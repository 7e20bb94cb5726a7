//! The AI delegations at the table: they answer every package, counter with
//! their own, and pull their levers by doctrine. This maps the game onto the
//! generic engine in [`super::negotiation`].

use super::negotiation::{self, Bp, Domain, FrequencyModel};
use crate::core::action::COST_TABLE;
use crate::core::dice::Difficulty;
use crate::core::game::Game;
use crate::core::game::WALK_BACK_COST;
use crate::core::ids::{Delegation, DelegationSet};
use crate::core::news::{Answer, NewsItem, Reason};
use crate::core::rules::PackageRule;
use crate::core::scenario::{Package, Scenario};

/// What each delegation's AI has learned about the others.
#[derive(Clone, Debug)]
pub struct AiState {
    pub domain: Domain,
    /// models[observer][other]
    pub models: [[FrequencyModel; 4]; 4],
    /// (observer, about, redline index) learned through back-channels.
    pub known_redlines: Vec<(Delegation, Delegation, usize)>,
}

impl AiState {
    pub fn new(s: &Scenario) -> AiState {
        let domain = Domain {
            options: s.issues.iter().map(|i| i.options.len()).collect(),
        };
        let m = FrequencyModel::new(&domain);
        AiState {
            models: std::array::from_fn(|_| std::array::from_fn(|_| m.clone())),
            domain,
            known_redlines: Vec::new(),
        }
    }

    /// A package tabled in public: everyone learns from it.
    pub fn observe_offer(&mut self, by: Delegation, p: &Package) {
        for obs in 0..4 {
            self.models[obs][by.index()].observe(&p.0, 2);
        }
    }

    pub fn observe_answer(&mut self, by: Delegation, p: &Package, accept: bool) {
        if accept {
            for obs in 0..4 {
                self.models[obs][by.index()].observe(&p.0, 1);
            }
        }
    }

    /// What an explained no says out loud: the issues that cost most
    /// matter to the speaker, and the change it asks for is an option it
    /// values.
    pub fn observe_reasons(&mut self, by: Delegation, reasons: &[Reason]) {
        for r in reasons {
            for obs in 0..4 {
                let m = &mut self.models[obs][by.index()];
                match r {
                    Reason::Costs { issue, .. } => {
                        if let Some(w) = m.weights.get_mut(*issue as usize) {
                            *w += 3;
                        }
                    }
                    Reason::WouldAcceptWith { changes } => {
                        for (i, o) in changes {
                            if let Some(c) = m
                                .counts
                                .get_mut(*i as usize)
                                .and_then(|row| row.get_mut(*o as usize))
                            {
                                *c += 2;
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
    }

    /// A public statement: the option counts as offered, the issue as important.
    pub fn observe_statement(&mut self, by: Delegation, issue: usize, option: usize) {
        for obs in 0..4 {
            let m = &mut self.models[obs][by.index()];
            if let Some(c) = m.counts.get_mut(issue).and_then(|r| r.get_mut(option)) {
                *c += 4;
            }
            m.learn_priority(issue);
        }
    }

    pub fn learn_priority(&mut self, observer: Delegation, about: Delegation, issue: usize) {
        self.models[observer.index()][about.index()].learn_priority(issue);
    }

    pub fn learn_redline(&mut self, observer: Delegation, about: Delegation, index: usize) {
        if !self.known_redlines.contains(&(observer, about, index)) {
            self.known_redlines.push((observer, about, index));
        }
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
    let batna = g.batna(d);
    let max = g.prefs[d.index()].max();
    let e = exponent(g, d);
    let h = horizon(g);
    let target = negotiation::target(batna, max, g.turn.min(h), h, e);
    let next_target = negotiation::target(batna, max, (g.turn + 1).min(h), h, e);
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
    /// own[issue][option], basis points.
    pub own: Vec<Vec<Bp>>,
    /// (index of the redline in the profile, what it forbids now).
    pub redlines: Vec<(usize, PackageRule)>,
    pub stance: Stance,
    /// Own utility of the package `d` would offer next month (AC_next),
    /// found on first need.
    next_offer: Option<Option<Bp>>,
    /// What an offer must avoid — our redlines and the others' that we
    /// know; `None` when some rule forbids every package. Rebuilt when we
    /// learn a redline.
    offer_rules: Option<(usize, Option<OfferRules>)>,
}

impl View {
    pub fn new(g: &Game, d: Delegation) -> View {
        let prefs = &g.prefs[d.index()];
        let mut own = prefs.table.clone();
        for st in g.statements.iter().filter(|st| st.by == d) {
            let i = st.issue as usize;
            let Some(row) = own.get_mut(i) else { continue };
            let stated = prefs.table[i].get(st.option as usize).copied().unwrap_or(0);
            for (o, u) in row.iter_mut().enumerate() {
                if prefs.table[i][o] < stated {
                    *u -= WALK_BACK_COST;
                }
            }
        }
        View {
            d,
            own,
            redlines: compiled_redlines(g, d),
            stance: stance(g, d),
            next_offer: None,
            offer_rules: None,
        }
    }

    /// Build the rules an offer must pass, if not yet built or if we have
    /// learned a redline since.
    fn refresh_offer_rules(&mut self, g: &Game) {
        let learned = g.ai.known_redlines.len();
        if self.offer_rules.as_ref().is_none_or(|(n, _)| *n != learned) {
            self.offer_rules = Some((learned, build_offer_rules(g, self)));
        }
    }

    pub fn utility(&self, p: &[u8]) -> Bp {
        self.own
            .iter()
            .zip(p)
            .map(|(row, o)| row.get(*o as usize).copied().unwrap_or(0))
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

    fn next_offer_utility(&mut self, g: &Game) -> Option<Bp> {
        if let Some(v) = self.next_offer {
            return v;
        }
        let bar = self.stance.next_target.max(self.stance.batna);
        let v = best_offer_in(g, self, bar).map(|p| self.utility(&p.0));
        self.next_offer = Some(v);
        v
    }
}

/// The redlines of `d` that can still bite in the present world.
fn compiled_redlines(g: &Game, d: Delegation) -> Vec<(usize, PackageRule)> {
    let table = g.table_packages();
    let ctx = g.ctx(&table, None);
    g.profile(d)
        .redlines
        .iter()
        .enumerate()
        .map(|(i, r)| (i, r.forbid.for_packages(&ctx)))
        .filter(|(_, r)| *r != PackageRule::Never)
        .collect()
}

/// The rules an offer must pass: a rule on a single issue becomes a mask of
/// the options left allowed there (checked before the search, for free);
/// the others are filed under the issue that decides them.
#[derive(Clone, Debug)]
pub struct OfferRules {
    allowed: Vec<u64>,
    by_issue: Vec<Vec<PackageRule>>,
}

/// Every rule that forbids an offer of `view.d`; `None` if one forbids
/// every package.
fn build_offer_rules(g: &Game, view: &View) -> Option<OfferRules> {
    let d = view.d;
    let n = view.own.len();
    let mut by_issue: Vec<Vec<PackageRule>> = vec![Vec::new(); n];
    let mut allowed = vec![u64::MAX; n];
    let table = g.table_packages();
    let ctx = g.ctx(&table, None);
    let known =
        g.ai.known_redlines
            .iter()
            .filter(|(obs, _, _)| *obs == d)
            .filter_map(|(_, about, r)| g.profile(*about).redlines.get(*r))
            .map(|r| r.forbid.for_packages(&ctx));
    for rule in view.redlines.iter().map(|(_, r)| r.clone()).chain(known) {
        match (&rule, rule.last_issue()) {
            (PackageRule::In(i, mask), _) if *i < n => allowed[*i] &= !mask,
            (_, Some(i)) if i < n => by_issue[i].push(rule),
            (_, None) if rule == PackageRule::Always => return None,
            _ => {}
        }
    }
    Some(OfferRules { allowed, by_issue })
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
    let d = view.d;
    let st = view.stance;
    let mut reasons = Vec::new();
    if let Some(r) = view.redline(&p.0) {
        reasons.push(Reason::Redline { index: r as u8 });
        if explain {
            add_fix(g, view, p, &mut reasons);
        }
        return Answer {
            by: d,
            proposal,
            accept: false,
            reasons,
        };
    }
    let u = view.utility(&p.0);
    let accept = if u < st.batna {
        reasons.push(Reason::BelowBatna {
            utility: u,
            batna: st.batna,
        });
        false
    } else if u >= st.target {
        reasons.push(Reason::GoodEnough {
            utility: u,
            target: st.target,
        });
        true
    } else {
        // Our next offer gives at least next month's target, so only a
        // package above that can match it: no search needed below.
        let next = if u >= st.next_target {
            view.next_offer_utility(g)
        } else {
            None
        };
        match next {
            Some(n) if u >= n => {
                reasons.push(Reason::AsGoodAsOurNext {
                    utility: u,
                    next: n,
                });
                true
            }
            _ => {
                reasons.push(Reason::BelowTarget {
                    utility: u,
                    target: st.target,
                });
                false
            }
        }
    };
    if !accept && explain {
        add_costs(view, p, &mut reasons);
        add_fix(g, view, p, &mut reasons);
    }
    Answer {
        by: d,
        proposal,
        accept,
        reasons,
    }
}

/// The issues that cost `d` most against its best option on each, largest
/// first (two at most).
fn add_costs(view: &View, p: &Package, reasons: &mut Vec<Reason>) {
    let mut losses: Vec<(i32, usize)> = view
        .own
        .iter()
        .enumerate()
        .map(|(i, row)| (row.iter().copied().max().unwrap_or(0) - row[p.option(i)], i))
        .filter(|(l, _)| *l > 0)
        .collect();
    losses.sort_by_key(|(l, i)| (std::cmp::Reverse(*l), *i));
    for (loss, i) in losses.into_iter().take(2) {
        reasons.push(Reason::Costs {
            issue: i as u8,
            option: p.option(i) as u8,
            loss,
        });
    }
}

/// The smallest change that turns this no into a yes: as few issues as
/// possible (one, else two), and among those the change that asks least —
/// the lowest utility that still clears the bar. Otherwise the issues that
/// would all have to move.
fn add_fix(_g: &Game, view: &View, p: &Package, reasons: &mut Vec<Reason>) {
    let bar = view.bar();
    let base = view.utility(&p.0);
    let n = view.own.len();
    // What changing one issue to one option adds; utility is additive, so
    // a candidate's utility is known before the package is built, and only
    // candidates that clear the bar and beat the best so far are checked
    // against the redlines.
    let delta = |i: usize, o: usize| view.own[i][o] - view.own[i][p.option(i)];
    let mut q = p.0.clone();
    let mut best: Option<(Bp, Vec<(u8, u8)>)> = None;
    let improves = |u: Bp, best: &Option<(Bp, Vec<(u8, u8)>)>| {
        u >= bar && best.as_ref().is_none_or(|(b, _)| u < *b)
    };
    for i in 0..n {
        for o in 0..view.own[i].len() {
            let u = base + delta(i, o);
            if o == p.option(i) || !improves(u, &best) {
                continue;
            }
            q[i] = o as u8;
            if view.redline(&q).is_none() {
                best = Some((u, vec![(i as u8, o as u8)]));
            }
        }
        q[i] = p.0[i];
    }
    if best.is_none() {
        // Two issues: only pairs that can reach the bar are worth a look.
        let gain: Vec<Bp> = (0..n)
            .map(|i| view.own[i].iter().copied().max().unwrap_or(0) - view.own[i][p.option(i)])
            .collect();
        for i in 0..n {
            for j in i + 1..n {
                if base + gain[i] + gain[j] < bar {
                    continue;
                }
                for o in 0..view.own[i].len() {
                    if o == p.option(i) {
                        continue;
                    }
                    let ui = base + delta(i, o);
                    for k in 0..view.own[j].len() {
                        let u = ui + delta(j, k);
                        if k == p.option(j) || !improves(u, &best) {
                            continue;
                        }
                        q[i] = o as u8;
                        q[j] = k as u8;
                        if view.redline(&q).is_none() {
                            best = Some((u, vec![(i as u8, o as u8), (j as u8, k as u8)]));
                        }
                        q[i] = p.0[i];
                        q[j] = p.0[j];
                    }
                }
            }
        }
    }
    match best {
        Some((_, changes)) => reasons.push(Reason::WouldAcceptWith { changes }),
        None => {
            // The issues furthest from what we need, largest loss first.
            let mut losses: Vec<(i32, usize)> = (0..n)
                .map(|i| {
                    let row = &view.own[i];
                    (row.iter().copied().max().unwrap_or(0) - row[p.option(i)], i)
                })
                .filter(|(l, _)| *l > 0)
                .collect();
            losses.sort_by_key(|(l, i)| (std::cmp::Reverse(*l), *i));
            reasons.push(Reason::NothingShort {
                issues: losses.into_iter().take(3).map(|(_, i)| i as u8).collect(),
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
    view.refresh_offer_rules(g);
    let view = &*view;
    let d = view.d;
    let ai = &g.ai;
    let mut obj: Vec<Vec<i64>> = view.own.iter().map(|r| vec![0; r.len()]).collect();
    let weighted = g.setup.difficulty != Difficulty::Easy;
    for o in Delegation::ALL {
        let w = partner_weight(d, o);
        if w > 0 {
            ai.models[d.index()][o.index()].add_estimate_with(w, &mut obj, weighted);
        }
    }
    let rules = view.offer_rules.as_ref().and_then(|(_, r)| r.as_ref())?;
    let mut prune = |i: usize, partial: &[u8]| rules.by_issue[i].iter().any(|r| r.holds(partial));
    negotiation::frontier_offer(&view.own, &obj, target, &rules.allowed, &mut prune)
        .map(|o| Package(o.package))
}

/// Step 3 of the month for every AI delegation: answer, counter, levers.
pub fn play_counterparts(g: &mut Game) {
    let ais: Vec<Delegation> = Delegation::ALL
        .into_iter()
        .filter(|d| !g.is_human(*d))
        .collect();
    // Each AI sees the month once: the world does not move during the
    // talks, so its utilities, redlines and stance hold for the whole step.
    let mut views: Vec<View> = ais.iter().map(|d| View::new(g, *d)).collect();
    answer_all(g, &mut views);
    if g.check_agreement() {
        return;
    }
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
        if let Some(p) = best_offer_in(g, view, view.bar()) {
            let same = own.is_some_and(|o| o.package == p);
            if !same {
                g.capital[d.index()] -= COST_TABLE;
                g.put_on_table(d, p, None);
            }
        }
    }
    answer_all(g, &mut views);
    if g.check_agreement() {
        return;
    }
    pull_levers(g, &ais);
}

fn answer_all(g: &mut Game, views: &mut [View]) {
    for view in views.iter_mut() {
        let d = view.d;
        let ids: Vec<u32> = g
            .table
            .iter()
            .filter(|p| !p.accepted.contains(d) && g.scenario.signatories(&p.package).contains(d))
            .map(|p| p.id)
            .collect();
        for id in ids {
            let Some(p) = g.proposal(id) else { continue };
            let package = p.package.clone();
            let verdict = judge_in(g, view, &package, id, false);
            let changed = g
                .answers
                .iter()
                .rev()
                .find(|a| a.by == d && a.proposal == id)
                .is_none_or(|a| a.accept != verdict.accept);
            if !changed {
                continue;
            }
            // A new answer is news: give it with its full explanation.
            let answer = judge_in(g, view, &package, id, true);
            if let Some(p) = g.table.iter_mut().find(|p| p.id == id) {
                if answer.accept {
                    p.accepted.insert(d);
                    p.rejected.remove(d);
                } else {
                    p.rejected.insert(d);
                }
            }
            g.ai.observe_answer(d, &package, answer.accept);
            g.ai.observe_reasons(d, &answer.reasons);
            // A redline said out loud at the table is known to everyone.
            if let Some(Reason::Redline { index }) = answer.reasons.first() {
                for obs in Delegation::ALL {
                    if obs != d {
                        g.ai.learn_redline(obs, d, *index as usize);
                    }
                }
            }
            g.push(NewsItem::Answered(answer.clone()));
            g.answers.retain(|a| !(a.by == d && a.proposal == id));
            g.answers.push(answer);
        }
    }
}

fn pull_levers(g: &mut Game, ais: &[Delegation]) {
    for d in ais {
        let d = *d;
        let rules = g.profile(d).doctrine.lever_rules.clone();
        let mut pulled = DelegationSet::EMPTY;
        for rule in &rules {
            let holds = {
                let table = g.table_packages();
                rule.when.holds(&g.ctx(&table, None))
            };
            if !holds || g.lever_available(d, rule.lever).is_err() {
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
            pulled.insert(d);
        }
    }
}
