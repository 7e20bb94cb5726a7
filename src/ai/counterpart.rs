//! The AI delegations at the table: they answer every package, counter with
//! their own, and pull their levers by doctrine. This maps the game onto the
//! generic engine in [`super::negotiation`].

use super::negotiation::{self, Bp, Domain, FrequencyModel, Prefs};
use crate::core::action::COST_TABLE;
use crate::core::dice::Difficulty;
use crate::core::game::Game;
use crate::core::ids::{Delegation, DelegationSet};
use crate::core::news::{Answer, NewsItem, Reason};
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
pub struct Stance {
    pub batna: Bp,
    pub target: Bp,
    pub max: Bp,
}

/// The target utility of `d` at this point of the talks: the time-dependent
/// tactic, from its best package down to its BATNA at the deadline.
pub fn stance(g: &Game, d: Delegation) -> Stance {
    let batna = g.batna(d);
    let max = g.prefs[d.index()].max();
    let mut e = g.concession[d.index()];
    match g.setup.difficulty {
        // Easy opponents concede sooner; hard ones hold out longer.
        Difficulty::Easy => e = e * 3 / 2 + 20,
        Difficulty::Normal => {}
        Difficulty::Hard => e = e * 4 / 5,
    }
    let target = negotiation::target(batna, max, g.turn, g.scenario.turns, e);
    Stance { batna, target, max }
}

/// Judge a package as `d` would now, with its reasons.
pub fn judge(g: &Game, d: Delegation, p: &Package, proposal: u32) -> Answer {
    let st = stance(g, d);
    let mut reasons = Vec::new();
    if let Some(r) = g.redline_crossed(d, p) {
        let rl = &g.profile(d).redlines[r];
        reasons.push(Reason::Redline {
            id: rl.id.clone(),
            why: rl.why.clone(),
        });
        add_fix(g, d, p, &st, &mut reasons);
        return Answer {
            by: d,
            proposal,
            accept: false,
            reasons,
        };
    }
    let u = g.utility(d, p);
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
        reasons.push(Reason::BelowTarget {
            utility: u,
            target: st.target,
        });
        false
    };
    if !accept {
        add_costs(g, d, p, &mut reasons);
        add_fix(g, d, p, &st, &mut reasons);
    }
    Answer {
        by: d,
        proposal,
        accept,
        reasons,
    }
}

/// The two issues that cost `d` most against its best option.
fn add_costs(g: &Game, d: Delegation, p: &Package, reasons: &mut Vec<Reason>) {
    let prefs = &g.prefs[d.index()];
    let mut losses: Vec<(i32, usize)> = prefs
        .table
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

/// The smallest change that turns this no into a yes: one issue changed,
/// the option that just clears the bar (asking as little as possible).
fn add_fix(g: &Game, d: Delegation, p: &Package, st: &Stance, reasons: &mut Vec<Reason>) {
    let bar = st.target.max(st.batna);
    let mut best: Option<(Bp, usize, usize)> = None;
    for (i, issue) in g.scenario.issues.iter().enumerate() {
        for o in 0..issue.options.len() {
            if o == p.option(i) {
                continue;
            }
            let mut q = p.clone();
            q.0[i] = o as u8;
            if g.redline_crossed(d, &q).is_some() {
                continue;
            }
            let u = g.utility(d, &q);
            if u >= bar && best.is_none_or(|(b, _, _)| u < b) {
                best = Some((u, i, o));
            }
        }
    }
    match best {
        Some((_, i, o)) => reasons.push(Reason::WouldAcceptWith {
            issue: i as u8,
            option: o as u8,
        }),
        None => reasons.push(Reason::NothingShort),
    }
}

/// How much the AI of `d` values another delegation's estimated utility
/// when it builds an offer: the two who must sign count fully, the others
/// half.
fn partner_weight(d: Delegation, other: Delegation) -> i32 {
    if other == d {
        0
    } else if matches!(other, Delegation::Ukraine | Delegation::Russia) {
        2
    } else {
        1
    }
}

/// The package `d` would table now: at or above its target, clear of its
/// redlines and of the others' redlines it knows, and as good as possible
/// for the others by its model of them — a point on the frontier, found by
/// branch and bound over the additive utilities.
pub fn best_offer(g: &Game, d: Delegation, target: Bp) -> Option<Package> {
    let ai = &g.ai;
    let own = &g.prefs[d.index()];
    let blind = g.setup.difficulty == Difficulty::Easy;
    // Objective table: weighted sum of the modelled others.
    let mut obj: Vec<Vec<i64>> = ai.domain.options.iter().map(|n| vec![0; *n]).collect();
    if !blind {
        for o in Delegation::ALL {
            let w = partner_weight(d, o) as i64;
            if w == 0 {
                continue;
            }
            let est: Prefs = ai.models[d.index()][o.index()].as_prefs();
            for (i, row) in est.table.iter().enumerate() {
                for (k, v) in row.iter().enumerate() {
                    obj[i][k] += w * *v as i64;
                }
            }
        }
    }
    // Statements made by `d` are counted through g.utility at the leaves;
    // the search bound uses the plain table, which is never lower.
    let n = obj.len();
    let mut own_rest = vec![0i64; n + 1];
    let mut obj_rest = vec![0i64; n + 1];
    for i in (0..n).rev() {
        own_rest[i] = own_rest[i + 1] + own.table[i].iter().copied().max().unwrap_or(0) as i64;
        obj_rest[i] = obj_rest[i + 1] + obj[i].iter().copied().max().unwrap_or(0);
    }
    // Options tried best-for-the-others first, ties to own utility.
    let order: Vec<Vec<usize>> = (0..n)
        .map(|i| {
            let mut v: Vec<usize> = (0..obj[i].len()).collect();
            v.sort_by_key(|k| {
                (
                    std::cmp::Reverse(obj[i][*k]),
                    std::cmp::Reverse(own.table[i][*k]),
                    *k,
                )
            });
            v
        })
        .collect();
    let known: Vec<(Delegation, usize)> = ai
        .known_redlines
        .iter()
        .filter(|(obs, _, _)| *obs == d)
        .map(|(_, about, r)| (*about, *r))
        .collect();

    struct Search<'a> {
        g: &'a Game,
        d: Delegation,
        own: &'a Prefs,
        obj: &'a [Vec<i64>],
        own_rest: &'a [i64],
        obj_rest: &'a [i64],
        order: &'a [Vec<usize>],
        known: &'a [(Delegation, usize)],
        target: i64,
        best: Option<(i64, i64, Vec<u8>)>,
        cur: Vec<u8>,
        nodes: u32,
    }
    impl Search<'_> {
        fn go(&mut self, i: usize, own_acc: i64, obj_acc: i64) {
            self.nodes += 1;
            if self.nodes > 200_000 {
                return;
            }
            if own_acc + self.own_rest[i] < self.target {
                return;
            }
            if let Some((bo, bu, _)) = &self.best {
                let ub = obj_acc + self.obj_rest[i];
                if ub < *bo || (ub == *bo && own_acc + self.own_rest[i] <= *bu) {
                    return;
                }
            }
            if i == self.obj.len() {
                let p = Package(self.cur.clone());
                let u = self.g.utility(self.d, &p) as i64;
                if u < self.target || self.g.redline_crossed(self.d, &p).is_some() {
                    return;
                }
                for (about, r) in self.known {
                    let table = self.g.table_packages();
                    let ctx = self.g.ctx(&table, Some(&p));
                    if self.g.profile(*about).redlines[*r].forbid.holds(&ctx) {
                        return;
                    }
                }
                self.best = Some((obj_acc, u, self.cur.clone()));
                return;
            }
            for k in 0..self.order[i].len() {
                let o = self.order[i][k];
                self.cur[i] = o as u8;
                self.go(
                    i + 1,
                    own_acc + self.own.table[i][o] as i64,
                    obj_acc + self.obj[i][o],
                );
            }
        }
    }
    let mut s = Search {
        g,
        d,
        own,
        obj: &obj,
        own_rest: &own_rest,
        obj_rest: &obj_rest,
        order: &order,
        known: &known,
        target: target as i64,
        best: None,
        cur: vec![0; n],
        nodes: 0,
    };
    s.go(0, 0, 0);
    s.best.map(|(_, _, p)| Package(p))
}

