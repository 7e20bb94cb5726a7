#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]
//! The terminal UI on `TestBackend`: every screen at 80×24 and 120×40 as
//! committed snapshots, styles where colour carries meaning, a sweep of
//! sizes that must never panic, updates (commands in, state out) and the
//! whole loop on a scripted input source.

use armistice::builtin;
use armistice::core::dice::Difficulty;
use armistice::core::game::Game;
use armistice::core::ids::Delegation;
use armistice::ui::app::{App, Layer, Screen};
use armistice::ui::command::{Command, Effect, Purpose};
use armistice::ui::event::{Input, Script};
use armistice::ui::screens;
use armistice::ui::storage::{SaveEntry, Storage};
use armistice::ui::theme::{Theme, ThemeKind};
use armistice::ui::{keymap, run_loop};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::Color;
use std::sync::Arc;

fn scenarios() -> Vec<Arc<armistice::core::scenario::Scenario>> {
    builtin::builtin_ids()
        .into_iter()
        .map(|id| Arc::new(builtin::find(id).expect("built-in")))
        .collect()
}

fn app(kind: ThemeKind) -> App {
    App::new(Theme::new(kind), scenarios())
}

/// An app at the table of riyadh-2025 as Ukraine, the opening cards read.
fn at_table(kind: ThemeKind) -> App {
    let mut a = app(kind);
    a.start(0, None, Delegation::Ukraine, Difficulty::Normal, 7);
    a.update(Command::Confirm);
    while matches!(a.layers.last(), Some(Layer::Cards { .. })) {
        a.update(Command::Back);
    }
    assert_eq!(a.screen, Screen::Table);
    a
}

/// The table after one month: a package tabled, the turn ended, the
/// pop-ups closed.
fn after_one_month(kind: ThemeKind) -> App {
    let mut a = at_table(kind);
    a.update(Command::Propose);
    a.update(Command::Confirm);
    a.update(Command::EndTurn);
    a.layers.clear();
    a
}

fn render(a: &App, w: u16, h: u16) -> Buffer {
    let mut t = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    t.draw(|f| screens::draw(f, a)).expect("draw");
    t.backend().buffer().clone()
}

fn text(b: &Buffer) -> String {
    let mut s = String::new();
    for y in 0..b.area.height {
        for x in 0..b.area.width {
            s.push_str(b[(x, y)].symbol());
        }
        s.push('\n');
    }
    s
}

/// Every screen and layer worth looking at, by name.
fn states() -> Vec<(&'static str, App)> {
    let mut v = vec![("title", app(ThemeKind::Default))];
    let mut setup = app(ThemeKind::Default);
    setup.update(Command::Confirm);
    v.push(("setup", setup));
    let mut brief = app(ThemeKind::Default);
    brief.start(0, None, Delegation::Ukraine, Difficulty::Normal, 7);
    v.push(("briefing", brief));
    let mut cards = app(ThemeKind::Default);
    cards.start(0, None, Delegation::Ukraine, Difficulty::Normal, 7);
    cards.update(Command::Confirm);
    v.push(("event_card", cards));
    v.push(("table_empty", at_table(ThemeKind::Default)));
    v.push(("table", after_one_month(ThemeKind::Default)));
    let mut ed = after_one_month(ThemeKind::Default);
    ed.update(Command::Propose);
    v.push(("editor", ed));
    let mut lev = after_one_month(ThemeKind::Default);
    lev.update(Command::Levers);
    v.push(("levers", lev));
    let mut bc = after_one_month(ThemeKind::Default);
    bc.update(Command::BackChannel);
    v.push(("back_channel", bc));
    let mut st = after_one_month(ThemeKind::Default);
    st.update(Command::Statement);
    v.push(("statement", st));
    let mut ans = at_table(ThemeKind::Default);
    ans.update(Command::Propose);
    ans.update(Command::Confirm);
    ans.update(Command::EndTurn);
    v.push(("answers", ans));
    let mut help = after_one_month(ThemeKind::Default);
    help.update(Command::Help);
    v.push(("help", help));
    let mut quit = after_one_month(ThemeKind::Default);
    quit.update(Command::Quit);
    v.push(("confirm_quit", quit));
    v.push(("debrief", finished()));
    let mut save = after_one_month(ThemeKind::Default);
    save.update(Command::Save);
    v.push(("save_name", save));
    let mut list = app(ThemeKind::Default);
    list.listed(
        Purpose::Load,
        vec![
            SaveEntry {
                name: "riyadh-2025-ukraine-seed7".into(),
                label: "Riyadh 2025 · Ukraine · March 2025 (turn 2) · 2026-11-23 09:12".into(),
                ok: true,
            },
            SaveEntry {
                name: "broken".into(),
                label: "cannot be read: 3:14: expected a field name".into(),
                ok: false,
            },
        ],
    );
    v.push(("save_list", list));
    v.push(("replay", replay_at_month(3)));
    let mut fac = at_table(ThemeKind::Default);
    fac.class.facilitator = true;
    fac.update(Command::Facilitator);
    v.push(("facilitator", fac));
    let mut hand = hot_seat();
    hand.update(Command::Propose);
    hand.update(Command::Confirm);
    hand.update(Command::EndTurn);
    v.push(("handover", hand));
    v
}

