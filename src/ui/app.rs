//! The UI's state and its one entry point for change, `App::update`. This
//! is the only place that calls the core; it does no I/O — what must be
//! done outside (quitting) comes back as an `Effect`.

use super::command::{Command, Effect, Purpose};
use super::keymap::Context;
use super::screens::debrief;
use super::storage::SaveEntry;
use super::theme::Theme;
use crate::core::action::{Action, Intervention, Step};
use crate::core::dice::Difficulty;
use crate::core::game::{Game, Setup};
use crate::core::ids::{Delegation, DelegationSet, Track};
use crate::core::news::NewsItem;
use crate::core::scenario::{Package, Scenario};
use std::sync::Arc;

/// The screen underneath any pop-ups.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Screen {
    Title,
    Setup,
    Briefing,
    Table,
    Debrief,
    Replay,
}

/// A layer over the screen; the last one has the keys.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Layer {
    Help,
    Editor(Editor),
    Levers {
        sel: usize,
    },
    BackChannel {
        sel: usize,
    },
    Statement(StatementPick),
    /// Event cards to show, as indices into the scenario's cards.
    Cards {
        queue: Vec<usize>,
        at: usize,
    },
    /// The answers given in the month just played (news indices), scrolled
    /// down by `scroll` rows.
    Answers {
        from: usize,
        scroll: u16,
    },
    ConfirmQuit,
    /// Saving on the way out failed: quit anyway?
    QuitUnsaved {
        reason: String,
    },
    /// Typing a save name.
    SaveName {
        text: String,
    },
    /// The saves in the folder, to load or replay one.
    SaveList {
        purpose: Purpose,
        entries: Vec<SaveEntry>,
        sel: usize,
    },
    /// Replay: typing the month to jump to.
    GoTo {
        text: String,
    },
    /// Hot-seat: a curtain while the keyboard passes to another
    /// delegation; nothing private shows through it.
    Handover {
        to: Delegation,
    },
    /// Your confidential brief (aims, redlines, levers), over the table.
    Brief,
    /// The facilitator's all-seeing view and controls.
    Facilitator(FacilitatorView),
    /// The facilitator types the reason for moving a track.
    Reason {
        track: Track,
        by: i32,
        text: String,
    },
}

/// The facilitator's view: which tab, which row, how far to move a track.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FacilitatorView {
    pub tab: FacilitatorTab,
    pub sel: usize,
    /// Adjust tab: the change to apply, in the track's units.
    pub amount: i32,
}

/// The facilitator's tabs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FacilitatorTab {
    /// Every delegation's weights, redlines, BATNA and current target.
    Delegations,
    /// Every answer of the month with all its reasons.
    Reasoning,
    /// Play a card from the deck.
    Inject,
    /// Move a track, with a reason.
    Adjust,
    /// Stop or restart the turn clock.
    Clock,
}

impl FacilitatorTab {
    pub const ALL: [FacilitatorTab; 5] = [
        FacilitatorTab::Delegations,
        FacilitatorTab::Reasoning,
        FacilitatorTab::Inject,
        FacilitatorTab::Adjust,
        FacilitatorTab::Clock,
    ];

    pub fn name(self) -> &'static str {
        match self {
            FacilitatorTab::Delegations => "Delegations",
            FacilitatorTab::Reasoning => "AI reasoning",
            FacilitatorTab::Inject => "Inject",
            FacilitatorTab::Adjust => "Adjust",
            FacilitatorTab::Clock => "Clock",
        }
    }

    fn step(self, by: i32) -> FacilitatorTab {
        let n = Self::ALL.len() as i32;
        let i = Self::ALL.iter().position(|t| *t == self).unwrap_or(0) as i32;
        Self::ALL[(i + by).rem_euclid(n) as usize]
    }
}

/// The proposal being edited: an option per issue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Editor {
    pub package: Vec<u8>,
    pub issue: usize,
}

/// A statement being chosen: first the issue, then the option.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatementPick {
    pub issue: usize,
    pub option: usize,
    pub picking_option: bool,
}

/// The title menu's entries.
pub const TITLE_MENU: [&str; 4] = [
    "New game",
    "Load a saved game",
    "Replay a saved game",
    "Quit",
];

/// The new-game form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SetupForm {
    pub field: usize,
    pub scenario: usize,
    /// Index into the scenario's variants.
    pub variant: usize,
    pub delegation: usize,
    pub difficulty: Difficulty,
    pub seed: u64,
    /// Other delegations played by teams at this keyboard (hot-seat);
    /// `others_cursor` is the one ←→ points at, Space ticks it.
    pub others: DelegationSet,
    pub others_cursor: usize,
    /// A facilitator runs the class (the all-seeing view).
    pub facilitator: bool,
    /// Index into `CLOCK_CHOICES`.
    pub clock: usize,
}

/// Turn clock choices in the setup, minutes (0: none).
pub const CLOCK_CHOICES: [u32; 8] = [0, 2, 3, 5, 8, 10, 15, 20];

impl SetupForm {
    pub const FIELDS: [&'static str; 8] = [
        "Scenario",
        "US doctrine",
        "You play",
        "Also here",
        "Opponents",
        "Seed",
        "Facilitator",
        "Turn clock",
    ];
}

/// A game in progress, seen from the player's seat.
#[derive(Clone, Debug)]
pub struct Session {
    pub game: Game,
    pub you: Delegation,
    /// Something happened since the last save.
    pub dirty: bool,
    /// The highlighted package on the table (index into `game.table`).
    pub selected: usize,
    /// Where the news of the current month start.
    pub month_news: usize,
    /// The Pareto frontier against the main counterpart, for the debrief
    /// (worked out once, when the game ends).
    pub frontier: Vec<(f64, f64)>,
    /// The name the game is saved (and autosaved) under.
    pub save_name: String,
    /// Replay only: see every delegation's true stance, not what `you`
    /// knew.
    pub all_seeing: bool,
    /// Hot-seat: the delegations that have read their brief.
    pub briefed: DelegationSet,
    /// Per delegation: a package drafted in the editor and not tabled
    /// (kept when the turn clock runs out).
    pub drafts: [Option<Vec<u8>>; 4],
    /// The turn clock, if the class plays with one.
    pub clock: Option<TurnClock>,
}

/// A countdown for each delegation's turn (`--turn-minutes`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TurnClock {
    /// A whole turn, in milliseconds.
    pub turn_ms: u64,
    /// What is left of this turn.
    pub left_ms: u64,
    /// Stopped by the facilitator.
    pub paused: bool,
}

impl TurnClock {
    pub fn new(minutes: u32) -> TurnClock {
        let turn_ms = u64::from(minutes.max(1)) * 60_000;
        TurnClock {
            turn_ms,
            left_ms: turn_ms,
            paused: false,
        }
    }

    /// "4:59", rounded up, so 0:00 means time is up.
    pub fn label(&self) -> String {
        let secs = self.left_ms.div_ceil(1000);
        format!("{}:{:02}", secs / 60, secs % 60)
    }
}

impl Session {
    pub fn new(game: Game, you: Delegation) -> Session {
        let save_name = default_save_name(&game, you);
        let mut s = Session {
            game,
            you,
            dirty: false,
            selected: 0,
            month_news: 0,
            frontier: Vec::new(),
            save_name,
            all_seeing: false,
            briefed: DelegationSet::of(&[you]),
            drafts: Default::default(),
            clock: None,
        };
        s.month_news = month_start(&s.game);
        s
    }

    /// The highlighted package, if any.
    pub fn selected_proposal(&self) -> Option<&crate::core::news::Proposal> {
        self.game.table.get(self.selected)
    }

