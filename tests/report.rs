#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]
//! The after-action report (`armistice report SAVE`): what a reader of a
//! finished or stopped game must find in it, and that it tells the game
//! faithfully.

use armistice::core::action::Action;
use armistice::core::dice::Difficulty;
use armistice::core::game::{Game, Setup};
use armistice::core::ids::{Delegation, DelegationSet, EndState};
use armistice::core::news::NewsItem;
use armistice::core::scenario::Package;
use armistice::report::{ReportOptions, markdown_with};

/// The report without the (slow, here irrelevant) comparison with
/// simulated games, which has its own test.
fn markdown(g: &Game) -> String {
    markdown_with(g, ReportOptions { compare_games: 0 })
}
use armistice::story;
use std::sync::Arc;

fn game(seed: u64, humans: &[Delegation]) -> Game {
    let s = armistice::builtin::find("riyadh-2025").expect("built-in scenario");
    Game::new(
        Arc::new(s),
        Setup {
            seed,
            variant: None,
            humans: DelegationSet::of(humans),
            difficulty: Difficulty::Normal,
        },
    )
}

fn finished(seed: u64) -> Game {
    let mut g = game(seed, &[]);
    g.play_to_end(None);
    assert!(g.is_over());
    g
}

/// The text with every run of whitespace made one space: wrapped lines
/// and padded table cells read as written.
fn flat(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The lines of the fenced ```text blocks.
fn chart_lines(report: &str) -> Vec<&str> {
    let mut inside = false;
    let mut v = Vec::new();
    for l in report.lines() {
        if l.starts_with("```") {
            inside = l == "```text";
            continue;
        }
        if inside {
            v.push(l);
        }
    }
    v
}

const BARS: &str = "▁▂▃▄▅▆▇█";

/// The number of sparkline bars on a chart row.
fn bars(line: &str) -> usize {
    line.chars().filter(|c| BARS.contains(*c)).count()
}

const SECTIONS: [&str; 8] = [
    "## The game",
    "## Outcome and scores",
    "## The war and the talks in charts",
    "## For the class",
    "### Aims against what each delegation got",
    "### Moments that moved the talks",
    "## Timeline",
    "## Sources",
];

#[test]
fn a_finished_game_has_every_section_in_order() {
    let g = finished(3);
    let r = markdown(&g);
    assert!(r.starts_with("# After-action report: "));
    let mut at = 0;
    for s in SECTIONS {
        let i = r[at..]
            .find(&format!("\n{s}\n"))
            .unwrap_or_else(|| panic!("no section {s} (after byte {at})"));
        at += i + 1;
    }
    assert!(r.ends_with('\n') && !r.ends_with("\n\n"));
}

#[test]
fn every_month_is_in_the_timeline() {
    let g = finished(3);
    let r = markdown(&g);
    let end = g.outcome.as_ref().unwrap().turn;
    for m in 1..=end {
        let head = format!("### Month {m} · {}\n", g.scenario.date_label(m));
        assert_eq!(r.matches(&head).count(), 1, "{head}");
    }
    assert!(!r.contains(&format!("### Month {} ·", end + 1)));
}

#[test]
fn every_answer_appears_with_its_reasons() {
    let g = finished(3);
    let r = flat(&markdown(&g));
    let mut n = 0;
    for item in &g.news {
        if let NewsItem::Answered(a) = &item.item {
            let verb = if a.accept { "accepts" } else { "rejects" };
            let reasons = story::reasons_text(&g, a);
            assert!(!reasons.is_empty(), "the machine gives reasons");
            let want = flat(&format!("{} **{verb}**: {reasons}.", a.by));
            assert!(r.contains(&want), "missing answer: {want}");
            n += 1;
        }
    }
    assert!(n > 20, "a whole game has many answers ({n})");
}

#[test]
fn every_package_tabled_appears() {
    let g = finished(3);
    let r = markdown(&g);
    for item in &g.news {
        if let NewsItem::Tabled { proposal, by, .. } = &item.item {
            assert!(
                r.contains(&format!("- **#{proposal}** {by}")),
                "package #{proposal} is not told"
            );
        }
    }
}