/// A hot-seat game (Ukraine and Russia at one keyboard) at the table,
/// Ukraine to play, the opening cards read.
fn hot_seat() -> App {
    let mut a = app(ThemeKind::Default);
    a.start_with(
        0,
        None,
        armistice::core::ids::DelegationSet::of(&[Delegation::Russia, Delegation::Ukraine]),
        Difficulty::Normal,
        7,
    );
    assert_eq!(a.screen, Screen::Briefing);
    assert_eq!(a.session.as_ref().unwrap().you, Delegation::Ukraine);
    a.update(Command::Confirm);
    while matches!(a.layers.last(), Some(Layer::Cards { .. })) {
        a.update(Command::Back);
    }
    a
}

/// The replay viewer on the finished game of `finished()`, at the start of
/// month `turn`.
fn replay_at_month(turn: u32) -> App {
    let done = finished();
    let game = done.session.unwrap().game;
    let mut a = app(ThemeKind::Default);
    a.open_replay("a finished game", game);
    a.update(Command::GoTo);
    for c in turn.to_string().chars() {
        a.update(Command::Char(c));
    }
    a.update(Command::Confirm);
    a
}

/// Saves kept in memory, for the loop.
#[derive(Default)]
struct Memory {
    games: Vec<(String, Game)>,
    fail: Option<String>,
}

impl Storage for Memory {
    fn save(&mut self, name: &str, game: &Game) -> Result<String, String> {
        if let Some(e) = &self.fail {
            return Err(e.clone());
        }
        self.games.retain(|(n, _)| n != name);
        self.games.push((name.to_string(), game.clone()));
        Ok(format!("memory/{name}.ron"))
    }
    fn list(&mut self) -> Vec<SaveEntry> {
        self.games
            .iter()
            .rev()
            .map(|(n, g)| SaveEntry {
                name: n.clone(),
                label: format!("turn {}", g.turn),
                ok: true,
            })
            .collect()
    }
    fn load(&mut self, name: &str) -> Result<Game, String> {
        self.games
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, g)| g.clone())
            .ok_or_else(|| "no such save".to_string())
    }
}

/// A game played to its end by ending every turn, at the debrief.
fn finished() -> App {
    let mut a = at_table(ThemeKind::Default);
    for _ in 0..40 {
        if a.screen == Screen::Debrief {
            break;
        }
        a.layers.clear();
        a.update(Command::EndTurn);
    }
    assert_eq!(a.screen, Screen::Debrief, "the game did not end");
    a
}

#[test]
fn every_screen_at_80x24_and_120x40() {
    for (name, a) in states() {
        for (w, h) in [(80, 24), (120, 40)] {
            let b = render(&a, w, h);
            insta::assert_snapshot!(format!("{name}_{w}x{h}"), text(&b));
        }
    }
}

#[test]
fn a_sweep_of_sizes_never_panics() {
    let all = states();
    for w in (0..=200).step_by(7) {
        for h in (0..=60).step_by(5) {
            for (_, a) in &all {
                let _ = render(a, w, h);
            }
        }
    }
    // And the extremes.
    for (w, h) in [
        (0, 0),
        (1, 1),
        (79, 23),
        (80, 24),
        (200, 60),
        (1, 60),
        (200, 1),
    ] {
        for (_, a) in &all {
            let _ = render(a, w, h);
        }
    }
}