    /// Several delegations share the keyboard.
    pub fn hot_seat(&self) -> bool {
        self.game.setup.humans.len() > 1
    }

    /// Were this answer's reasons given in private to another person's
    /// delegation? (Hot-seat: an answer to a package another team tabled
    /// is theirs to read; that it was given is public.)
    pub fn private_to_another(&self, a: &crate::core::news::Answer) -> bool {
        if self.all_seeing || !self.hot_seat() {
            return false;
        }
        proposer(&self.game, a.proposal).is_some_and(|by| by != self.you && self.game.is_human(by))
    }
}

/// The whole UI state.
#[derive(Clone, Debug)]
pub struct App {
    pub theme: Theme,
    pub scenarios: Vec<Arc<Scenario>>,
    pub screen: Screen,
    pub layers: Vec<Layer>,
    pub title_sel: usize,
    pub setup: SetupForm,
    pub session: Option<Session>,
    /// A one-line message for the player (an error, a result).
    pub status: Option<String>,
    /// How far the briefing is scrolled down.
    pub briefing_scroll: u16,
    /// Draw the map in Braille (fine); off: half blocks, for terminals and
    /// fonts without Braille patterns (the Linux console).
    pub braille: bool,
    /// The saved game being replayed.
    pub replay: Option<Replay>,
    /// Classroom settings for new games: a facilitator, a turn clock.
    pub class: ClassOptions,
}

/// How a class plays: with a facilitator's all-seeing view, with a
/// countdown for each turn.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ClassOptions {
    pub facilitator: bool,
    /// Minutes per delegation's turn; none: no clock.
    pub turn_minutes: Option<u32>,
}

impl App {
    /// An app at the title menu. `scenarios` must not be empty.
    pub fn new(theme: Theme, scenarios: Vec<Arc<Scenario>>) -> App {
        let variant = scenarios.first().map(|s| s.default_variant).unwrap_or(0);
        App {
            theme,
            scenarios,
            screen: Screen::Title,
            layers: Vec::new(),
            title_sel: 0,
            setup: SetupForm {
                field: 0,
                scenario: 0,
                variant,
                delegation: Delegation::Ukraine.index(),
                difficulty: Difficulty::Normal,
                seed: 1,
                others: DelegationSet::EMPTY,
                others_cursor: 0,
                facilitator: false,
                clock: 0,
            },
            session: None,
            status: None,
            braille: true,
            briefing_scroll: 0,
            replay: None,
            class: ClassOptions::default(),
        }
    }

    /// Straight to the briefing of a new game (`armistice play …`).
    pub fn start(
        &mut self,
        scenario: usize,
        variant: Option<usize>,
        you: Delegation,
        difficulty: Difficulty,
        seed: u64,
    ) {
        self.start_with(
            scenario,
            variant,
            DelegationSet::of(&[you]),
            difficulty,
            seed,
        );
    }

    /// A new game with one or more delegations at the keyboard (hot-seat);
    /// the first of them (in the usual order) starts, with its brief.
    pub fn start_with(
        &mut self,
        scenario: usize,
        variant: Option<usize>,
        humans: DelegationSet,
        difficulty: Difficulty,
        seed: u64,
    ) {
        let Some(s) = self.scenarios.get(scenario).cloned() else {
            return;
        };
        let humans = if humans.is_empty() {
            DelegationSet::of(&[Delegation::Ukraine])
        } else {
            humans
        };
        let you = humans.iter().next().unwrap_or(Delegation::Ukraine);
        self.setup.scenario = scenario;
        self.setup.variant = variant.unwrap_or(s.default_variant);
        self.setup.delegation = you.index();
        self.setup.others = humans;
        self.setup.others.remove(you);
        self.setup.difficulty = difficulty;
        self.setup.seed = seed;
        let game = Game::new(
            s.clone(),
            Setup {
                seed,
                variant: if s.variants.is_empty() {
                    None
                } else {
                    Some(self.setup.variant)
                },
                humans,
                difficulty,
            },
        );
        let mut session = Session::new(game, you);
        session.clock = self.class.turn_minutes.map(TurnClock::new);
        self.session = Some(session);
        self.layers.clear();
        self.briefing_scroll = 0;
        self.screen = Screen::Briefing;
    }

    /// The keymap context: the top layer's, else the screen's.
    pub fn context(&self) -> Context {
        match self.layers.last() {
            Some(Layer::Help) => Context::Help,
            Some(Layer::Editor(_)) => Context::Editor,
            Some(Layer::Levers { .. } | Layer::BackChannel { .. } | Layer::Statement(_)) => {
                Context::Picker
            }
            Some(Layer::Cards { .. } | Layer::Answers { .. }) => Context::Popup,
            Some(Layer::ConfirmQuit | Layer::QuitUnsaved { .. }) => Context::Confirm,
            Some(Layer::SaveName { .. } | Layer::GoTo { .. }) => Context::Text,
            Some(Layer::SaveList { .. }) => Context::SaveList,
            Some(Layer::Handover { .. }) => Context::Handover,
            Some(Layer::Brief) => Context::Popup,
            Some(Layer::Facilitator(_)) => Context::Facilitator,
            Some(Layer::Reason { .. }) => Context::Text,
            None => match self.screen {
                Screen::Title => Context::Title,
                Screen::Setup => Context::Setup,
                Screen::Briefing => Context::Briefing,
                Screen::Table => Context::Table,
                Screen::Debrief => Context::Debrief,
                Screen::Replay => Context::Replay,
            },
        }
    }

    /// The game on screen: the one being played, or the replay's.
    pub fn current(&self) -> Option<&Session> {
        match (self.screen, &self.replay) {
            (Screen::Replay, Some(r)) => Some(&r.session),
            _ => self.session.as_ref(),
        }
    }

    /// How often the loop should wake with nothing typed: while a replay
    /// plays (its step time), and while a turn clock runs (to redraw it).
    pub fn tick_interval(&self) -> Option<std::time::Duration> {
        match (self.screen, &self.replay) {
            (Screen::Replay, Some(r)) if r.playing && self.layers.is_empty() => {
                Some(std::time::Duration::from_millis(
                    REPLAY_SPEEDS_MS[r.speed.min(REPLAY_SPEEDS_MS.len() - 1)],
                ))
            }
            _ if self.clock_running() => Some(std::time::Duration::from_millis(250)),
            _ => None,
        }
    }

    /// Is a delegation's turn clock counting down? Only at the table, not
    /// behind the hand-over curtain, not when paused.
    pub fn clock_running(&self) -> bool {
        let Some(s) = &self.session else {
            return false;
        };
        self.screen == Screen::Table
            && !s.game.is_over()
            && s.clock.is_some_and(|c| !c.paused)
            && !self
                .layers
                .iter()
                .any(|l| matches!(l, Layer::Handover { .. } | Layer::ConfirmQuit))
    }

