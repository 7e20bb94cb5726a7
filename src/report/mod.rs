//! The after-action report: a finished (or stopped) game told in Markdown
//! for a class to read, or for anyone studying a saved negotiation.
//!
//! The report is a list of sections, each a function of the game (and of
//! the months computed once): the game and who played it, the outcome and
//! the scores, the charts, the part for the class (aims against results,
//! the moments that moved the talks), the timeline, the sources. The
//! numbers come from [`analysis`]; the sentences about answers and news
//! from [`crate::story`], so the report says what the game said.

pub mod analysis;
pub mod charts;
pub mod handout;
pub mod md;
pub mod timeline;

use analysis::Months;
use md::{Align, item, para, points};
use timeline::{names, short_date, signature_state};

use crate::core::action::Step;
use crate::core::game::Game;
use crate::core::ids::{Delegation, EndState};
use crate::core::news::NewsItem;
use crate::core::outcome::{COLLAPSE_PENALTY, ESCALATION_PENALTY};

/// A section of the report.
type Section = fn(&Game, &Months) -> String;

/// The sections, in order.
const SECTIONS: [(&str, Section); 6] = [
    ("The game", game_section),
    ("Outcome and scores", outcome_section),
    ("The war and the talks in charts", charts::section),
    ("For the class", handout::section),
    ("Timeline", timeline::section),
    ("Sources", sources_section),
];

/// What the report includes beyond the game itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReportOptions {
    /// AI-only games from the same start to set the people's scores
    /// against (0: no comparison).
    pub compare_games: u64,
}

impl Default for ReportOptions {
    fn default() -> Self {
        ReportOptions {
            compare_games: 1000,
        }
    }
}

/// The report for a game, in Markdown, compared with 1,000 simulated games.
pub fn markdown(g: &Game) -> String {
    markdown_with(g, ReportOptions::default())
}

