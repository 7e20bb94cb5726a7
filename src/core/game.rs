//! The turn engine. A month is: events → diplomacy (the people at the
//! keyboard act) → counterparts (the AI answers, counters, pulls levers) →
//! the war moves → check (agreement, walk-out, escalation, deadline).
//!
//! `Game::new` deals turn 1's events. People act with [`Game::apply`]; when
//! every human delegation has ended its turn the rest of the month runs and
//! the next month's events are dealt. With no human seats,
//! [`Game::advance`] plays a whole month.

use crate::ai::counterpart::{self, AiState};
use crate::ai::negotiation::{Bp, Prefs};
use crate::core::action::*;
use crate::core::dice::{Difficulty, Streams};
use crate::core::ids::{Delegation, DelegationSet, EndState, Track};
use crate::core::news::*;
use crate::core::outcome::{self, Outcome};
use crate::core::rules::{Effect, RuleCtx};
use crate::core::scenario::{Package, Profile, Scenario};
use crate::core::war;
use crate::core::world::World;
use std::sync::Arc;

/// How a game is set up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Setup {
    pub seed: u64,
    pub variant: Option<usize>,
    pub humans: DelegationSet,
    pub difficulty: Difficulty,
}

/// A public commitment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Statement {
    pub by: Delegation,
    pub issue: u8,
    pub option: u8,
    pub turn: u32,
}

/// The tracks at the end of one month, for charts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Snapshot {
    pub turn: u32,
    pub tracks: [i32; Track::COUNT],
    pub batna: [Bp; 4],
}

#[derive(Clone, Debug)]
pub struct Game {
    pub scenario: Arc<Scenario>,
    pub profiles: Arc<[Profile; 4]>,
    pub setup: Setup,
    /// Current month, 1-based.
    pub turn: u32,
    pub world: World,
    /// Per delegation: preferences as the game has moved them. Changed
    /// only by a card's effect.
    pub prefs: [Prefs; 4],
    /// How many times a delegation's utilities have moved: a card changing
    /// its preferences, or a statement (walking one back costs). The AI
    /// keeps its tables while the count stands.
    pub tables_moved: u32,
    pub batna_shift: [i32; 4],
    pub concession: [u32; 4],
    pub capital: [i32; 4],
    pub table: Vec<Proposal>,
    pub next_proposal: u32,
    pub cards_played: Vec<bool>,
    /// Per delegation, per lever: first turn it may be pulled again.
    pub lever_ready: [Vec<u32>; 4],
    pub statements: Vec<Statement>,
    pub knowledge: [Vec<Insight>; 4],
    pub news: Vec<News>,
    pub history: Vec<Snapshot>,
    /// Human delegations that have ended this turn.
    pub ended: DelegationSet,
    pub outcome: Option<Outcome>,
    pub rng: Streams,
    pub ai: AiState,
    /// Last answer of each delegation to each proposal (for explanations).
    pub answers: Vec<Answer>,
    /// Every step taken since `new`, in order: with the scenario and the
    /// setup, all a save needs to rebuild the game.
    pub log: Vec<Step>,
    /// The card being played, so a package it tables can say so.
    current_card: Option<String>,
}

impl Game {
    pub fn new(scenario: Arc<Scenario>, setup: Setup) -> Game {
        let profiles = Arc::new(scenario.profiles_for(setup.variant));
        Self::with_profiles(scenario, profiles, setup)
    }