#[test]
fn outcome_end_state_and_scores_match_the_game() {
    for seed in [1, 3, 8] {
        let g = finished(seed);
        let r = markdown(&g);
        let o = g.outcome.as_ref().unwrap();
        let flat_r = flat(&r);
        assert!(
            flat_r.contains(&format!("**Outcome: {}**", o.state.title())),
            "seed {seed}: headline"
        );
        assert!(flat_r.contains(&format!("**{}.**", o.state.title())));
        for d in Delegation::ALL {
            let row = format!(
                "| {} | machine (normal) | {} | {} |",
                d.name(),
                o.scores[d.index()],
                (g.batna(d) + 50) / 100
            );
            assert!(flat_r.contains(&row), "seed {seed}: score row {row}");
        }
        match &o.package {
            Some(p) => {
                for l in g.scenario.package_lines(p) {
                    let (issue, option) = l.split_once(": ").unwrap();
                    assert!(flat_r.contains(&format!("| {issue} | {option} |")), "{l}");
                }
                assert!(r.contains("**AGREEMENT:**"));
            }
            None => assert!(!r.contains("**The agreement**")),
        }
    }
}

#[test]
fn a_stopped_game_says_it_is_unfinished() {
    let mut g = game(3, &[]);
    g.play_to_end(Some(3));
    assert!(!g.is_over());
    let r = markdown(&g);
    assert!(r.contains("**Unfinished:** stopped in month 4 of 12"));
    assert!(r.contains("There is no outcome and there are no scores yet"));
    for invented in [
        "**Outcome:",
        "**Scores**",
        "**AGREEMENT:**",
        "**END:**",
        "scored ",
    ] {
        assert!(!r.contains(invented), "a stopped game invents {invented}");
    }
    // Three months played in full, the fourth under way.
    for m in 1..=3 {
        assert!(r.contains(&format!("### Month {m} · ")));
    }
    assert!(r.contains("### Month 4 · May 2025 (under way when the game was stopped)"));
    // The charts have the three full months.
    for l in chart_lines(&r).iter().filter(|l| bars(l) > 0) {
        assert_eq!(bars(l), 3, "{l}");
    }
    // What was on the table, with its signatures.
    for p in &g.table {
        assert!(r.contains(&format!("- **#{}** ({}, ", p.id, p.by)));
    }
}

#[test]
fn a_game_stopped_before_any_month_ends_still_reads() {
    let g = game(5, &[]);
    let r = markdown(&g);
    assert!(r.contains("**Unfinished:** stopped in month 1 of 12"));
    assert!(r.contains("No month was played in full"));
    assert!(r.contains("### Month 1 · February 2025 (under way"));
}

#[test]
fn the_charts_have_one_bar_per_month() {
    let g = finished(3);
    let r = markdown(&g);
    let months = g.outcome.as_ref().unwrap().turn as usize;
    let lines = chart_lines(&r);
    let rows: Vec<&&str> = lines.iter().filter(|l| bars(l) > 0).collect();
    assert!(rows.len() >= 13 + 4, "tracks and BATNAs charted");
    for l in rows {
        assert_eq!(bars(l), months, "{l}");
    }
    // The month axis above the bars: one initial per month.
    let axis = lines.iter().find(|l| l.starts_with("Month")).unwrap();
    assert_eq!(
        axis.split_whitespace().nth(1).unwrap().chars().count(),
        months
    );
    // The table of values: the start and one row per month.
    let table_rows = r
        .lines()
        .skip_while(|l| !l.starts_with("**Month by month**"))
        .filter(|l| l.starts_with("| ") && !l.starts_with("| Month") && !l.starts_with("| -"))
        .take_while(|l| !l.contains("Delegation"))
        .count();
    assert_eq!(table_rows, months + 1);
}

#[test]
fn the_same_game_gives_the_same_report() {
    let a = markdown(&finished(11));
    let b = markdown(&finished(11));
    assert_eq!(a, b);
    let g = finished(11);
    assert_eq!(markdown(&g), markdown(&g));
    assert_ne!(a, markdown(&finished(12)), "another seed, another story");
}

