#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]
//! The terminal UI on `TestBackend`: every screen at 80×24 and 120×40 as
//! committed snapshots, styles where colour carries meaning, a sweep of
//! sizes that must never panic, updates (commands in, state out) and the
//! whole loop on a scripted input source.

use armistice::builtin;
use armistice::core::dice::Difficulty;
use armistice::core::ids::Delegation;
use armistice::ui::app::{App, Layer, Screen};
use armistice::ui::command::{Command, Effect};
use armistice::ui::event::{Input, Script};
use armistice::ui::screens;
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
    v
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
    // "n" keeps playing; "y" quits.
    a.update(Command::Back);
    assert!(a.layers.is_empty());
    a.update(Command::Quit);
    assert_eq!(a.update(Command::Confirm), vec![Effect::Quit]);
    // Ctrl+C never asks.
    let mut b = after_one_month(ThemeKind::Default);
    assert_eq!(b.update(Command::ForceQuit), vec![Effect::Quit]);
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
    run_loop(&mut t, &mut a, &mut script).unwrap();
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