    /// Time passed (the loop measures it; tests pass it). At zero the turn
    /// ends for the delegation at the keyboard; a package open in the
    /// editor stays as its draft.
    pub fn elapse(&mut self, dt: std::time::Duration) -> Vec<Effect> {
        if !self.clock_running() {
            return vec![];
        }
        let Some(s) = self.session.as_mut() else {
            return vec![];
        };
        let Some(c) = s.clock.as_mut() else {
            return vec![];
        };
        let ms = u64::try_from(dt.as_millis()).unwrap_or(u64::MAX);
        c.left_ms = c.left_ms.saturating_sub(ms);
        if c.left_ms > 0 {
            return vec![];
        }
        // Time is up. Keep the draft, close everything, end the turn.
        let who = s.you;
        let mut kept = false;
        for l in &self.layers {
            if let Layer::Editor(ed) = l {
                s.drafts[who.index()] = Some(ed.package.clone());
                kept = true;
            }
        }
        self.layers.clear();
        let fx = if self.end_turn() {
            self.autosave()
        } else {
            vec![]
        };
        let note = format!(
            "Time is up for {}: the turn ends{}.",
            who.name(),
            if kept {
                "; the package in the editor is kept as a draft"
            } else {
                ""
            }
        );
        self.status = Some(match self.status.take() {
            Some(old) if !old.ends_with("has ended its turn.") => format!("{note} {old}"),
            _ => note,
        });
        fx
    }

    /// A new turn for the delegation at the keyboard: a full clock.
    fn restart_clock(&mut self) {
        if let Some(c) = self.session.as_mut().and_then(|s| s.clock.as_mut()) {
            c.left_ms = c.turn_ms;
        }
    }
    /// The context under the help overlay (what the help describes).
    pub fn context_below_help(&self) -> Context {
        let mut probe = self.clone();
        while matches!(probe.layers.last(), Some(Layer::Help)) {
            probe.layers.pop();
        }
        probe.context()
    }

    /// Unsaved progress that quitting would lose.
    pub fn unsaved(&self) -> bool {
        self.session
            .as_ref()
            .is_some_and(|s| s.dirty && !s.game.is_over())
    }

    /// Apply one command.
    pub fn update(&mut self, cmd: Command) -> Vec<Effect> {
        if cmd == Command::ForceQuit {
            // Leave at once, keeping what can be kept.
            let mut v = Vec::new();
            if let Some(s) = &self.session {
                if s.dirty {
                    v.push(Effect::Save {
                        name: s.save_name.clone(),
                        auto: true,
                    });
                }
            }
            v.push(Effect::Quit);
            return v;
        }
        if cmd == Command::Tick {
            if self.layers.is_empty() && self.screen == Screen::Replay {
                self.replay_command(Command::Tick);
            }
            return vec![];
        }
        if cmd == Command::Help && self.context() != Context::Help {
            self.layers.push(Layer::Help);
            return vec![];
        }
        if let Some(layer) = self.layers.last().cloned() {
            return self.update_layer(layer, cmd);
        }
        match self.screen {
            Screen::Title => self.update_title(cmd),
            Screen::Setup => self.update_setup(cmd),
            Screen::Briefing => self.update_briefing(cmd),
            Screen::Table => self.update_table(cmd),
            Screen::Debrief => self.update_debrief(cmd),
            Screen::Replay => self.replay_command(cmd),
        }
    }

    /// The loop saved (or failed to save) the game as `name`.
    pub fn saved(&mut self, name: &str, auto: bool, result: Result<String, String>) {
        let Some(s) = self.session.as_mut() else {
            return;
        };
        match result {
            Ok(path) => {
                s.dirty = false;
                s.save_name = name.to_string();
                if !auto {
                    self.status = Some(format!("Saved as \"{name}\" — {path}"));
                }
            }
            Err(e) => {
                self.status = Some(if auto {
                    format!("Autosave failed: {e}. The game goes on.")
                } else {
                    format!("Could not save: {e}. The game goes on.")
                });
            }
        }
    }

    /// Saving on the way out failed: ask before losing the moves.
    pub fn save_failed_at_quit(&mut self, reason: String) {
        self.layers.push(Layer::QuitUnsaved { reason });
    }

    /// The loop wrote (or failed to write) the after-action report.
    pub fn reported(&mut self, result: Result<String, String>) {
        self.status = Some(match result {
            Ok(path) => format!("The after-action report is in {path}"),
            Err(e) => format!("Could not write the report: {e}"),
        });
    }

    /// The loop listed the saves.
    pub fn listed(&mut self, purpose: Purpose, entries: Vec<SaveEntry>) {
        if entries.is_empty() {
            self.status =
                Some("No saved games yet: a game is saved every month and with s.".into());
            return;
        }
        self.status = None;
        self.layers.push(Layer::SaveList {
            purpose,
            entries,
            sel: 0,
        });
    }

    /// The loop read a save (or could not).
    pub fn opened(&mut self, purpose: Purpose, name: &str, result: Result<Game, String>) {
        let game = match result {
            Ok(g) => g,
            Err(e) => {
                self.status = Some(format!("Could not open \"{name}\": {e}"));
                return;
            }
        };
        let outcome = match purpose {
            Purpose::Load => self.resume(name, game),
            Purpose::Replay => {
                self.open_replay(name, game);
                Ok(())
            }
        };
        if let Err(e) = outcome {
            self.status = Some(e);
        }
    }

    /// Continue a saved game at the table (or its debrief, if it ended).
    pub fn resume(&mut self, name: &str, game: Game) -> Result<(), String> {
        // The delegation whose turn it is (hot-seat: the first still to
        // act this month).
        let Some(you) = game
            .waiting_for()
            .first()
            .copied()
            .or_else(|| game.setup.humans.iter().next())
        else {
            return Err(format!(
                "\"{name}\" was played by the machine alone: replay it instead."
            ));
        };
        let mut s = Session::new(game, you);
        s.save_name = name.to_string();
        s.clock = self.class.turn_minutes.map(TurnClock::new);
        // Every team has read its brief before the save was made.
        s.briefed = s.game.setup.humans;
        let curtain = s.hot_seat() && !s.game.is_over();
        let turn = s.game.turn;
        let over = s.game.is_over();
        let date = s.game.scenario.date_label(turn);
        self.session = Some(s);
        self.layers.clear();
        self.replay = None;
        if over {
            self.open_debrief();
            self.status = Some(format!("\"{name}\": this game is over."));
        } else {
            self.screen = Screen::Table;
            self.status = Some(format!("Resumed \"{name}\" in {date}, turn {turn}."));
            if curtain {
                self.layers.push(Layer::Handover { to: you });
            }
        }
        Ok(())
    }

    /// Open the replay viewer on a saved game, at its start.
    pub fn open_replay(&mut self, name: &str, game: Game) {
        self.replay = Some(Replay::new(name, &game));
        self.layers.clear();
        self.screen = Screen::Replay;
        self.status = None;
    }