#[test]
fn lines_stay_short_outside_tables() {
    let r = markdown(&finished(1));
    for l in r.lines().filter(|l| !l.starts_with('|')) {
        assert!(l.chars().count() <= 100, "long line: {l}");
    }
}

#[test]
fn a_person_s_seat_and_answers_are_told() {
    let mut g = game(2, &[Delegation::Ukraine]);
    let s = g.scenario.clone();
    // Ukraine's own package: every issue at its first option.
    let package = Package(vec![0; s.issues.len()]);
    g.apply(&Action::Table {
        by: Delegation::Ukraine,
        package,
    })
    .unwrap();
    g.apply(&Action::EndTurn {
        by: Delegation::Ukraine,
    })
    .unwrap();
    // Month 2: turn down every package Ukraine must sign but did not table.
    let others: Vec<u32> = g
        .table
        .iter()
        .filter(|p| p.by != Delegation::Ukraine)
        .filter(|p| s.signatories(&p.package).contains(Delegation::Ukraine))
        .map(|p| p.id)
        .collect();
    assert!(!others.is_empty());
    for id in &others {
        g.apply(&Action::Reject {
            by: Delegation::Ukraine,
            proposal: *id,
        })
        .unwrap();
    }
    g.apply(&Action::EndTurn {
        by: Delegation::Ukraine,
    })
    .unwrap();
    // Month 3: walk out.
    g.apply(&Action::WalkOut {
        by: Delegation::Ukraine,
    })
    .unwrap();
    let o = g.outcome.clone().unwrap();
    assert_eq!(o.state, EndState::Collapse);
    let r = markdown(&g);
    let f = flat(&r);
    assert!(f.contains("| Ukraine | a person |"), "who played Ukraine");
    assert!(f.contains("| Russia | machine (normal) |"));
    assert!(f.contains("Ukraine **rejects** (no reasons given)."));
    assert!(f.contains("The talks collapsed in April 2025 (month 3 of 12): Ukraine walked out."));
    assert!(f.contains("Ukraine walks out of the talks."));
    assert!(r.contains("### Month 3 · April 2025\n"));
    assert!(
        !r.contains("under way"),
        "a finished game has no month under way"
    );
    for d in Delegation::ALL {
        assert!(f.contains(&format!("| {} | ", d.name())));
        let score = o.scores[d.index()];
        assert!(
            f.contains(&format!("**{}** scored {score}", d.name())),
            "{d}"
        );
    }
}

#[test]
fn the_class_part_compares_the_deal_with_each_aim() {
    let g = finished(1);
    let o = g.outcome.as_ref().unwrap();
    assert!(o.package.is_some(), "seed 1 ends in an agreement");
    let f = flat(&markdown(&g));
    for d in Delegation::ALL {
        let score = o.scores[d.index()];
        let batna = (g.batna(d) + 50) / 100;
        assert!(
            f.contains(&format!("**{}** scored {score} of a possible", d.name())),
            "{d}"
        );
        assert!(f.contains(&format!("fighting on was worth {batna} to it at the end")));
    }
    assert!(f.contains("is signed by every delegation it needs."));
}

#[test]
fn full_report_snapshot() {
    let g = finished(1);
    insta::assert_snapshot!("riyadh_seed_1", markdown(&g));
}

#[test]
fn the_class_part_sets_each_team_against_simulated_negotiators() {
    let mut g = game(4, &[Delegation::Russia]);
    while !g.is_over() {
        g.apply(&Action::EndTurn {
            by: Delegation::Russia,
        })
        .unwrap();
    }
    let r = markdown_with(&g, ReportOptions { compare_games: 40 });
    assert!(r.contains("### Against simulated negotiators"), "{r}");
    assert!(r.contains("40 games from the same start"));
    let line = r
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
    // The same game, the same comparison; none for a machine-only game.
    assert_eq!(r, markdown_with(&g, ReportOptions { compare_games: 40 }));
    let mut m = game(4, &[]);
    m.play_to_end(None);
    assert!(!markdown_with(&m, ReportOptions { compare_games: 40 }).contains("simulated"));
}