#[test]
fn too_small_says_so() {
    let b = render(&at_table(ThemeKind::Default), 60, 20);
    assert!(text(&b).contains("Terminal too small"), "{}", text(&b));
}

#[test]
fn monochrome_draws_no_colour_at_all() {
    for (name, a) in states() {
        let mut a = a;
        a.theme = Theme::new(ThemeKind::Monochrome);
        for (w, h) in [(80, 24), (120, 40)] {
            let b = render(&a, w, h);
            for c in b.content() {
                assert!(
                    matches!(c.fg, Color::Reset) && matches!(c.bg, Color::Reset),
                    "{name} at {w}×{h}: colour in '{}'",
                    c.symbol()
                );
            }
        }
    }
}

#[test]
fn stances_carry_colour_and_glyph() {
    let a = after_one_month(ThemeKind::Default);
    let t = Theme::new(ThemeKind::Default);
    let b = render(&a, 120, 40);
    let mut seen = (false, false);
    for c in b.content() {
        match c.symbol() {
            "✓" => {
                seen.0 = true;
                assert_eq!(c.fg, t.good.fg.unwrap_or(Color::Reset));
            }
            "✗" => {
                seen.1 = true;
                assert_eq!(c.fg, t.bad.fg.unwrap_or(Color::Reset));
            }
            _ => {}
        }
    }
    assert!(seen.0 && seen.1, "no ✓ and ✗ on the table:\n{}", text(&b));
}

#[test]
fn proposing_tables_a_package_and_ending_the_turn_brings_answers() {
    let mut a = at_table(ThemeKind::Default);
    assert!(a.session.as_ref().unwrap().game.table.is_empty());
    a.update(Command::Propose);
    assert!(matches!(a.layers.last(), Some(Layer::Editor(_))));
    // Change the territory option, then table it.
    a.update(Command::Right);
    a.update(Command::Confirm);
    let s = a.session.as_ref().unwrap();
    assert_eq!(s.game.table.len(), 1);
    assert_eq!(s.game.table[0].by, Delegation::Ukraine);
    assert_eq!(s.game.table[0].package.0[0], 1);
    assert!(a.unsaved());
    a.update(Command::EndTurn);
    let s = a.session.as_ref().unwrap();
    assert_eq!(s.game.turn, 2);
    assert!(matches!(a.layers.last(), Some(Layer::Answers { .. })));
    let b = render(&a, 120, 40);
    assert!(text(&b).contains("rejects package #1") || text(&b).contains("accepts package #1"));
}

#[test]
fn quit_asks_first_when_there_is_unsaved_progress() {
    let mut a = at_table(ThemeKind::Default);
    // Nothing done yet: quit at once.
    assert_eq!(a.update(Command::Quit), vec![Effect::Quit]);
    a.update(Command::EndTurn);
    a.layers.clear();
    assert!(a.update(Command::Quit).is_empty());
    assert_eq!(a.layers.last(), Some(&Layer::ConfirmQuit));
    // "n" keeps playing; "y" saves, then quits.
    a.update(Command::Back);
    assert!(a.layers.is_empty());
    a.update(Command::Quit);
    let name = a.session.as_ref().unwrap().save_name.clone();
    assert_eq!(
        a.update(Command::Confirm),
        vec![Effect::SaveThenQuit { name: name.clone() }]
    );
    // Ctrl+C never asks, but keeps what it can.
    let mut b = after_one_month(ThemeKind::Default);
    assert_eq!(
        b.update(Command::ForceQuit),
        vec![Effect::Save { name, auto: true }, Effect::Quit]
    );
}

#[test]
fn a_failed_save_on_the_way_out_asks_again() {
    let mut a = after_one_month(ThemeKind::Default);
    let mut store = Memory {
        fail: Some("the save folder is read-only".into()),
        ..Memory::default()
    };
    let fx = a.update(Command::Quit);
    assert!(fx.is_empty());
    let fx = a.update(Command::Confirm);
    // The save fails: no quitting, a question with the reason.
    assert!(!armistice::ui::carry_out(&mut a, fx, &mut store));
    match a.layers.last() {
        Some(Layer::QuitUnsaved { reason }) => assert!(reason.contains("read-only")),
        other => panic!("expected the quit-unsaved question, got {other:?}"),
    }
    assert!(text(&render(&a, 80, 24)).contains("read-only"));
    assert!(a.unsaved());
    // Yes: quit anyway.
    let fx = a.update(Command::Confirm);
    assert!(armistice::ui::carry_out(&mut a, fx, &mut store));
}