    fn replay_command(&mut self, cmd: Command) -> Vec<Effect> {
        let Some(r) = self.replay.as_mut() else {
            self.screen = Screen::Title;
            return vec![];
        };
        let n = r.session.game.table.len();
        match cmd {
            Command::Right => {
                r.playing = false;
                r.forward();
            }
            Command::Tick if r.playing && !r.forward() => r.playing = false,
            Command::Left => {
                r.playing = false;
                r.seek(r.at.saturating_sub(1));
            }
            Command::TurnForward => {
                r.playing = false;
                let t = r.turn_at(r.at);
                let to = (r.at..=r.steps.len())
                    .find(|i| r.turn_at(*i) > t)
                    .unwrap_or(r.steps.len());
                r.seek(to);
            }
            Command::TurnBack => {
                r.playing = false;
                let t = r.turn_at(r.at);
                let start = r.first_step_of(t);
                let to = if start < r.at || t <= 1 {
                    start
                } else {
                    r.first_step_of(t - 1)
                };
                r.seek(to);
            }
            Command::First => {
                r.playing = false;
                r.seek(0);
            }
            Command::Last => {
                r.playing = false;
                r.seek(r.steps.len());
            }
            Command::PlayPause => {
                if r.at >= r.steps.len() {
                    r.seek(0);
                }
                r.playing = !r.playing;
            }
            Command::Faster => r.speed = (r.speed + 1).min(REPLAY_SPEEDS_MS.len() - 1),
            Command::Slower => r.speed = r.speed.saturating_sub(1),
            Command::Perspective => r.next_perspective(),
            Command::GoTo => {
                r.playing = false;
                self.layers.push(Layer::GoTo {
                    text: String::new(),
                });
            }
            Command::Up if n > 0 => r.session.selected = (r.session.selected + n - 1) % n,
            Command::Down if n > 0 => r.session.selected = (r.session.selected + 1) % n,
            Command::Answers => {
                r.playing = false;
                let g = &r.session.game;
                let from = g
                    .news
                    .iter()
                    .position(|x| x.turn + 1 >= g.turn)
                    .unwrap_or(g.news.len());
                self.layers.push(Layer::Answers { from, scroll: 0 });
            }
            Command::News => {
                r.playing = false;
                let cards = cards_in(&r.session.game, r.session.month_news);
                if cards.is_empty() {
                    self.status = Some("No event cards this month.".into());
                } else {
                    self.layers.push(Layer::Cards {
                        queue: cards,
                        at: 0,
                    });
                }
            }
            Command::Quit | Command::Back => {
                self.replay = None;
                self.screen = Screen::Title;
            }
            _ => {}
        }
        vec![]
    }

    fn open_facilitator(&mut self) {
        if !self.class.facilitator {
            self.status = Some(
                "The facilitator's view is for classes: start with --facilitator, or turn it on in the new-game setup."
                    .into(),
            );
            return;
        }
        self.layers.push(Layer::Facilitator(FacilitatorView {
            tab: FacilitatorTab::Delegations,
            sel: 0,
            amount: 0,
        }));
    }

    /// The rows of the facilitator's current tab (for moving the cursor).
    pub fn facilitator_rows(&self, tab: FacilitatorTab) -> usize {
        let Some(s) = &self.session else {
            return 0;
        };
        match tab {
            FacilitatorTab::Delegations => Delegation::COUNT,
            FacilitatorTab::Reasoning => 1,
            FacilitatorTab::Inject => unplayed_cards(&s.game).len(),
            FacilitatorTab::Adjust => Track::ALL.len(),
            FacilitatorTab::Clock => 1,
        }
    }

    fn update_facilitator(&mut self, mut v: FacilitatorView, cmd: Command) -> Vec<Effect> {
        let top = self.layers.len().saturating_sub(1);
        let rows = self.facilitator_rows(v.tab).max(1);
        match cmd {
            Command::NextTab | Command::PrevTab => {
                v.tab = v.tab.step(if cmd == Command::NextTab { 1 } else { -1 });
                v.sel = 0;
                v.amount = 0;
            }
            Command::Up => v.sel = (v.sel + rows - 1) % rows,
            Command::Down => v.sel = (v.sel + 1) % rows,
            Command::Left | Command::Right if v.tab == FacilitatorTab::Adjust => {
                let track = Track::ALL[v.sel.min(Track::ALL.len() - 1)];
                let step = self.session.as_ref().map_or(1, |s| {
                    let spec = s.game.world.spec(track);
                    ((spec.max - spec.min) / 50).max(1)
                });
                v.amount += if cmd == Command::Right { step } else { -step };
            }
            Command::Confirm => match v.tab {
                FacilitatorTab::Inject => {
                    let card = self.session.as_ref().and_then(|s| {
                        unplayed_cards(&s.game)
                            .get(v.sel)
                            .map(|i| (*i, s.game.scenario.cards[*i].id.clone()))
                    });
                    if let Some((index, id)) = card {
                        if self.intervene(Intervention::InjectCard { card: id }) {
                            // Show the class the card it has just been dealt.
                            self.layers.push(Layer::Cards {
                                queue: vec![index],
                                at: 0,
                            });
                            return self.autosave_if_over();
                        }
                    }
                }
                FacilitatorTab::Adjust if v.amount != 0 => {
                    let track = Track::ALL[v.sel.min(Track::ALL.len() - 1)];
                    self.layers.push(Layer::Reason {
                        track,
                        by: v.amount,
                        text: String::new(),
                    });
                    v.amount = 0;
                    self.layers[top] = Layer::Facilitator(v);
                    return vec![];
                }
                FacilitatorTab::Adjust => {
                    self.status = Some("Set the change with ←→ first.".into());
                }
                FacilitatorTab::Clock => {
                    let paused = self
                        .session
                        .as_ref()
                        .and_then(|s| s.clock)
                        .map(|c| c.paused);
                    match paused {
                        Some(true) => {
                            self.intervene(Intervention::ResumeClock);
                        }
                        Some(false) => {
                            self.intervene(Intervention::PauseClock);
                        }
                        None => {
                            self.status =
                                Some("This game has no turn clock (--turn-minutes).".into())
                        }
                    }
                }
                _ => {}
            },
            Command::Back | Command::Facilitator => {
                self.layers.pop();
                return vec![];
            }
            Command::Quit => return self.ask_quit(),
            _ => {}
        }
        if let Some(Layer::Facilitator(_)) = self.layers.get(top) {
            self.layers[top] = Layer::Facilitator(v);
        }
        vec![]
    }

    /// Carry out a facilitator's act; true when the game took it.
    fn intervene(&mut self, i: Intervention) -> bool {
        let Some(s) = self.session.as_mut() else {
            return false;
        };
        match s.game.intervene(&i) {
            Ok(()) => {
                s.dirty = true;
                match &i {
                    Intervention::PauseClock => {
                        if let Some(c) = s.clock.as_mut() {
                            c.paused = true;
                        }
                    }
                    Intervention::ResumeClock => {
                        if let Some(c) = s.clock.as_mut() {
                            c.paused = false;
                        }
                    }
                    _ => {}
                }
                self.status = Some(match &i {
                    Intervention::InjectCard { .. } => "The facilitator plays a card.".into(),
                    Intervention::AdjustTrack { track, .. } => format!(
                        "The facilitator moves {}: now {}.",
                        track.label(),
                        track.format(s.game.world.track(*track))
                    ),
                    Intervention::PauseClock => "The clock is stopped.".into(),
                    Intervention::ResumeClock => "The clock runs again.".into(),
                });
                if s.game.is_over() {
                    self.open_debrief();
                }
                true
            }
            Err(e) => {
                self.status = Some(format!("Not possible: {e}."));
                false
            }
        }
    }

    fn autosave_if_over(&self) -> Vec<Effect> {
        if self.session.as_ref().is_some_and(|s| s.game.is_over()) {
            self.autosave()
        } else {
            vec![]
        }
    }

    /// The autosave after a month or at the end.
    fn autosave(&self) -> Vec<Effect> {
        self.session
            .as_ref()
            .map(|s| Effect::Save {
                name: s.save_name.clone(),
                auto: true,
            })
            .into_iter()
            .collect()
    }

    fn ask_quit(&mut self) -> Vec<Effect> {
        if self.unsaved() {
            self.layers.push(Layer::ConfirmQuit);
            vec![]
        } else {
            vec![Effect::Quit]
        }
    }

    fn update_title(&mut self, cmd: Command) -> Vec<Effect> {
        let n = TITLE_MENU.len();
        match cmd {
            Command::Up => self.title_sel = (self.title_sel + n - 1) % n,
            Command::Down => self.title_sel = (self.title_sel + 1) % n,
            Command::Quit => return vec![Effect::Quit],
            Command::Confirm => match self.title_sel {
                0 => {
                    self.screen = Screen::Setup;
                    self.status = None;
                }
                1 => return vec![Effect::ListSaves(Purpose::Load)],
                2 => return vec![Effect::ListSaves(Purpose::Replay)],
                _ => return vec![Effect::Quit],
            },
            _ => {}
        }
        vec![]
    }