    /// As `new`, sharing profiles already built for this variant (fast
    /// path for batch simulation).
    pub fn with_profiles(
        scenario: Arc<Scenario>,
        profiles: Arc<[Profile; 4]>,
        setup: Setup,
    ) -> Game {
        let world = World::new(&scenario);
        let prefs = std::array::from_fn(|i| {
            Prefs::from_weights(&profiles[i].weights, &profiles[i].utilities)
        });
        let concession = std::array::from_fn(|i| profiles[i].doctrine.concession);
        let capital = std::array::from_fn(|i| profiles[i].doctrine.capital as i32);
        let lever_ready = std::array::from_fn(|i| vec![0; profiles[i].levers.len()]);
        let ai = AiState::new(&scenario);
        let mut rng = Streams::new(setup.seed);
        // Nobody knows how much punishment a government will take: each
        // delegation's BATNA carries a hidden resolve of up to ±RESOLVE
        // points, drawn once per game. The same war thus ends differently
        // from game to game, and a player cannot read the floor off the
        // tracks.
        let batna_shift = std::array::from_fn(|_| rng.ai.range(-RESOLVE, RESOLVE));
        // Room for a game's news, answers and monthly snapshots as AI-only
        // games run (about a dozen items and half a dozen answers a month),
        // so that batch simulation does not regrow and copy them month
        // after month.
        let months = scenario.turns as usize;
        let mut g = Game {
            cards_played: vec![false; scenario.cards.len()],
            scenario,
            profiles,
            setup,
            turn: 1,
            world,
            prefs,
            tables_moved: 0,
            batna_shift,
            concession,
            capital,
            table: Vec::new(),
            next_proposal: 1,
            lever_ready,
            statements: Vec::new(),
            knowledge: Default::default(),
            news: Vec::with_capacity(16 * months),
            history: Vec::with_capacity(months + 1),
            ended: DelegationSet::EMPTY,
            outcome: None,
            rng,
            ai,
            answers: Vec::with_capacity(8 * months),
            log: Vec::new(),
            current_card: None,
        };
        if let Some(v) = g.setup.variant.and_then(|v| g.scenario.variants.get(v)) {
            let effects = v.effects.clone();
            for e in &effects {
                g.apply_effect(e, None);
            }
        }
        g.record_snapshot();
        g.deal_events();
        g
    }

    pub fn is_over(&self) -> bool {
        self.outcome.is_some()
    }

    pub fn is_human(&self, d: Delegation) -> bool {
        self.setup.humans.contains(d)
    }

    pub fn profile(&self, d: Delegation) -> &Profile {
        &self.profiles[d.index()]
    }

    pub fn variant_id(&self) -> Option<&str> {
        self.setup
            .variant
            .and_then(|v| self.scenario.variants.get(v))
            .map(|v| v.id.as_str())
    }

    pub fn month(&self) -> u8 {
        self.scenario.date_of_turn(self.turn).1
    }