/// The report, with options.
pub fn markdown_with(g: &Game, opts: ReportOptions) -> String {
    let months = Months::of(g);
    let s = &g.scenario;
    let mut out = format!("# After-action report: {}\n\n", s.name.trim());
    out.push_str(&para(&headline(g)));
    let names: Vec<&str> = SECTIONS.iter().map(|(n, _)| *n).collect();
    out.push_str(&para(&format!("In this report: {}.", names.join(" · "))));
    for (name, section) in SECTIONS {
        out.push_str(&section(g, &months));
        if name == "For the class" {
            out.push_str(&handout::against_simulation(g, opts.compare_games));
        }
    }
    // One trailing newline.
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// The result in one line, under the title.
fn headline(g: &Game) -> String {
    let s = &g.scenario;
    match &g.outcome {
        Some(o) => {
            let how = if o.state.is_agreement() {
                "an agreement signed"
            } else {
                "ended"
            };
            format!(
                "**Outcome: {}** — {how} in {}, month {} of {}. Scenario `{}`, {}, seed {}.",
                o.state.title(),
                s.date_label(o.turn),
                o.turn,
                s.turns,
                s.id,
                variant_name(g),
                g.setup.seed
            )
        }
        None => format!(
            "**Unfinished:** stopped in month {} of {} ({}); no outcome yet. Scenario `{}`, {}, \
             seed {}.",
            g.turn,
            s.turns,
            s.date_label(g.turn),
            s.id,
            variant_name(g),
            g.setup.seed
        ),
    }
}

fn variant_name(g: &Game) -> String {
    match g.setup.variant.and_then(|v| g.scenario.variants.get(v)) {
        Some(v) => format!("variant “{}”", v.name.trim()),
        None => "no variant".to_string(),
    }
}

fn game_section(g: &Game, _: &Months) -> String {
    let s = &g.scenario;
    let mut out = String::from("## The game\n\n");
    out.push_str(&para(s.summary.trim()));
    match g.setup.variant.and_then(|v| s.variants.get(v)) {
        Some(v) => out.push_str(&para(&format!(
            "**Variant: {}** — {}",
            v.name.trim(),
            v.description.trim()
        ))),
        None => out.push_str(&para("**Variant:** none; the scenario as written.")),
    }
    let facilitated = g
        .log
        .iter()
        .filter(|st| matches!(st, Step::Facilitate(_)))
        .count();
    let mut setup = format!(
        "{} months from {} to {}. Seed {}; the machine plays at difficulty “{}”.",
        s.turns,
        s.date_label(1),
        s.date_label(s.turns),
        g.setup.seed,
        g.setup.difficulty.id()
    );
    if facilitated > 0 {
        setup.push_str(&format!(
            " A facilitator stepped in {facilitated} time{} (see the timeline).",
            if facilitated == 1 { "" } else { "s" }
        ));
    }
    out.push_str(&para(&setup));
    let rows: Vec<Vec<String>> = Delegation::ALL
        .iter()
        .map(|d| {
            vec![
                d.name().to_string(),
                handout::played_by(g, *d),
                g.profile(*d).leader.trim().to_string(),
            ]
        })
        .collect();
    out.push_str(&md::table(
        &["Delegation", "Played by", "Led by"],
        &[Align::Left, Align::Left, Align::Left],
        &rows,
    ));
    out.push_str("**What each delegation wants**\n\n");
    for d in Delegation::ALL {
        out.push_str(&item(0, &format!("**{d}** — {}", g.profile(d).aims.trim())));
    }
    out.push('\n');
    out
}

fn outcome_section(g: &Game, months: &Months) -> String {
    let s = &g.scenario;
    let mut out = String::from("## Outcome and scores\n\n");
    let Some(o) = &g.outcome else {
        let played = months.ends.len();
        out.push_str(&para(&format!(
            "**Unfinished.** The game was stopped in month {} of {} ({}), after {played} month{} \
             played in full. There is no outcome and there are no scores yet: the report tells \
             the game as far as it went.",
            g.turn,
            s.turns,
            s.date_label(g.turn),
            if played == 1 { "" } else { "s" }
        )));
        out.push_str("**Where the talks stood**\n\n");
        if g.table.is_empty() {
            out.push_str(&para("No package was on the table."));
        } else {
            for p in &g.table {
                let needs = s.signatories(&p.package);
                out.push_str(&item(
                    0,
                    &format!(
                        "**#{}** ({}, {}) — {}",
                        p.id,
                        p.by,
                        short_date(g, p.turn),
                        signature_state(p.accepted, needs)
                    ),
                ));
            }
            out.push('\n');
        }
        let rows: Vec<Vec<String>> = Delegation::ALL
            .iter()
            .map(|d| {
                vec![
                    d.name().to_string(),
                    handout::played_by(g, *d),
                    points(g.batna(*d)).to_string(),
                ]
            })
            .collect();
        out.push_str(&md::table(
            &["Delegation", "Played by", "Fighting on (BATNA) now"],
            &[Align::Left, Align::Left, Align::Right],
            &rows,
        ));
        return out;
    };
    let when = format!("{} (month {} of {})", s.date_label(o.turn), o.turn, s.turns);
    let story = match o.state {
        _ if o.package.is_some() => {
            let signed = g.news.iter().find_map(|n| match n.item {
                NewsItem::Agreement { proposal } => Some(proposal),
                _ => None,
            });
            let tabled = analysis::tabled(g);
            match signed.and_then(|id| analysis::find(&tabled, id)) {
                Some(t) => format!(
                    "Package #{}, tabled by {} in {}, was signed by {} in {when}.",
                    t.id,
                    t.by,
                    s.date_label(t.turn),
                    names(t.needs),
                ),
                None => format!("An agreement was signed in {when}."),
            }
        }
        EndState::Collapse => {
            let who: Vec<Delegation> = g
                .news
                .iter()
                .filter_map(|n| match n.item {
                    NewsItem::WalkOut { by } => Some(by),
                    _ => None,
                })
                .collect();
            match who.as_slice() {
                [d, ..] => {
                    let at = g.profile(*d).doctrine.walk_out_at;
                    let pressure = g.world.domestic(*d);
                    match at {
                        Some(at) if !g.is_human(*d) && pressure >= at => format!(
                            "The talks collapsed in {when}: {d} walked out, its pressure at home \
                             at {pressure}/100, past the {at} its government can bear."
                        ),
                        _ => format!("The talks collapsed in {when}: {d} walked out."),
                    }
                }
                [] => format!("The talks collapsed in {when}."),
            }
        }
        EndState::Escalation => format!(
            "An escalation crisis ended the talks in {when}: the war went beyond Ukraine's borders."
        ),
        _ => format!("The talks ran out of time in {when} with no agreement: the war goes on."),
    };
    out.push_str(&para(&format!("**{}.** {story}", o.state.title())));
    if let Some(p) = &o.package {
        let rows: Vec<Vec<String>> = s
            .issues
            .iter()
            .enumerate()
            .map(|(i, issue)| {
                vec![
                    issue.name.clone(),
                    s.option_name(i, p.option(i)).to_string(),
                ]
            })
            .collect();
        out.push_str("**The agreement**\n\n");
        out.push_str(&md::table(
            &["Issue", "Agreed"],
            &[Align::Left, Align::Left],
            &rows,
        ));
    }
    let rows: Vec<Vec<String>> = Delegation::ALL
        .iter()
        .map(|d| {
            let score = o.scores[d.index()] as i32;
            let batna = points(g.batna(*d));
            vec![
                d.name().to_string(),
                handout::played_by(g, *d),
                score.to_string(),
                batna.to_string(),
                md::delta(score - batna),
            ]
        })
        .collect();
    out.push_str("**Scores**\n\n");
    out.push_str(&md::table(
        &[
            "Delegation",
            "Played by",
            "Score",
            "Fighting on (BATNA)",
            "Score against fighting on",
        ],
        &[
            Align::Left,
            Align::Left,
            Align::Right,
            Align::Right,
            Align::Right,
        ],
        &rows,
    ));
    out.push_str(&para(&format!(
        "Scores run from 0 to 100: what the outcome is worth to each delegation by its own \
         preferences. Without an agreement a delegation scores what fighting on is worth to it \
         when the game ends (its BATNA), less {} for an escalation crisis or {} for a collapse \
         of the talks. A score above the BATNA means the deal beat the war for that delegation.",
        points(ESCALATION_PENALTY),
        points(COLLAPSE_PENALTY)
    )));
    out
}

fn sources_section(g: &Game, _: &Months) -> String {
    let s = &g.scenario;
    let mut out = String::from("## Sources\n\n");
    if s.references.is_empty() {
        out.push_str(&para(&format!(
            "The scenario cites its sources as: {}",
            s.source.trim()
        )));
        return out;
    }
    out.push_str(&para(
        "Events cite the scenario's references by paragraph (B¶6 is paragraph 6 of reference \
         B); “design:” marks a choice of the game's designers.",
    ));
    for r in &s.references {
        out.push_str(&item(
            0,
            &format!("**{}** — {} ({})", r.id, r.title.trim(), r.date.trim()),
        ));
    }
    out.push('\n');
    out
}
