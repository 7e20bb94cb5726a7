#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]
//! The after-action report: every section, every month, every answer with
//! its reasons, the outcome and the scores as the game had them, an
//! unfinished game said to be unfinished, and the class handout.

use armistice::builtin;
use armistice::core::action::Action;
use armistice::core::dice::Difficulty;
use armistice::core::game::{Game, Setup};
use armistice::core::ids::{Delegation, DelegationSet};
use armistice::core::news::NewsItem;
use armistice::report::{ReportOptions, markdown_with};
use armistice::story;
use std::sync::Arc;

fn game(humans: &[Delegation], seed: u64) -> Game {
    Game::new(
        Arc::new(builtin::find("riyadh-2025").unwrap()),
        Setup {
            seed,
            variant: Some(1),
            humans: DelegationSet::of(humans),
            difficulty: Difficulty::Normal,
        },
    )
}

const FEW: ReportOptions = ReportOptions { compare_games: 40 };

#[test]
fn a_finished_game_is_told_whole() {
    let mut g = game(&[], 2);
    g.play_to_end(None);
    let o = g.outcome.clone().expect("over");
    let md = markdown_with(&g, FEW);
    for section in [
        "# After-action report: Riyadh, February 2025",
        "## The delegations",
        "## The outcome",
        "## The war, month by month",
        "## Class handout",
        "### Aims against what each delegation got",
        "### The moments that moved the talks",
        "## Month by month",
    ] {
        assert!(md.contains(section), "no {section}");
    }
    assert!(md.contains(&format!("**{}**", o.state.title())));
    // Every delegation's score as the game had it.
    for d in Delegation::ALL {
        let row = format!("| {} | {} |", d.name(), o.scores[d.index()]);
        assert!(md.contains(&row), "no score row {row}");
    }
    // Every month has its heading; every answer its reasons.
    for t in 1..=o.turn {
        assert!(md.contains(&format!("### {} (turn {t})", g.scenario.date_label(t))));
    }
    for n in &g.news {
        if let NewsItem::Answered(a) = &n.item {
            assert!(
                md.contains(&story::answer_text(&g, a)),
                "answer missing: {a:?}"
            );
        }
    }
    // One chart mark per month recorded.
    let row = md.lines().find(|l| l.starts_with("Occupied ")).unwrap();
    let marks = row.chars().filter(|c| ('▁'..='█').contains(c)).count();
    assert_eq!(marks, g.history.len());
    // The same game gives the same report.
    assert_eq!(md, markdown_with(&g, FEW));
    // No one played: no comparison with simulated players.
    assert!(!md.contains("simulated negotiators"));
}

#[test]
fn a_stopped_game_says_it_is_unfinished() {
    let mut g = game(&[Delegation::Ukraine], 3);
    for _ in 0..2 {
        g.apply(&Action::EndTurn {
            by: Delegation::Ukraine,
        })
        .unwrap();
    }
    let md = markdown_with(&g, FEW);
    assert!(md.contains("**Unfinished.**"), "{md}");
    assert!(md.contains("April 2025 (turn 3 of 12)"));
    assert!(!md.contains("| score |"));
    assert!(!md.contains("simulated negotiators"));
}

#[test]
fn the_handout_compares_the_people_with_simulated_negotiators() {
    let mut g = game(&[Delegation::Russia], 4);
    while !g.is_over() {
        g.apply(&Action::EndTurn {
            by: Delegation::Russia,
        })
        .unwrap();
    }
    let md = markdown_with(&g, FEW);
    assert!(md.contains("40 games from the same start"), "{md}");
    let line = md
        .lines()
        .find(|l| l.starts_with("- Russia did better than"))
        .expect("no comparison line");
    let share: f64 = line
        .trim_start_matches("- Russia did better than ")
        .split('%')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!((0.0..=100.0).contains(&share), "{line}");
    assert!(md.contains("| Russia | people |"));
}

#[test]
fn the_report_of_the_example_game_reads_well() {
    let l = armistice::save::load_path(std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/saves/thanksgiving-2025-ukraine.ron"
    )))
    .unwrap();
    insta::assert_snapshot!(markdown_with(&l.game, FEW));
}