    fn update_setup(&mut self, cmd: Command) -> Vec<Effect> {
        let f = &mut self.setup;
        let fields = SetupForm::FIELDS.len();
        match cmd {
            Command::Up | Command::Down => {
                f.field = if cmd == Command::Up {
                    (f.field + fields - 1) % fields
                } else {
                    (f.field + 1) % fields
                };
                if f.others_cursor == f.delegation {
                    f.others_cursor = (f.others_cursor + 1) % Delegation::COUNT;
                }
            }
            Command::Left | Command::Right => {
                let step: i64 = if cmd == Command::Right { 1 } else { -1 };
                let cycle = |v: usize, n: usize| -> usize {
                    if n == 0 {
                        0
                    } else {
                        (v as i64 + step).rem_euclid(n as i64) as usize
                    }
                };
                match f.field {
                    0 => {
                        f.scenario = cycle(f.scenario, self.scenarios.len());
                        f.variant = self
                            .scenarios
                            .get(f.scenario)
                            .map(|s| s.default_variant)
                            .unwrap_or(0);
                    }
                    1 => {
                        let n = self
                            .scenarios
                            .get(f.scenario)
                            .map(|s| s.variants.len())
                            .unwrap_or(0);
                        f.variant = cycle(f.variant, n);
                    }
                    2 => {
                        f.delegation = cycle(f.delegation, Delegation::COUNT);
                        if let Some(d) = Delegation::from_index(f.delegation) {
                            f.others.remove(d);
                        }
                    }
                    3 => {
                        // The cursor skips your own seat.
                        f.others_cursor = cycle(f.others_cursor, Delegation::COUNT);
                        if f.others_cursor == f.delegation {
                            f.others_cursor = cycle(f.others_cursor, Delegation::COUNT);
                        }
                    }
                    4 => {
                        let all = [Difficulty::Easy, Difficulty::Normal, Difficulty::Hard];
                        let i = all.iter().position(|d| *d == f.difficulty).unwrap_or(1);
                        f.difficulty = all[cycle(i, all.len())];
                    }
                    5 => f.seed = f.seed.wrapping_add_signed(step),
                    6 => f.facilitator = !f.facilitator,
                    _ => f.clock = cycle(f.clock, CLOCK_CHOICES.len()),
                }
            }
            Command::Toggle if f.field == 3 => {
                if let Some(d) = Delegation::from_index(f.others_cursor) {
                    if f.others.contains(d) {
                        f.others.remove(d);
                    } else if d.index() != f.delegation {
                        f.others.insert(d);
                    }
                }
            }
            Command::Toggle if f.field == 6 => f.facilitator = !f.facilitator,
            Command::Confirm => {
                let f = self.setup.clone();
                self.class = ClassOptions {
                    facilitator: f.facilitator,
                    turn_minutes: CLOCK_CHOICES.get(f.clock).copied().filter(|m| *m > 0),
                };
                let you = Delegation::from_index(f.delegation).unwrap_or(Delegation::Ukraine);
                let people = f.others.union(DelegationSet::of(&[you]));
                self.start_with(f.scenario, Some(f.variant), people, f.difficulty, f.seed);
            }
            Command::Back => self.screen = Screen::Title,
            Command::Quit => return vec![Effect::Quit],
            _ => {}
        }
        vec![]
    }

    fn update_briefing(&mut self, cmd: Command) -> Vec<Effect> {
        match cmd {
            Command::Down => self.briefing_scroll = self.briefing_scroll.saturating_add(1).min(60),
            Command::Up => self.briefing_scroll = self.briefing_scroll.saturating_sub(1),
            Command::Confirm => {
                self.screen = Screen::Table;
                // The opening cards of the first month.
                if let Some(s) = &self.session {
                    let cards = cards_in(&s.game, 0);
                    if !cards.is_empty() {
                        self.layers.push(Layer::Cards {
                            queue: cards,
                            at: 0,
                        });
                    }
                }
            }
            Command::Back => self.screen = Screen::Setup,
            Command::Quit => return self.ask_quit(),
            _ => {}
        }
        vec![]
    }

    fn update_debrief(&mut self, cmd: Command) -> Vec<Effect> {
        match cmd {
            Command::Confirm => {
                self.session = None;
                self.screen = Screen::Title;
            }
            Command::Report => {
                if let Some(s) = &self.session {
                    self.status = Some("Writing the report (and 1,000 games to compare)…".into());
                    return vec![Effect::Report {
                        name: s.save_name.clone(),
                    }];
                }
            }
            Command::Quit => return vec![Effect::Quit],
            _ => {}
        }
        vec![]
    }

    fn update_table(&mut self, cmd: Command) -> Vec<Effect> {
        if cmd == Command::EndTurn {
            return if self.end_turn() {
                self.autosave()
            } else {
                vec![]
            };
        }
        let Some(s) = self.session.as_mut() else {
            self.screen = Screen::Title;
            return vec![];
        };
        let n = s.game.table.len();
        match cmd {
            Command::Up if n > 0 => s.selected = (s.selected + n - 1) % n,
            Command::Down if n > 0 => s.selected = (s.selected + 1) % n,
            Command::Propose => {
                // Start from your draft (kept when time ran out), else the
                // highlighted package, else your own ideal: the best option
                // on every issue.
                let package = s.drafts[s.you.index()]
                    .clone()
                    .or_else(|| s.selected_proposal().map(|p| p.package.0.clone()))
                    .unwrap_or_else(|| {
                        s.game
                            .profile(s.you)
                            .utilities
                            .iter()
                            .map(|row| {
                                row.iter()
                                    .enumerate()
                                    .max_by_key(|(o, u)| (**u, std::cmp::Reverse(*o)))
                                    .map_or(0, |(o, _)| o as u8)
                            })
                            .collect()
                    });
                self.layers
                    .push(Layer::Editor(Editor { package, issue: 0 }));
            }
            Command::Confirm | Command::Reject => {
                let Some(p) = s.selected_proposal() else {
                    self.status = Some(
                        "There is no package on the table yet: press p to propose one.".into(),
                    );
                    return vec![];
                };
                let (id, by) = (p.id, s.you);
                let action = if cmd == Command::Confirm {
                    Action::Accept { by, proposal: id }
                } else {
                    Action::Reject { by, proposal: id }
                };
                self.act(
                    action,
                    if cmd == Command::Confirm {
                        format!("You sign package #{id}.")
                    } else {
                        format!("You turn package #{id} down.")
                    },
                );
                if self.session.as_ref().is_some_and(|s| s.game.is_over()) {
                    return self.autosave();
                }
            }
            Command::Brief => {
                self.briefing_scroll = 0;
                self.layers.push(Layer::Brief);
            }
            Command::Facilitator => self.open_facilitator(),
            Command::BackChannel => self.layers.push(Layer::BackChannel { sel: 0 }),
            Command::Levers => self.layers.push(Layer::Levers { sel: 0 }),
            Command::Statement => self.layers.push(Layer::Statement(StatementPick {
                issue: 0,
                option: 0,
                picking_option: false,
            })),
            Command::Answers => {
                let from = s.month_news;
                self.layers.push(Layer::Answers { from, scroll: 0 });
            }
            Command::News => {
                let cards = cards_in(&s.game, s.month_news);
                if cards.is_empty() {
                    self.status = Some("No event cards this month.".into());
                } else {
                    self.layers.push(Layer::Cards {
                        queue: cards,
                        at: 0,
                    });
                }
            }
            Command::Save => {
                let text = s.save_name.clone();
                self.layers.push(Layer::SaveName { text });
            }
            Command::Quit => return self.ask_quit(),
            _ => {}
        }
        vec![]
    }