#[test]
fn every_month_is_saved_and_s_saves_under_a_name() {
    let mut a = at_table(ThemeKind::Default);
    let mut store = Memory::default();
    let fx = a.update(Command::EndTurn);
    let name = a.session.as_ref().unwrap().save_name.clone();
    assert_eq!(name, "riyadh-2025-ukraine-seed7");
    assert_eq!(
        fx,
        vec![Effect::Save {
            name: name.clone(),
            auto: true
        }]
    );
    armistice::ui::carry_out(&mut a, fx, &mut store);
    assert!(!a.unsaved(), "the autosave left the game marked unsaved");
    assert_eq!(store.games.len(), 1);
    assert_eq!(store.games[0].1.turn, 2);
    a.layers.clear();
    // s: a name, prefilled, edited by typing.
    a.update(Command::Save);
    assert_eq!(a.context(), keymap::Context::Text);
    for _ in 0..5 {
        a.update(Command::Backspace);
    }
    for c in "mine".chars() {
        a.update(Command::Char(c));
    }
    let fx = a.update(Command::Confirm);
    assert_eq!(
        fx,
        vec![Effect::Save {
            name: "riyadh-2025-ukraine-mine".into(),
            auto: false
        }]
    );
    armistice::ui::carry_out(&mut a, fx, &mut store);
    assert!(
        a.status
            .as_deref()
            .unwrap_or("")
            .contains("riyadh-2025-ukraine-mine")
    );
    // Later autosaves go under the name chosen.
    a.layers.clear();
    let fx = a.update(Command::EndTurn);
    assert_eq!(
        fx,
        vec![Effect::Save {
            name: "riyadh-2025-ukraine-mine".into(),
            auto: true
        }]
    );
}

#[test]
fn a_saved_game_loads_from_the_title_menu_on_the_same_turn() {
    let mut store = Memory::default();
    let mut a = at_table(ThemeKind::Default);
    a.update(Command::Propose);
    a.update(Command::Confirm);
    let fx = a.update(Command::EndTurn);
    armistice::ui::carry_out(&mut a, fx, &mut store);
    let before = a.session.as_ref().unwrap().game.clone();
    // A new app at the title: Load, the list, Enter.
    let mut b = app(ThemeKind::Default);
    b.update(Command::Down);
    let fx = b.update(Command::Confirm);
    assert_eq!(fx, vec![Effect::ListSaves(Purpose::Load)]);
    armistice::ui::carry_out(&mut b, fx, &mut store);
    assert!(text(&render(&b, 80, 24)).contains("riyadh-2025-ukraine-seed7"));
    let fx = b.update(Command::Confirm);
    armistice::ui::carry_out(&mut b, fx, &mut store);
    assert_eq!(b.screen, Screen::Table);
    let s = b.session.as_ref().unwrap();
    assert_eq!(s.game.turn, before.turn);
    assert_eq!(s.game.log, before.log);
    assert_eq!(s.you, Delegation::Ukraine);
    assert!(text(&render(&b, 80, 24)).contains("turn 2/"));
}