    /// The context rules are evaluated in.
    pub fn ctx<'a>(
        &'a self,
        table: &'a [&'a Package],
        package: Option<&'a Package>,
    ) -> RuleCtx<'a> {
        RuleCtx {
            world: &self.world,
            turn: self.turn,
            month: self.month(),
            variant: self.setup.variant,
            cards_played: &self.cards_played,
            table,
            humans: self.setup.humans,
            package,
        }
    }

    pub fn table_packages(&self) -> Vec<&Package> {
        self.table.iter().map(|p| &p.package).collect()
    }

    /// `f` with a rule context of the present moment (and `package`, in
    /// a redline): as [`Self::ctx`] over [`Self::table_packages`], with a
    /// short table listed on the stack — the AI asks this every month for
    /// every card, lever and redline, and a list each time adds up.
    pub fn with_ctx<R>(&self, package: Option<&Package>, f: impl FnOnce(&RuleCtx<'_>) -> R) -> R {
        const SHORT: usize = 8;
        static NONE: Package = Package(Vec::new());
        if self.table.len() <= SHORT {
            let mut list = [&NONE; SHORT];
            for (slot, p) in list.iter_mut().zip(&self.table) {
                *slot = &p.package;
            }
            f(&self.ctx(&list[..self.table.len()], package))
        } else {
            let table = self.table_packages();
            f(&self.ctx(&table, package))
        }
    }

    /// What continuing the war is worth to a delegation now, in basis points.
    pub fn batna(&self, d: Delegation) -> Bp {
        let p = self.profile(d);
        let mut v = p.batna.base * 100;
        for (t, per, step) in &p.batna.terms {
            let delta = self.world.track(*t) - self.scenario.tracks[t.index()].start;
            v += per * delta * 100 / step;
        }
        v += self.batna_shift[d.index()] * 100;
        v.clamp(0, 9_500)
    }

    /// A delegation's utility for a package, counting the cost of walking
    /// back its own public statements.
    pub fn utility(&self, d: Delegation, package: &Package) -> Bp {
        let prefs = &self.prefs[d.index()];
        let mut u = prefs.utility(&package.0);
        for s in self.statements.iter().filter(|s| s.by == d) {
            let i = s.issue as usize;
            let stated = prefs.table[i].get(s.option as usize).copied().unwrap_or(0);
            let got = prefs.table[i].get(package.option(i)).copied().unwrap_or(0);
            if got < stated {
                u -= WALK_BACK_COST;
            }
        }
        u
    }

    /// The first redline of `d` that the package crosses now.
    pub fn redline_crossed(&self, d: Delegation, package: &Package) -> Option<usize> {
        self.with_ctx(Some(package), |ctx| {
            self.profile(d)
                .redlines
                .iter()
                .position(|r| r.forbid.holds(ctx))
        })
    }

    pub fn proposal(&self, id: u32) -> Option<&Proposal> {
        self.table.iter().find(|p| p.id == id)
    }

    /// The delegations that still have to act this turn.
    pub fn waiting_for(&self) -> Vec<Delegation> {
        self.setup
            .humans
            .iter()
            .filter(|d| !self.ended.contains(*d))
            .collect()
    }

    // ------------------------------------------------------------------
    // People's actions

    /// Carry out a human delegation's action. When the last human ends the
    /// turn, the rest of the month runs.
    pub fn apply(&mut self, action: &Action) -> Result<(), ActionError> {
        if self.is_over() {
            return Err(ActionError::GameOver);
        }
        let by = action.by();
        if !self.is_human(by) {
            return Err(ActionError::NotHuman(by));
        }
        if self.ended.contains(by) {
            return Err(ActionError::TurnEnded(by));
        }
        self.perform(action)?;
        self.log.push(Step::Act(action.clone()));
        // A lever can push escalation to its maximum: the crisis is at once.
        if self.is_over() || self.check_escalation_threshold() {
            return Ok(());
        }
        if self.waiting_for().is_empty() {
            self.finish_month();
        }
        Ok(())
    }

    /// Take one logged step (as `apply` or `advance`).
    pub fn step(&mut self, step: &Step) -> Result<(), ActionError> {
        match step {
            Step::Act(a) => self.apply(a),
            Step::Advance if self.is_over() => Err(ActionError::GameOver),
            Step::Advance => {
                self.advance();
                Ok(())
            }
            Step::Facilitate(i) => self.intervene(i),
        }
    }

    /// The facilitator steps in: inject a card, adjust a track, stop or
    /// restart the clock. Checked, logged, and in the news for the class.
    pub fn intervene(&mut self, i: &Intervention) -> Result<(), ActionError> {
        if self.is_over() {
            return Err(ActionError::GameOver);
        }
        match i {
            Intervention::InjectCard { card } => {
                let idx = self
                    .scenario
                    .cards
                    .iter()
                    .position(|c| &c.id == card)
                    .ok_or_else(|| ActionError::NoCard(card.clone()))?;
                if self.cards_played.get(idx).copied().unwrap_or(true) {
                    return Err(ActionError::CardPlayed(card.clone()));
                }
                self.push(NewsItem::Facilitator(i.clone()));
                self.play_card(idx, false);
            }
            Intervention::AdjustTrack { track, by, reason } => {
                if reason.trim().is_empty() {
                    return Err(ActionError::NoReason);
                }
                self.world.move_track(*track, *by);
                self.push(NewsItem::Facilitator(i.clone()));
            }
            Intervention::PauseClock | Intervention::ResumeClock => {}
        }
        self.log.push(Step::Facilitate(i.clone()));
        self.check_escalation_threshold();
        Ok(())
    }

    /// Check and carry out an action for any delegation (human or AI).
    pub(crate) fn perform(&mut self, action: &Action) -> Result<(), ActionError> {
        let by = action.by();
        match action {
            Action::Table { package, .. } => {
                self.check_package(package)?;
                self.spend(by, COST_TABLE)?;
                self.put_on_table(by, package.clone(), None);
            }
            Action::Accept { proposal, .. } | Action::Reject { proposal, .. } => {
                let accept = matches!(action, Action::Accept { .. });
                let scenario = self.scenario.clone();
                let p = self
                    .table
                    .iter_mut()
                    .find(|p| p.id == *proposal)
                    .ok_or(ActionError::NoProposal(*proposal))?;
                if !scenario.signatories(&p.package).contains(by) {
                    return Err(ActionError::NotSignatory(by));
                }
                if accept {
                    p.accepted.insert(by);
                    p.rejected.remove(by);
                } else {
                    p.rejected.insert(by);
                    p.accepted.remove(by);
                }
                let package = p.package.clone();
                self.ai.observe_answer(by, &package, accept);
                self.push(NewsItem::Answered(Answer {
                    by,
                    proposal: *proposal,
                    accept,
                    reasons: Default::default(),
                }));
            }
            Action::BackChannel { with, .. } => {
                if *with == by {
                    return Err(ActionError::SelfChannel);
                }
                self.spend(by, COST_BACK_CHANNEL)?;
                self.back_channel(by, *with);
            }
            Action::Lever { lever, .. } => {
                let idx = self
                    .profile(by)
                    .levers
                    .iter()
                    .position(|l| &l.id == lever)
                    .ok_or_else(|| ActionError::NoLever(lever.clone()))?;
                self.lever_available(by, idx)?;
                let cost = self.profile(by).levers[idx].cost as i32;
                self.spend(by, cost)?;
                self.pull_lever(by, idx);
            }
            Action::Statement { issue, option, .. } => {
                let ok = self
                    .scenario
                    .issues
                    .get(*issue as usize)
                    .is_some_and(|i| (*option as usize) < i.options.len());
                if !ok {
                    return Err(ActionError::BadStatement);
                }
                self.spend(by, COST_STATEMENT)?;
                self.statements
                    .retain(|s| !(s.by == by && s.issue == *issue));
                self.statements.push(Statement {
                    by,
                    issue: *issue,
                    option: *option,
                    turn: self.turn,
                });
                self.tables_moved += 1;
                self.ai
                    .observe_statement(by, *issue as usize, *option as usize);
                self.push(NewsItem::Statement {
                    by,
                    issue: *issue,
                    option: *option,
                });
            }
            Action::WalkOut { .. } => {
                self.push(NewsItem::WalkOut { by });
                self.end(EndState::Collapse, None);
            }
            Action::EndTurn { .. } => {
                self.ended.insert(by);
            }
        }
        Ok(())
    }

    fn check_package(&self, p: &Package) -> Result<(), ActionError> {
        let ok = p.0.len() == self.scenario.issues.len()
            && p.0
                .iter()
                .zip(&self.scenario.issues)
                .all(|(o, i)| (*o as usize) < i.options.len());
        if ok {
            Ok(())
        } else {
            Err(ActionError::BadPackage)
        }
    }

    fn spend(&mut self, by: Delegation, cost: i32) -> Result<(), ActionError> {
        let have = self.capital[by.index()];
        if have < cost {
            return Err(ActionError::NoCapital { need: cost, have });
        }
        self.capital[by.index()] -= cost;
        Ok(())
    }

    /// Whether a lever can be pulled now (cooldown, conditions), not
    /// counting capital.
    /// Whether `by` may pull lever `idx` now: [`Self::lever_available`]
    /// without the message (the AI asks often).
    pub fn lever_usable(&self, by: Delegation, idx: usize) -> bool {
        let Some(lever) = self.profile(by).levers.get(idx) else {
            return false;
        };
        self.lever_ready[by.index()].get(idx).copied().unwrap_or(0) <= self.turn
            && lever
                .requires
                .as_ref()
                .is_none_or(|req| self.with_ctx(None, |ctx| req.holds(ctx)))
    }

    pub fn lever_available(&self, by: Delegation, idx: usize) -> Result<(), ActionError> {
        let lever = &self.profile(by).levers[idx];
        if self.lever_ready[by.index()].get(idx).copied().unwrap_or(0) > self.turn {
            return Err(ActionError::LeverUnavailable(format!(
                "{} can be used again in turn {}",
                lever.name,
                self.lever_ready[by.index()][idx]
            )));
        }
        if let Some(req) = &lever.requires {
            if !self.with_ctx(None, |ctx| req.holds(ctx)) {
                return Err(ActionError::LeverUnavailable(format!(
                    "{}: its conditions do not hold now",
                    lever.name
                )));
            }
        }
        Ok(())
    }

    pub(crate) fn pull_lever(&mut self, by: Delegation, idx: usize) {
        let profiles = self.profiles.clone();
        let lever = &profiles[by.index()].levers[idx];
        self.lever_ready[by.index()][idx] = self.turn + lever.cooldown.max(1);
        self.push(NewsItem::Lever {
            by,
            lever: lever.id.clone(),
            name: lever.name.clone(),
        });
        for e in &lever.effects {
            self.apply_effect(e, Some(by));
        }
    }

    pub(crate) fn put_on_table(
        &mut self,
        by: Delegation,
        package: Package,
        from_card: Option<String>,
    ) -> u32 {
        // One live package per delegation: a new one replaces the old.
        self.table.retain(|p| p.by != by);
        let id = self.next_proposal;
        self.next_proposal += 1;
        let mut accepted = DelegationSet::EMPTY;
        if self.scenario.signatories(&package).contains(by) {
            accepted.insert(by);
        }
        self.ai.observe_offer(by, &package);
        self.push(NewsItem::Tabled {
            proposal: id,
            by,
            package: package.clone(),
            card: from_card.clone(),
        });
        self.table.push(Proposal {
            id,
            by,
            package,
            turn: self.turn,
            accepted,
            rejected: DelegationSet::EMPTY,
            from_card,
        });
        id
    }

    fn back_channel(&mut self, by: Delegation, with: Delegation) {
        self.push(NewsItem::BackChannel { by, with });
        let trust = self.world.trust(with, by);
        // Trust is the chance the contact tells the truth.
        let honest = self.rng.intel.percent(trust.clamp(10, 95) as u32);
        let profile = self.profile(with);
        let known_redlines: Vec<usize> = self.knowledge[by.index()]
            .iter()
            .filter(|k| k.about == with)
            .filter_map(|k| match k.what {
                InsightKind::Redline { index } => Some(index),
                _ => None,
            })
            .collect();
        let fresh_redline = (0..profile.redlines.len()).find(|i| !known_redlines.contains(i));
        let ask_redline = fresh_redline.is_some() && self.rng.intel.percent(50);
        let what = match (ask_redline, fresh_redline) {
            (true, Some(index)) if honest => InsightKind::Redline { index },
            _ => {
                let weights = &self.profiles[with.index()].weights;
                let n = weights.len().max(1);
                let issue = if honest {
                    // Their most important issue not yet learned.
                    let known: Vec<u8> = self.knowledge[by.index()]
                        .iter()
                        .filter(|k| k.about == with)
                        .filter_map(|k| match k.what {
                            InsightKind::Priority { issue } => Some(issue),
                            _ => None,
                        })
                        .collect();
                    let mut order: Vec<usize> = (0..weights.len()).collect();
                    order.sort_by_key(|i| (std::cmp::Reverse(weights[*i]), *i));
                    order
                        .into_iter()
                        .find(|i| !known.contains(&(*i as u8)))
                        .unwrap_or(0)
                } else {
                    self.rng.intel.below(n as u32) as usize
                };
                InsightKind::Priority { issue: issue as u8 }
            }
        };
        if let InsightKind::Priority { issue } = what {
            self.ai.learn_priority(by, with, issue as usize);
        }
        if let InsightKind::Redline { index } = what {
            self.ai.learn_redline(by, with, index);
        }
        self.knowledge[by.index()].push(Insight {
            turn: self.turn,
            about: with,
            what,
        });
    }

    // ------------------------------------------------------------------
    // Effects

    pub(crate) fn apply_effect(&mut self, e: &Effect, _by: Option<Delegation>) {
        match e {
            Effect::Move(t, v) => self.world.move_track(*t, *v),
            Effect::Set(t, v) => self.world.set_track(*t, *v),
            Effect::Trust(a, b, v) => self.world.move_trust(*a, *b, *v),
            Effect::Domestic(d, v) => self.world.move_domestic(*d, *v),
            Effect::SetFlag(f) => self.world.set_flag(*f, true),
            Effect::ClearFlag(f) => self.world.set_flag(*f, false),
            Effect::Capital(d, v) => {
                let c = &mut self.capital[d.index()];
                *c = (*c + v).clamp(0, CAPITAL_CAP);
            }
            Effect::Batna(d, v) => {
                let s = &mut self.batna_shift[d.index()];
                *s = (*s + v).clamp(-100, 100);
            }
            Effect::Concession(d, v) => {
                let c = &mut self.concession[d.index()];
                *c = (*c as i32 + v).clamp(5, 1000) as u32;
            }
            Effect::Utility(d, i, o, v) => {
                let w = self.profiles[d.index()]
                    .weights
                    .get(*i)
                    .copied()
                    .unwrap_or(0);
                let base = self.profiles[d.index()]
                    .utilities
                    .get(*i)
                    .and_then(|r| r.get(*o))
                    .copied()
                    .unwrap_or(0);
                if let Some(cell) = self.prefs[d.index()]
                    .table
                    .get_mut(*i)
                    .and_then(|r| r.get_mut(*o))
                {
                    let current = if w > 0 { *cell / w } else { base };
                    *cell = (current + v).clamp(0, 100) * w;
                    self.tables_moved += 1;
                }
            }
            Effect::Reveal(to, about) => {
                let profile = &self.profiles[about.index()];
                let known = &self.knowledge[to.index()];
                let fresh = (0..profile.redlines.len()).find(|i| {
                    !known
                        .iter()
                        .any(|k| k.about == *about && k.what == InsightKind::Redline { index: *i })
                });
                let what = match fresh {
                    Some(index) => InsightKind::Redline { index },
                    None => {
                        let w = &profile.weights;
                        let top = (0..w.len())
                            .max_by_key(|i| (w[*i], std::cmp::Reverse(*i)))
                            .unwrap_or(0);
                        InsightKind::Priority { issue: top as u8 }
                    }
                };
                match what {
                    InsightKind::Redline { index } => self.ai.learn_redline(*to, *about, index),
                    InsightKind::Priority { issue } => {
                        self.ai.learn_priority(*to, *about, issue as usize)
                    }
                }
                self.knowledge[to.index()].push(Insight {
                    turn: self.turn,
                    about: *about,
                    what,
                });
            }
            Effect::Table(d, p) => {
                let card = self.current_card.clone();
                self.put_on_table(*d, p.clone(), card);
            }
        }
    }

    pub(crate) fn push(&mut self, item: NewsItem) {
        self.news.push(News {
            turn: self.turn,
            item,
        });
    }

    // ------------------------------------------------------------------
    // The month

    /// Step 1: the opening cards (turn 1), the triggered cards, one drawn card.
    fn deal_events(&mut self) {
        let scenario = self.scenario.clone();
        if self.turn == 1 {
            for c in &scenario.opening {
                self.play_card(*c, false);
            }
        }
        // Triggered cards whose trigger now holds, in file order. A card
        // played changes the world the next triggers look at, so the look
        // starts afresh after each (and only then).
        let mut from = 0;
        while let Some(i) = self.with_ctx(None, |ctx| {
            (from..scenario.cards.len()).find(|&i| {
                !self.cards_played[i]
                    && scenario.cards[i]
                        .trigger
                        .as_ref()
                        .is_some_and(|t| t.holds(ctx))
            })
        }) {
            self.play_card(i, true);
            from = i + 1;
        }
        // One drawn card, by weight among the eligible.
        let weights: Vec<u32> = self.with_ctx(None, |ctx| {
            scenario
                .cards
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    if c.trigger.is_some() || (c.once && self.cards_played[i]) {
                        return 0;
                    }
                    if c.when.as_ref().is_some_and(|w| !w.holds(ctx)) {
                        return 0;
                    }
                    let mut w = c.weight as i64;
                    for (cond, add) in &c.weight_mods {
                        if cond.holds(ctx) {
                            w += *add as i64;
                        }
                    }
                    w.clamp(0, 10_000) as u32
                })
                .collect()
        });
        if let Some(i) = self.rng.deck.weighted(&weights) {
            self.play_card(i, false);
        }
        // Capital for the month.
        for d in Delegation::ALL {
            let gain = self.profiles[d.index()].doctrine.capital as i32;
            let c = &mut self.capital[d.index()];
            *c = (*c + gain).min(CAPITAL_CAP);
        }
        // A card may already have ended the game (it cannot today, but an
        // escalation card could set the track to its maximum).
        self.check_escalation_threshold();
    }

    fn play_card(&mut self, i: usize, triggered: bool) {
        let scenario = self.scenario.clone();
        let Some(card) = scenario.cards.get(i) else {
            return;
        };
        self.cards_played[i] = true;
        self.push(NewsItem::Event { card: i, triggered });
        self.current_card = Some(card.id.clone());
        for e in &card.effects {
            self.apply_effect(e, None);
        }
        self.current_card = None;
    }

    /// With no human seats, play one whole month. With human seats, this
    /// ends the turn for every human still acting.
    pub fn advance(&mut self) {
        if self.is_over() {
            return;
        }
        self.log.push(Step::Advance);
        for d in self.setup.humans.iter() {
            self.ended.insert(d);
        }
        self.finish_month();
    }

    /// Steps 3–5, then the next month's events.
    fn finish_month(&mut self) {
        // A world already at the top of the escalation ladder (a lever, an
        // event, a loaded position) is a crisis before anyone talks again.
        if self.check_escalation_threshold() {
            return;
        }
        // 3. Counterparts.
        counterpart::play_counterparts(self);
        if self.is_over() {
            return;
        }
        // 5a. An agreement reached at the table ends the game before the
        // war moves again.
        if self.check_agreement() {
            return;
        }
        // 4. The war.
        let before = self.world.tracks;
        war::move_war(self);
        let changes = war::headline_changes(&before, &self.world.tracks);
        self.push(NewsItem::War { changes });
        self.record_snapshot();
        // 5b. Walk-outs, escalation, deadline.
        for d in Delegation::ALL {
            if self.is_human(d) {
                continue;
            }
            if let Some(at) = self.profiles[d.index()].doctrine.walk_out_at {
                let needed = d == Delegation::Ukraine || d == Delegation::Russia;
                if needed && self.world.domestic(d) >= at {
                    self.push(NewsItem::WalkOut { by: d });
                    self.end(EndState::Collapse, None);
                    return;
                }
            }
        }
        if self.check_escalation_threshold() {
            return;
        }
        if self.world.track(Track::EscalationRisk) >= war::CRISIS_ZONE {
            let risk = self.world.track(Track::EscalationRisk);
            let chance = ((risk - war::CRISIS_ZONE + 1) * 3).clamp(0, 100) as u32;
            if self.rng.war.percent(chance) {
                self.end(EndState::Escalation, None);
                return;
            }
        }
        if self.turn >= self.scenario.turns {
            self.end(EndState::FrozenConflict, None);
            return;
        }
        // Next month.
        self.turn += 1;
        self.ended = DelegationSet::EMPTY;
        // Packages older than two months are withdrawn.
        let turn = self.turn;
        self.table.retain(|p| p.turn + 2 >= turn);
        self.deal_events();
    }

    fn check_escalation_threshold(&mut self) -> bool {
        let spec = self.world.spec(Track::EscalationRisk);
        if self.world.track(Track::EscalationRisk) >= spec.max && !self.is_over() {
            self.end(EndState::Escalation, None);
            return true;
        }
        false
    }

    /// Is some package signed by everyone it needs? Then the game ends.
    pub(crate) fn check_agreement(&mut self) -> bool {
        // Ukraine and Russia must sign every deal, so a package one of them
        // has not accepted is passed over before the rest of who must sign
        // is worked out: that is most packages, twice a month.
        let signed = |p: &Proposal| {
            p.accepted.contains(Delegation::Ukraine)
                && p.accepted.contains(Delegation::Russia)
                && self
                    .scenario
                    .signatories(&p.package)
                    .iter()
                    .all(|d| p.accepted.contains(d))
        };
        let Some(p) = self.table.iter().find(|p| signed(p)) else {
            return false;
        };
        let id = p.id;
        let package = p.package.clone();
        self.push(NewsItem::Agreement { proposal: id });
        let state = outcome::classify(&self.scenario, &package);
        self.end(state, Some(package));
        true
    }

    pub(crate) fn end(&mut self, state: EndState, package: Option<Package>) {
        if self.outcome.is_some() {
            return;
        }
        self.push(NewsItem::End { state });
        let scores = outcome::scores(self, state, package.as_ref());
        self.outcome = Some(Outcome {
            state,
            package,
            turn: self.turn,
            scores,
        });
    }

    fn record_snapshot(&mut self) {
        let batna = std::array::from_fn(|i| self.batna(Delegation::ALL[i]));
        self.history.push(Snapshot {
            turn: self.turn,
            tracks: self.world.tracks,
            batna,
        });
    }

    /// Play the whole game with the machine in every seat that has no
    /// person (and, for autoplay, treat every seat that way).
    pub fn play_to_end(&mut self, max_turns: Option<u32>) {
        let stop = max_turns.map(|k| self.turn + k);
        while !self.is_over() {
            if stop.is_some_and(|s| self.turn >= s) {
                break;
            }
            self.advance();
        }
    }
}