    /// Carry out one of the player's actions, with a status line.
    fn act(&mut self, action: Action, done: String) -> bool {
        let Some(s) = self.session.as_mut() else {
            return false;
        };
        match s.game.apply(&action) {
            Ok(()) => {
                s.dirty = true;
                self.status = Some(done);
                if s.game.is_over() {
                    self.open_debrief();
                }
                true
            }
            Err(e) => {
                self.status = Some(format!("Not possible: {e}."));
                false
            }
        }
    }

    /// End the player's turn; true when the month was played.
    fn end_turn(&mut self) -> bool {
        let Some(s) = self.session.as_mut() else {
            return false;
        };
        let before = s.game.news.len();
        let month = s.game.turn;
        let by = s.you;
        if let Err(e) = s.game.apply(&Action::EndTurn { by }) {
            self.status = Some(format!("Not possible: {e}."));
            return false;
        }
        s.dirty = true;
        s.selected = 0;
        if s.game.is_over() {
            self.status = None;
            self.open_debrief();
            return true;
        }
        // Hot-seat: others still to act this month: pass the keyboard.
        if s.game.turn == month {
            if let Some(next) = s.game.waiting_for().first().copied() {
                self.status = Some(format!("{} has ended its turn.", by.name()));
                self.layers.push(Layer::Handover { to: next });
            }
            return true;
        }
        // The new month's news start where its first event card is.
        let turn = s.game.turn;
        s.month_news = month_start(&s.game);
        let cards = cards_in(&s.game, s.month_news);
        self.status = Some(format!(
            "{} — the others have answered and the war has moved.",
            s.game.scenario.date_label(turn)
        ));
        if !cards.is_empty() {
            self.layers.push(Layer::Cards {
                queue: cards,
                at: 0,
            });
        }
        // Answers first: what became of the packages.
        self.layers.push(Layer::Answers {
            from: before,
            scroll: 0,
        });
        self.restart_clock();
        // Hot-seat: the new month starts with the first delegation, behind
        // the curtain.
        if let Some(s) = &self.session {
            if s.hot_seat() {
                if let Some(first) = s.game.waiting_for().first().copied() {
                    self.layers.push(Layer::Handover { to: first });
                }
            }
        }
        true
    }