#[test]
fn the_replay_steps_and_jumps_through_a_game() {
    let done = finished();
    let game = done.session.unwrap().game;
    let steps = game.log.len();
    let last_turn = game.turn;
    let mut a = app(ThemeKind::Default);
    a.open_replay("g", game.clone());
    assert_eq!(a.screen, Screen::Replay);
    assert_eq!(a.context(), keymap::Context::Replay);
    let r = a.replay.as_ref().unwrap();
    assert_eq!((r.at, r.session.game.turn), (0, 1));
    // One step on: the player's first end of turn plays month 1.
    a.update(Command::Right);
    assert_eq!(a.replay.as_ref().unwrap().session.game.turn, 2);
    a.update(Command::TurnForward);
    assert_eq!(a.replay.as_ref().unwrap().session.game.turn, 3);
    a.update(Command::Left);
    assert_eq!(a.replay.as_ref().unwrap().session.game.turn, 2);
    a.update(Command::Last);
    let r = a.replay.as_ref().unwrap();
    assert_eq!(r.at, steps);
    // The end of the replay is the game as it was saved.
    assert_eq!(r.session.game.world, game.world);
    assert_eq!(r.session.game.news, game.news);
    assert_eq!(r.session.game.turn, last_turn);
    assert!(r.error.is_none());
    // Whose eyes: Ukraine's (the player's), then Russia's … all-seeing.
    assert_eq!(r.session.you, Delegation::Ukraine);
    a.update(Command::Perspective);
    assert_eq!(a.replay.as_ref().unwrap().session.you, Delegation::Russia);
    assert!(text(&render(&a, 80, 24)).contains("view: Russia"));
    for _ in 0..3 {
        a.update(Command::Perspective);
    }
    assert!(a.replay.as_ref().unwrap().session.all_seeing);
    assert!(text(&render(&a, 80, 24)).contains("view: all-seeing"));
    // Play: ticks step on while playing, from the start after the end.
    a.update(Command::PlayPause);
    assert!(a.tick_interval().is_some());
    a.update(Command::Tick);
    a.update(Command::Tick);
    assert_eq!(a.replay.as_ref().unwrap().at, 2);
    a.update(Command::PlayPause);
    assert!(a.tick_interval().is_none());
    a.update(Command::Tick);
    assert_eq!(a.replay.as_ref().unwrap().at, 2);
    // q leaves for the title menu.
    a.update(Command::Quit);
    assert_eq!(a.screen, Screen::Title);
}

#[test]
fn help_lists_the_keys_of_the_layer_beneath() {
    let mut a = at_table(ThemeKind::Default);
    a.update(Command::Help);
    let t = text(&render(&a, 120, 40));
    for b in keymap::bindings(keymap::Context::Table) {
        assert!(t.contains(b.help), "help lacks \"{}\"", b.help);
    }
    a.update(Command::Back);
    assert!(a.layers.is_empty());
}

fn key(c: KeyCode) -> Input {
    Input::Key(KeyEvent::new(c, KeyModifiers::NONE))
}

#[test]
fn the_whole_loop_on_a_script() {
    let mut a = app(ThemeKind::Default);
    let mut script = Script(
        [
            key(KeyCode::Enter), // New game
            key(KeyCode::Enter), // start: briefing
            key(KeyCode::Enter), // to the table: cards
            key(KeyCode::Esc),
            key(KeyCode::Esc),
            key(KeyCode::Esc),
            key(KeyCode::Esc),
            key(KeyCode::Esc),
            key(KeyCode::Char('p')),
            key(KeyCode::Enter), // table it
            key(KeyCode::Char('n')),
            Input::Resize,
            key(KeyCode::Esc),
            key(KeyCode::Esc),
            key(KeyCode::Esc),
            key(KeyCode::Esc),
            key(KeyCode::Esc),
            key(KeyCode::Char('q')),
            key(KeyCode::Char('y')),
        ]
        .into_iter()
        .collect(),
    );
    let mut t = Terminal::new(TestBackend::new(100, 30)).unwrap();
    let mut store = Memory::default();
    run_loop(&mut t, &mut a, &mut script, &mut store).unwrap();
    // Quitting saved the game first.
    assert!(
        store.games.iter().any(|(_, g)| g.turn == 2),
        "not saved on quit"
    );
    // The script quit before its end? It ran out or quit; either way the
    // game reached month 2 with the player's package answered.
    let s = a.session.as_ref().expect("a game");
    assert_eq!(s.game.turn, 2);
    assert!(s.game.news.iter().any(|n| matches!(
        &n.item,
        armistice::core::news::NewsItem::Answered(x) if x.proposal == 1
    )));
}

#[test]
fn the_half_block_map_has_no_braille() {
    let mut a = after_one_month(ThemeKind::Default);
    let braille = |b: &Buffer| {
        b.content().iter().any(|c| {
            c.symbol()
                .chars()
                .any(|ch| ('\u{2800}'..='\u{28FF}').contains(&ch))
        })
    };
    assert!(braille(&render(&a, 120, 40)), "the default map is Braille");
    a.braille = false;
    let b = render(&a, 120, 40);
    assert!(!braille(&b), "Braille in the half-block map:\n{}", text(&b));
    assert!(text(&b).contains("occupied 20"), "{}", text(&b));
}