/// The largest hidden shift of a delegation's BATNA, in points (0–100).
pub const RESOLVE: i32 = 6;

/// Utility lost for signing below one's own public statement.
pub const WALK_BACK_COST: Bp = 800;

impl Game {
    /// The actions a delegation may take now, except tabling (any package
    /// may be tabled while capital lasts) and statements (one per option).
    pub fn simple_actions(&self, d: Delegation) -> Vec<Action> {
        let mut v = vec![Action::EndTurn { by: d }];
        if self.is_over() {
            return vec![];
        }
        for p in &self.table {
            if self.scenario.signatories(&p.package).contains(d) {
                v.push(Action::Accept {
                    by: d,
                    proposal: p.id,
                });
                v.push(Action::Reject {
                    by: d,
                    proposal: p.id,
                });
            }
        }
        let capital = self.capital[d.index()];
        if capital >= COST_BACK_CHANNEL {
            for o in Delegation::ALL {
                if o != d {
                    v.push(Action::BackChannel { by: d, with: o });
                }
            }
        }
        for (i, l) in self.profile(d).levers.iter().enumerate() {
            if capital >= l.cost as i32 && self.lever_available(d, i).is_ok() {
                v.push(Action::Lever {
                    by: d,
                    lever: l.id.clone(),
                });
            }
        }
        v
    }
}