    fn update_layer(&mut self, layer: Layer, cmd: Command) -> Vec<Effect> {
        let top = self.layers.len().saturating_sub(1);
        match layer {
            Layer::Help => {
                if cmd == Command::Back {
                    self.layers.pop();
                }
            }
            Layer::ConfirmQuit => match cmd {
                Command::Confirm => {
                    self.layers.pop();
                    return match &self.session {
                        Some(s) => vec![Effect::SaveThenQuit {
                            name: s.save_name.clone(),
                        }],
                        None => vec![Effect::Quit],
                    };
                }
                Command::Back => {
                    self.layers.pop();
                }
                _ => {}
            },
            Layer::Handover { to } => match cmd {
                Command::Facilitator => self.open_facilitator(),
                Command::Confirm => {
                    self.layers.pop();
                    self.restart_clock();
                    if let Some(s) = self.session.as_mut() {
                        s.you = to;
                        s.selected = 0;
                        if !s.briefed.contains(to) {
                            s.briefed.insert(to);
                            self.briefing_scroll = 0;
                            self.layers.push(Layer::Brief);
                        }
                    }
                    self.status = Some(format!("{}'s turn.", to.name()));
                }
                Command::Quit => return self.ask_quit(),
                _ => {}
            },
            Layer::Facilitator(view) => return self.update_facilitator(view, cmd),
            Layer::Reason {
                track,
                by,
                mut text,
            } => match cmd {
                Command::Char(_) | Command::Backspace => {
                    type_into(&mut text, cmd, |_, t| t.chars().count() < 120);
                    self.layers[top] = Layer::Reason { track, by, text };
                }
                Command::Confirm => {
                    if text.trim().is_empty() {
                        self.status = Some("Give the class a reason for the change.".into());
                        return vec![];
                    }
                    self.layers.pop();
                    self.intervene(Intervention::AdjustTrack {
                        track,
                        by,
                        reason: text.trim().to_string(),
                    });
                }
                Command::Back => {
                    self.layers.pop();
                }
                _ => {}
            },
            Layer::Brief => match cmd {
                Command::Down => {
                    self.briefing_scroll = self.briefing_scroll.saturating_add(1).min(60)
                }
                Command::Up => self.briefing_scroll = self.briefing_scroll.saturating_sub(1),
                Command::Confirm | Command::Back => {
                    self.layers.pop();
                }
                _ => {}
            },
            Layer::QuitUnsaved { .. } => match cmd {
                Command::Confirm => return vec![Effect::Quit],
                Command::Back => {
                    self.layers.pop();
                }
                _ => {}
            },
            Layer::SaveName { mut text } => match cmd {
                Command::Char(_) | Command::Backspace => {
                    type_into(&mut text, cmd, |_, t| t.chars().count() < SAVE_NAME_MAX);
                    self.layers[top] = Layer::SaveName { text };
                }
                Command::Confirm => {
                    let name = text.trim().to_string();
                    if name.is_empty() {
                        self.status = Some("A save needs a name.".into());
                        return vec![];
                    }
                    self.layers.pop();
                    return vec![Effect::Save { name, auto: false }];
                }
                Command::Back => {
                    self.layers.pop();
                }
                _ => {}
            },
            Layer::GoTo { mut text } => match cmd {
                Command::Char(_) | Command::Backspace => {
                    type_into(&mut text, cmd, |c, t| c.is_ascii_digit() && t.len() < 3);
                    self.layers[top] = Layer::GoTo { text };
                }
                Command::Confirm => {
                    self.layers.pop();
                    if let (Ok(turn), Some(r)) = (text.parse::<u32>(), self.replay.as_mut()) {
                        let to = (0..=r.steps.len())
                            .find(|i| r.turn_at(*i) >= turn)
                            .unwrap_or(r.steps.len());
                        r.seek(to);
                    }
                }
                Command::Back => {
                    self.layers.pop();
                }
                _ => {}
            },
            Layer::SaveList {
                purpose,
                entries,
                sel,
            } => {
                let n = entries.len().max(1);
                match cmd {
                    Command::Up => {
                        self.layers[top] = Layer::SaveList {
                            purpose,
                            entries,
                            sel: (sel + n - 1) % n,
                        }
                    }
                    Command::Down => {
                        self.layers[top] = Layer::SaveList {
                            purpose,
                            entries,
                            sel: (sel + 1) % n,
                        }
                    }
                    Command::Confirm => match entries.get(sel) {
                        Some(e) if e.ok => {
                            let name = e.name.clone();
                            self.layers.pop();
                            return vec![Effect::Open { name, purpose }];
                        }
                        Some(e) => {
                            self.status = Some(format!("Cannot open {}: {}", e.name, e.label));
                        }
                        None => {
                            self.layers.pop();
                        }
                    },
                    Command::Back => {
                        self.layers.pop();
                    }
                    _ => {}
                }
            }
            Layer::Cards { queue, at } => match cmd {
                Command::Confirm | Command::Right | Command::Down => {
                    if at + 1 < queue.len() {
                        self.layers[top] = Layer::Cards { queue, at: at + 1 };
                    } else {
                        self.layers.pop();
                    }
                }
                Command::Left | Command::Up => {
                    self.layers[top] = Layer::Cards {
                        queue,
                        at: at.saturating_sub(1),
                    };
                }
                Command::Back => {
                    self.layers.pop();
                }
                _ => {}
            },
            Layer::Answers { from, scroll } => match cmd {
                Command::Confirm | Command::Back => {
                    self.layers.pop();
                }
                Command::Down => {
                    self.layers[top] = Layer::Answers {
                        from,
                        scroll: scroll.saturating_add(1),
                    }
                }
                Command::Up => {
                    self.layers[top] = Layer::Answers {
                        from,
                        scroll: scroll.saturating_sub(1),
                    }
                }
                _ => {}
            },
            Layer::Editor(mut ed) => {
                let Some(s) = self.session.as_ref() else {
                    self.layers.pop();
                    return vec![];
                };
                let issues = &s.game.scenario.issues;
                let n = issues.len().max(1);
                match cmd {
                    Command::Up => ed.issue = (ed.issue + n - 1) % n,
                    Command::Down => ed.issue = (ed.issue + 1) % n,
                    Command::Left | Command::Right => {
                        if let (Some(o), Some(issue)) =
                            (ed.package.get_mut(ed.issue), issues.get(ed.issue))
                        {
                            let m = issue.options.len().max(1) as i64;
                            let step = if cmd == Command::Right { 1 } else { -1 };
                            *o = (*o as i64 + step).rem_euclid(m) as u8;
                        }
                    }
                    Command::Confirm => {
                        let package = Package(ed.package.clone());
                        let by = s.you;
                        self.layers.pop();
                        if self.act(
                            Action::Table { by, package },
                            "Your package is on the table. End the turn (n) to hear the answers."
                                .into(),
                        ) {
                            if let Some(s) = self.session.as_mut() {
                                s.selected = s.game.table.len().saturating_sub(1);
                                s.drafts[by.index()] = None;
                            }
                        }
                        return vec![];
                    }
                    Command::Back => {
                        self.layers.pop();
                        return vec![];
                    }
                    _ => {}
                }
                self.layers[top] = Layer::Editor(ed);
            }
            Layer::Levers { sel } => {
                let Some(s) = self.session.as_ref() else {
                    self.layers.pop();
                    return vec![];
                };
                let levers = &s.game.profile(s.you).levers;
                let n = levers.len().max(1);
                match cmd {
                    Command::Up => {
                        self.layers[top] = Layer::Levers {
                            sel: (sel + n - 1) % n,
                        }
                    }
                    Command::Down => self.layers[top] = Layer::Levers { sel: (sel + 1) % n },
                    Command::Confirm => {
                        if let Some(l) = levers.get(sel) {
                            let (id, name, by) = (l.id.clone(), l.name.clone(), s.you);
                            self.layers.pop();
                            self.act(
                                Action::Lever { by, lever: id },
                                format!("You pull a lever: {name}."),
                            );
                        }
                    }
                    Command::Back => {
                        self.layers.pop();
                    }
                    _ => {}
                }
            }
            Layer::BackChannel { sel } => {
                let Some(s) = self.session.as_ref() else {
                    self.layers.pop();
                    return vec![];
                };
                let others = others(s.you);
                let n = others.len();
                match cmd {
                    Command::Up => {
                        self.layers[top] = Layer::BackChannel {
                            sel: (sel + n - 1) % n,
                        }
                    }
                    Command::Down => self.layers[top] = Layer::BackChannel { sel: (sel + 1) % n },
                    Command::Confirm => {
                        let with = others[sel % n];
                        let by = s.you;
                        self.layers.pop();
                        if self.act(Action::BackChannel { by, with }, String::new()) {
                            self.status = Some(self.last_insight(with));
                        }
                    }
                    Command::Back => {
                        self.layers.pop();
                    }
                    _ => {}
                }
            }
            Layer::Statement(mut st) => {
                let Some(s) = self.session.as_ref() else {
                    self.layers.pop();
                    return vec![];
                };
                let issues = &s.game.scenario.issues;
                let ni = issues.len().max(1);
                let no = issues
                    .get(st.issue)
                    .map(|i| i.options.len())
                    .unwrap_or(1)
                    .max(1);
                match (cmd, st.picking_option) {
                    (Command::Up, false) => st.issue = (st.issue + ni - 1) % ni,
                    (Command::Down, false) => st.issue = (st.issue + 1) % ni,
                    (Command::Up, true) => st.option = (st.option + no - 1) % no,
                    (Command::Down, true) => st.option = (st.option + 1) % no,
                    (Command::Confirm | Command::Right, false) => {
                        st.picking_option = true;
                        st.option = 0;
                    }
                    (Command::Confirm, true) => {
                        let (issue, option, by) = (st.issue as u8, st.option as u8, s.you);
                        let words = format!(
                            "You declare in public: {} — {}.",
                            issues.get(st.issue).map(|i| i.name.as_str()).unwrap_or("?"),
                            s.game.scenario.option_name(st.issue, st.option)
                        );
                        self.layers.pop();
                        self.act(Action::Statement { by, issue, option }, words);
                        return vec![];
                    }
                    (Command::Back | Command::Left, true) => st.picking_option = false,
                    (Command::Back, false) => {
                        self.layers.pop();
                        return vec![];
                    }
                    _ => {}
                }
                self.layers[top] = Layer::Statement(st);
            }
        }
        vec![]
    }

    /// The game is over: the debrief, with its frontier worked out.
    fn open_debrief(&mut self) {
        if let Some(s) = self.session.as_mut() {
            let them = debrief::counterpart(s.you);
            s.frontier = debrief::pareto_frontier(&s.game, s.you, them);
        }
        self.layers.clear();
        self.screen = Screen::Debrief;
    }

    /// What the last back-channel told us, in words.
    fn last_insight(&self, with: Delegation) -> String {
        let Some(s) = &self.session else {
            return String::new();
        };
        let g = &s.game;
        match g.knowledge[s.you.index()]
            .iter()
            .rev()
            .find(|k| k.about == with)
        {
            Some(k) => match k.what {
                crate::core::news::InsightKind::Priority { issue } => format!(
                    "Back-channel to {}: what matters most to them is {} (if the contact was honest).",
                    with.name(),
                    g.scenario
                        .issues
                        .get(issue as usize)
                        .map(|i| i.name.to_lowercase())
                        .unwrap_or_default()
                ),
                crate::core::news::InsightKind::Redline { index } => format!(
                    "Back-channel to {}: a redline — {}",
                    with.name(),
                    g.profile(with)
                        .redlines
                        .get(index)
                        .map(|r| r.why.trim().to_string())
                        .unwrap_or_default()
                ),
            },
            None => format!("Back-channel to {}: nothing useful.", with.name()),
        }
    }
}

/// The other three delegations, in the usual order.
pub fn others(you: Delegation) -> Vec<Delegation> {
    Delegation::ALL.into_iter().filter(|d| *d != you).collect()
}

/// The event cards played in the news from index `from` on.
pub fn cards_in(g: &Game, from: usize) -> Vec<usize> {
    g.news
        .iter()
        .skip(from)
        .filter_map(|n| match n.item {
            NewsItem::Event { card, .. } => Some(card),
            _ => None,
        })
        .collect()
}

/// Where the current month's news start (its first event card).
fn month_start(g: &Game) -> usize {
    g.news
        .iter()
        .position(|n| n.turn == g.turn)
        .unwrap_or(g.news.len())
}