#[test]
fn hot_seat_hands_over_behind_a_curtain_and_keeps_answers_private() {
    let mut a = hot_seat();
    // Ukraine tables its ideal package and ends its turn.
    a.update(Command::Propose);
    a.update(Command::Confirm);
    let ua_brief = text(&render(&a, 120, 40));
    assert!(ua_brief.contains("you: Ukraine"));
    a.update(Command::EndTurn);
    assert_eq!(
        a.layers.last(),
        Some(&Layer::Handover {
            to: Delegation::Russia
        })
    );
    assert_eq!(a.context(), keymap::Context::Handover);
    // The curtain hides everything of Ukraine's.
    for (w, h) in [(80, 24), (120, 40)] {
        let curtain = text(&render(&a, w, h));
        assert!(curtain.contains("Pass the keyboard to Russia"), "{curtain}");
        for private in [
            "you: Ukraine",
            "On the table",
            "Delegations",
            "trusts you",
            "capital",
        ] {
            assert!(
                !curtain.contains(private),
                "{private} shows through:\n{curtain}"
            );
        }
    }
    // Esc does not lift it; Enter does, onto Russia's brief (first turn).
    a.update(Command::Back);
    assert!(matches!(a.layers.last(), Some(Layer::Handover { .. })));
    a.update(Command::Confirm);
    assert_eq!(a.layers.last(), Some(&Layer::Brief));
    assert_eq!(a.session.as_ref().unwrap().you, Delegation::Russia);
    assert!(text(&render(&a, 120, 40)).contains("You are Russia"));
    a.update(Command::Confirm);
    let t = text(&render(&a, 120, 40));
    assert!(t.contains("you: Russia"), "{t}");
    // Russia ends its turn: the month is played, Ukraine is next.
    a.update(Command::EndTurn);
    assert_eq!(a.session.as_ref().unwrap().game.turn, 2);
    assert_eq!(
        a.layers.last(),
        Some(&Layer::Handover {
            to: Delegation::Ukraine
        })
    );
    a.update(Command::Confirm);
    // Ukraine has read its brief already: straight to the answers.
    assert!(matches!(a.layers.last(), Some(Layer::Answers { .. })));
    let s = a.session.as_ref().unwrap();
    let to_ukraine: Vec<_> = s
        .game
        .answers
        .iter()
        .filter(|x| armistice::ui::app::proposer(&s.game, x.proposal) == Some(Delegation::Ukraine))
        .cloned()
        .collect();
    assert!(!to_ukraine.is_empty(), "nobody answered Ukraine's package");
    // Ukraine reads the reasons given to it…
    assert!(to_ukraine.iter().all(|x| !s.private_to_another(x)));
    // …Russia, at its turn, does not.
    let mut russia_view = s.clone();
    russia_view.you = Delegation::Russia;
    assert!(to_ukraine.iter().all(|x| russia_view.private_to_another(x)));
    // And the brief is there on demand.
    a.layers.clear();
    a.update(Command::Brief);
    assert!(text(&render(&a, 120, 40)).contains("You are Ukraine"));
}