/// Step 3 of the month for every AI delegation: answer, counter, levers.
pub fn play_counterparts(g: &mut Game) {
    let ais: Vec<Delegation> = Delegation::ALL
        .into_iter()
        .filter(|d| !g.is_human(*d))
        .collect();
    answer_all(g, &ais);
    if g.check_agreement() {
        return;
    }
    // Counter-offers: from a delegation with no live package, or whose
    // package someone has turned down.
    for d in &ais {
        let d = *d;
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
        let st = stance(g, d);
        if let Some(p) = best_offer(g, d, st.target.max(st.batna)) {
            let same = own.is_some_and(|o| o.package == p);
            if !same {
                g.capital[d.index()] -= COST_TABLE;
                g.put_on_table(d, p, None);
            }
        }
    }
    answer_all(g, &ais);
    if g.check_agreement() {
        return;
    }
    pull_levers(g, &ais);
}

fn answer_all(g: &mut Game, ais: &[Delegation]) {
    for d in ais {
        let d = *d;
        let ids: Vec<u32> = g
            .table
            .iter()
            .filter(|p| !p.accepted.contains(d) && g.scenario.signatories(&p.package).contains(d))
            .map(|p| p.id)
            .collect();
        for id in ids {
            let Some(p) = g.proposal(id) else { continue };
            let package = p.package.clone();
            let answer = judge(g, d, &package, id);
            let changed = g
                .answers
                .iter()
                .rev()
                .find(|a| a.by == d && a.proposal == id)
                .is_none_or(|a| a.accept != answer.accept);
            if let Some(p) = g.table.iter_mut().find(|p| p.id == id) {
                if answer.accept {
                    p.accepted.insert(d);
                    p.rejected.remove(d);
                } else {
                    p.rejected.insert(d);
                }
            }
            g.ai.observe_answer(d, &package, answer.accept);
            // A redline said out loud at the table is known to everyone.
            if let Some(Reason::Redline { id, .. }) = answer.reasons.first() {
                if let Some(r) = g.profile(d).redlines.iter().position(|x| &x.id == id) {
                    for obs in Delegation::ALL {
                        if obs != d {
                            g.ai.learn_redline(obs, d, r);
                        }
                    }
                }
            }
            if changed {
                g.push(NewsItem::Answered(answer.clone()));
                g.answers.retain(|a| !(a.by == d && a.proposal == id));
                g.answers.push(answer);
            }
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