/// A save name for a new game: scenario, seat and seed, which a player
/// can read in the load list.
fn default_save_name(g: &Game, you: Delegation) -> String {
    format!(
        "{}-{}-seed{}",
        g.scenario.id,
        you.name().to_lowercase().replace(' ', "-"),
        g.setup.seed
    )
}

/// The longest save name the UI lets you type.
pub const SAVE_NAME_MAX: usize = 48;

/// Typing into a one-line text field: a character that `fits` (given the
/// text so far) is appended, Backspace takes the last one off.
fn type_into(text: &mut String, cmd: Command, fits: impl Fn(char, &str) -> bool) {
    match cmd {
        Command::Char(c) if fits(c, text) => text.push(c),
        Command::Backspace => {
            text.pop();
        }
        _ => {}
    }
}

/// How long each replay step stays on screen at each speed, slowest first.
pub const REPLAY_SPEEDS_MS: [u64; 5] = [3000, 1500, 800, 400, 150];

/// A saved game being stepped through. The game after `at` steps is
/// rebuilt from the start position and the log; a step back replays from
/// the start (a game is a few dozen steps, each under a millisecond).
#[derive(Clone, Debug)]
pub struct Replay {
    pub name: String,
    start: Game,
    pub steps: Vec<Step>,
    /// Steps applied so far.
    pub at: usize,
    /// The month after each number of steps (`steps.len() + 1` entries).
    turns: Vec<u32>,
    /// The game after `at` steps, and whose eyes we see it through.
    pub session: Session,
    pub playing: bool,
    /// Index into `REPLAY_SPEEDS_MS`.
    pub speed: usize,
    /// A step that did not replay (the save was checked, so this means a
    /// bug); shown, never hidden.
    pub error: Option<String>,
}

impl Replay {
    pub fn new(name: &str, game: &Game) -> Replay {
        let start = Game::new(game.scenario.clone(), game.setup.clone());
        let steps = game.log.clone();
        let mut turns = vec![start.turn];
        let mut probe = start.clone();
        let mut error = None;
        for (i, st) in steps.iter().enumerate() {
            if let Err(e) = probe.step(st) {
                error.get_or_insert_with(|| format!("step {} does not replay: {e}", i + 1));
            }
            turns.push(probe.turn);
        }
        // A game with people in it is seen through the first one's eyes; a
        // machine-only game all-seeing.
        let you = game
            .setup
            .humans
            .iter()
            .next()
            .unwrap_or(Delegation::Ukraine);
        let mut session = Session::new(start.clone(), you);
        session.all_seeing = game.setup.humans.is_empty();
        session.save_name = name.to_string();
        Replay {
            name: name.to_string(),
            start,
            steps,
            at: 0,
            turns,
            session,
            playing: false,
            speed: 1,
            error,
        }
    }

    /// The month after `i` steps.
    pub fn turn_at(&self, i: usize) -> u32 {
        self.turns
            .get(i)
            .or(self.turns.last())
            .copied()
            .unwrap_or(1)
    }

    /// The first step index at which month `t` is under way.
    fn first_step_of(&self, t: u32) -> usize {
        self.turns.iter().position(|x| *x >= t).unwrap_or(0)
    }

    /// One step on; false at the end.
    pub fn forward(&mut self) -> bool {
        let Some(st) = self.steps.get(self.at) else {
            return false;
        };
        if let Err(e) = self.session.game.step(st) {
            self.error
                .get_or_insert_with(|| format!("step {} does not replay: {e}", self.at + 1));
        }
        self.at += 1;
        self.settle();
        true
    }

    /// To the position after `to` steps.
    pub fn seek(&mut self, to: usize) {
        let to = to.min(self.steps.len());
        if to < self.at {
            self.session.game = self.start.clone();
            self.at = 0;
        }
        while self.at < to {
            self.forward();
        }
        self.settle();
    }

    fn settle(&mut self) {
        self.session.month_news = month_start(&self.session.game);
        let n = self.session.game.table.len();
        if self.session.selected >= n {
            self.session.selected = n.saturating_sub(1);
        }
    }

    /// Ukraine, Russia, the US, Europe, then all-seeing, round again.
    fn next_perspective(&mut self) {
        const ORDER: [Delegation; 4] = [
            Delegation::Ukraine,
            Delegation::Russia,
            Delegation::Us,
            Delegation::Europe,
        ];
        let s = &mut self.session;
        if s.all_seeing {
            s.all_seeing = false;
            s.you = ORDER[0];
        } else {
            match ORDER.iter().position(|d| *d == s.you) {
                Some(i) if i + 1 < ORDER.len() => s.you = ORDER[i + 1],
                _ => s.all_seeing = true,
            }
        }
    }

    /// What the last step was, in words.
    pub fn last_step(&self) -> String {
        match self.at.checked_sub(1).and_then(|i| self.steps.get(i)) {
            None => "the start".to_string(),
            Some(Step::Advance) => "a month played by the machine".to_string(),
            Some(Step::Act(a)) => describe_action(&self.session.game, a),
            Some(Step::Facilitate(i)) => match i {
                Intervention::InjectCard { card } => {
                    let title = self
                        .session
                        .game
                        .scenario
                        .cards
                        .iter()
                        .find(|c| &c.id == card)
                        .map_or(card.as_str(), |c| c.title.as_str());
                    format!("the facilitator plays \"{title}\"")
                }
                Intervention::AdjustTrack { track, reason, .. } => {
                    format!(
                        "the facilitator moves {} ({})",
                        track.label(),
                        reason.trim()
                    )
                }
                Intervention::PauseClock => "the facilitator stops the clock".into(),
                Intervention::ResumeClock => "the facilitator restarts the clock".into(),
            },
        }
    }
}

/// An action in a few words, for the replay's status line.
fn describe_action(g: &Game, a: &Action) -> String {
    let by = a.by().name();
    match a {
        Action::Table { .. } => format!("{by} tables a package"),
        Action::Accept { proposal, .. } => format!("{by} signs package #{proposal}"),
        Action::Reject { proposal, .. } => format!("{by} turns package #{proposal} down"),
        Action::BackChannel { with, .. } => {
            format!("{by} opens a back-channel to {}", with.name())
        }
        Action::Lever { lever, .. } => {
            let name = g
                .profile(a.by())
                .levers
                .iter()
                .find(|l| &l.id == lever)
                .map(|l| l.name.as_str())
                .unwrap_or(lever.as_str());
            format!("{by} pulls a lever: {name}")
        }
        Action::Statement { issue, option, .. } => format!(
            "{by} declares: {} — {}",
            g.scenario
                .issues
                .get(*issue as usize)
                .map(|i| i.name.as_str())
                .unwrap_or("?"),
            g.scenario.option_name(*issue as usize, *option as usize)
        ),
        Action::WalkOut { .. } => format!("{by} walks out"),
        Action::EndTurn { .. } => format!("{by} ends the turn; the month is played"),
    }
}

/// Who tabled package `id` (from the news, so withdrawn packages count).
pub fn proposer(g: &Game, id: u32) -> Option<Delegation> {
    g.news.iter().rev().find_map(|n| match &n.item {
        NewsItem::Tabled { proposal, by, .. } if *proposal == id => Some(*by),
        _ => None,
    })
}

/// The cards still in the deck (indices), for the facilitator to inject.
pub fn unplayed_cards(g: &Game) -> Vec<usize> {
    (0..g.scenario.cards.len())
        .filter(|i| !g.cards_played.get(*i).copied().unwrap_or(true))
        .collect()
}