#[test]
fn the_turn_clock_ends_a_turn_and_keeps_the_draft() {
    use std::time::Duration;
    let mut a = app(ThemeKind::Default);
    a.class.turn_minutes = Some(2);
    a.start(0, None, Delegation::Ukraine, Difficulty::Normal, 7);
    // The clock does not run at the briefing.
    assert!(!a.clock_running());
    a.update(Command::Confirm);
    while matches!(a.layers.last(), Some(Layer::Cards { .. })) {
        a.update(Command::Back);
    }
    assert!(a.clock_running());
    assert!(text(&render(&a, 80, 24)).contains("⏱ 2:00"));
    a.elapse(Duration::from_secs(100));
    assert!(text(&render(&a, 80, 24)).contains("⏱ 0:20"));
    // A package in the editor, changed but not tabled, when time runs out.
    a.update(Command::Propose);
    a.update(Command::Right);
    let Some(Layer::Editor(ed)) = a.layers.last().cloned() else {
        panic!("no editor")
    };
    let fx = a.elapse(Duration::from_secs(30));
    let s = a.session.as_ref().unwrap();
    assert_eq!(s.game.turn, 2, "the turn did not end");
    assert!(
        s.game.table.iter().all(|p| p.by != Delegation::Ukraine),
        "the draft was tabled"
    );
    assert_eq!(
        s.drafts[Delegation::Ukraine.index()],
        Some(ed.package.clone())
    );
    assert!(matches!(fx.as_slice(), [Effect::Save { auto: true, .. }]));
    assert!(
        a.status
            .as_deref()
            .unwrap_or("")
            .contains("Time is up for Ukraine")
    );
    // A fresh clock for the new month; the editor reopens on the draft.
    assert_eq!(s.clock.unwrap().left_ms, 120_000);
    a.layers.clear();
    a.update(Command::Propose);
    assert_eq!(a.layers.last(), Some(&Layer::Editor(ed)));
    // Paused, it does not move.
    a.layers.clear();
    a.session.as_mut().unwrap().clock.as_mut().unwrap().paused = true;
    assert!(!a.clock_running());
    a.elapse(Duration::from_secs(500));
    assert_eq!(a.session.as_ref().unwrap().game.turn, 2);
    assert!(text(&render(&a, 80, 24)).contains("⏸ 2:00"));
}

#[test]
fn the_facilitator_sees_everything_and_steps_in_on_the_record() {
    use armistice::core::action::{Intervention, Step};
    use armistice::ui::app::FacilitatorTab;
    let mut a = at_table(ThemeKind::Default);
    // Not a class game: no view.
    a.update(Command::Facilitator);
    assert!(a.layers.is_empty());
    assert!(a.status.as_deref().unwrap_or("").contains("--facilitator"));
    a.class.facilitator = true;
    a.update(Command::Facilitator);
    assert_eq!(a.context(), keymap::Context::Facilitator);
    // Redlines and BATNAs of every delegation are on show.
    let t = text(&render(&a, 120, 40));
    let g = &a.session.as_ref().unwrap().game;
    for d in [Delegation::Russia, Delegation::Europe] {
        let why = g.profile(d).redlines[0].why.trim();
        let start: String = why.chars().take(30).collect();
        assert!(t.contains(&start), "{d:?}'s redline is not shown:\n{t}");
    }
    assert!(t.contains("fighting on (BATNA)"));
    // Inject: the first card still in the deck.
    a.update(Command::NextTab);
    a.update(Command::NextTab);
    let Some(Layer::Facilitator(v)) = a.layers.last() else {
        panic!()
    };
    assert_eq!(v.tab, FacilitatorTab::Inject);
    let card = {
        let g = &a.session.as_ref().unwrap().game;
        let i = armistice::ui::app::unplayed_cards(g)[0];
        g.scenario.cards[i].id.clone()
    };
    a.update(Command::Confirm);
    assert!(
        matches!(a.layers.last(), Some(Layer::Cards { .. })),
        "the class is not shown the card"
    );
    a.update(Command::Back);
    // Adjust: Russia's economy down, with a reason typed.
    a.update(Command::NextTab);
    let economy = armistice::core::ids::Track::ALL
        .iter()
        .position(|t| *t == armistice::core::ids::Track::RuEconomy)
        .unwrap();
    for _ in 0..economy {
        a.update(Command::Down);
    }
    a.update(Command::Left);
    a.update(Command::Left);
    a.update(Command::Confirm);
    assert_eq!(a.context(), keymap::Context::Text);
    // No reason, no change.
    a.update(Command::Confirm);
    assert_eq!(a.context(), keymap::Context::Text);
    for c in "oil at $40".chars() {
        a.update(Command::Char(c));
    }
    let before = a
        .session
        .as_ref()
        .unwrap()
        .game
        .world
        .track(armistice::core::ids::Track::RuEconomy);
    a.update(Command::Confirm);
    let g = &a.session.as_ref().unwrap().game;
    let after = g.world.track(armistice::core::ids::Track::RuEconomy);
    assert!(after < before, "{before} → {after}");
    let acts: Vec<&Intervention> = g
        .log
        .iter()
        .filter_map(|s| match s {
            Step::Facilitate(i) => Some(i),
            _ => None,
        })
        .collect();
    assert_eq!(acts.len(), 2);
    assert_eq!(acts[0], &Intervention::InjectCard { card });
    assert!(matches!(acts[1], Intervention::AdjustTrack { reason, .. } if reason == "oil at $40"));
    assert!(text(&render(&a, 120, 40)).contains("FACILITATOR"));
    // Esc: back to the table, where the news tells the class.
    a.update(Command::Back);
    assert!(a.layers.is_empty());
    assert!(text(&render(&a, 120, 40)).contains("oil at $40"));
}

#[test]
fn the_setup_form_starts_a_class_game() {
    let mut a = app(ThemeKind::Default);
    a.update(Command::Confirm); // New game
    assert_eq!(a.screen, Screen::Setup);
    // You play: Russia.
    a.update(Command::Down);
    a.update(Command::Down);
    a.update(Command::Right);
    assert_eq!(a.setup.delegation, Delegation::Russia.index());
    // Also here: tick Ukraine (the cursor starts on the US).
    a.update(Command::Down);
    a.update(Command::Right);
    a.update(Command::Toggle);
    assert!(a.setup.others.contains(Delegation::Ukraine));
    // The cursor skips your own seat.
    a.update(Command::Right);
    assert_eq!(a.setup.others_cursor, Delegation::Europe.index());
    assert!(!a.setup.others.contains(Delegation::Russia));
    assert!(text(&render(&a, 120, 40)).contains("✓ Ukraine"));
    a.update(Command::Down);
    assert!(text(&render(&a, 80, 24)).contains("Also here  ◀ Ukraine ▶"));
    a.update(Command::Up);
    // Facilitator on, a 5-minute clock.
    a.update(Command::Down);
    a.update(Command::Down);
    a.update(Command::Down);
    a.update(Command::Toggle);
    a.update(Command::Down);
    for _ in 0..3 {
        a.update(Command::Right);
    }
    let t = text(&render(&a, 120, 40));
    assert!(t.contains("5 minutes a turn"), "{t}");
    assert!(t.contains("on — f at the table"), "{t}");
    a.update(Command::Confirm);
    assert_eq!(a.screen, Screen::Briefing);
    assert!(a.class.facilitator);
    assert_eq!(a.class.turn_minutes, Some(5));
    let s = a.session.as_ref().unwrap();
    assert_eq!(
        s.game.setup.humans.iter().collect::<Vec<_>>(),
        [Delegation::Ukraine, Delegation::Russia]
    );
    // Ukraine comes first in the month: its brief opens the game.
    assert_eq!(s.you, Delegation::Ukraine);
    assert_eq!(s.clock.map(|c| c.turn_ms), Some(300_000));
}

#[test]
fn a_hot_seat_game_resumes_behind_the_curtain_with_the_team_to_play() {
    let mut a = hot_seat();
    a.update(Command::EndTurn); // Ukraine done; Russia to play
    let game = a.session.as_ref().unwrap().game.clone();
    let mut b = app(ThemeKind::Default);
    b.resume("class", game).unwrap();
    assert_eq!(b.session.as_ref().unwrap().you, Delegation::Russia);
    assert_eq!(
        b.layers.last(),
        Some(&Layer::Handover {
            to: Delegation::Russia
        })
    );
    assert!(!text(&render(&b, 80, 24)).contains("On the table"));
}

#[test]
fn the_debrief_writes_the_report_beside_the_save() {
    let mut a = finished();
    let fx = a.update(Command::Report);
    assert_eq!(
        fx,
        vec![Effect::Report {
            name: "riyadh-2025-ukraine-seed7".into()
        }]
    );
    let dir = tempfile::tempdir().unwrap();
    let mut store = armistice::save::Store::open(dir.path().join("saves"));
    armistice::ui::carry_out(&mut a, fx, &mut store);
    let path = dir.path().join("saves/riyadh-2025-ukraine-seed7.md");
    let md = std::fs::read_to_string(&path).unwrap();
    assert!(md.starts_with("# After-action report"), "{md}");
    assert!(
        a.status
            .as_deref()
            .unwrap_or("")
            .contains("riyadh-2025-ukraine-seed7.md")
    );
}
