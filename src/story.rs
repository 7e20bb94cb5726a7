//! The game told in words: news items and answers as sentences a student
//! can follow. Used by the headless summary, and later by the UI's news log
//! and the report.

use crate::core::game::Game;
use crate::core::ids::{Delegation, Track};
use crate::core::news::{Answer, NewsItem, Reason};
use crate::core::scenario::Scenario;

/// One reason in plain words.
pub fn reason_text(g: &Game, by: Delegation, reason: &Reason) -> String {
    let s = &g.scenario;
    let pct = |bp: i32| (bp + 50).div_euclid(100);
    // Two utilities side by side: whole points, unless rounding would make
    // "worth 97, we hold out for 97" out of 96.9 and 97.2.
    let pair = |a: i32, b: i32| {
        if pct(a) == pct(b) && a != b {
            (one_decimal(a), one_decimal(b))
        } else {
            (pct(a).to_string(), pct(b).to_string())
        }
    };
    match reason {
        Reason::Redline { index } => match g.profile(by).redlines.get(*index as usize) {
            Some(r) => format!("redline: {}", r.why.trim().trim_end_matches('.')),
            None => "redline".to_string(),
        },
        Reason::BelowBatna { utility, batna } => {
            let (u, b) = pair(*utility, *batna);
            format!("worth {u} to us, less than fighting on ({b})")
        }
        Reason::BelowTarget { utility, target } => {
            let (u, t) = pair(*utility, *target);
            format!("worth {u} to us; at this stage we hold out for {t}")
        }
        Reason::GoodEnough { utility, target } => {
            let (u, t) = pair(*utility, *target);
            format!("worth {u} to us, enough at this stage ({t} needed)")
        }
        Reason::Costs {
            issue,
            option,
            loss,
        } => {
            let points = pct(*loss);
            format!(
                // Quoted: option names ("None", "Lifted") read as words
                // otherwise.
                "“{}” on {} costs us {} point{}",
                s.option_name(*issue as usize, *option as usize),
                lower_first(issue_name(s, *issue as usize)),
                if points == 0 {
                    "<1".to_string()
                } else {
                    points.to_string()
                },
                if points == 1 { "" } else { "s" }
            )
        }
        Reason::AsGoodAsOurNext { utility, next } => {
            let (u, n) = pair(*utility, *next);
            format!("worth {u} to us, as much as our own next offer would ask ({n})")
        }
        Reason::WouldAcceptWith { changes } => {
            let parts: Vec<String> = changes
                .iter()
                .map(|(i, o)| {
                    format!(
                        "{}: {}",
                        lower_first(issue_name(s, *i as usize)),
                        s.option_name(*i as usize, *o as usize)
                    )
                })
                .collect();
            format!("we would sign with {}", parts.join(" and "))
        }
        Reason::NothingShort { issues } => {
            let names: Vec<String> = issues
                .iter()
                .map(|i| lower_first(issue_name(s, *i as usize)))
                .collect();
            format!(
                "nothing short of a different deal on {} would bring us to yes",
                join_words(&names)
            )
        }
    }
}

/// Basis points as points with one decimal: 9690 → "96.9".
fn one_decimal(bp: i32) -> String {
    let tenths = (bp + 5).div_euclid(10);
    format!("{}.{}", tenths.div_euclid(10), tenths.rem_euclid(10))
}

/// "Frozen Russian assets" → "frozen Russian assets": names keep their
/// capitals inside a sentence, and so do acronyms ("NATO enlargement").
pub fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match (c.next(), s.chars().nth(1)) {
        (Some(f), Some(second)) if !second.is_uppercase() => f.to_lowercase().chain(c).collect(),
        _ => s.to_string(),
    }
}

/// "a", "a and b", "a, b and c".
fn join_words(words: &[String]) -> String {
    match words {
        [] => "several issues".to_string(),
        [a] => a.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

fn issue_name(s: &Scenario, i: usize) -> &str {
    s.issues.get(i).map(|x| x.name.as_str()).unwrap_or("?")
}

/// An answer's reasons in one phrase, "redline: …; worth 49 to us, …"
/// (empty when none were given: a person's answer).
pub fn reasons_text(g: &Game, a: &Answer) -> String {
    let reasons: Vec<String> = a.reasons.iter().map(|r| reason_text(g, a.by, r)).collect();
    reasons.join("; ")
}

/// An answer in one line: "Russia rejects #3: redline: …; …".
pub fn answer_text(g: &Game, a: &Answer) -> String {
    let verb = if a.accept { "accepts" } else { "rejects" };
    let reasons = reasons_text(g, a);
    if reasons.is_empty() {
        format!("{} {} package #{}.", a.by, verb, a.proposal)
    } else {
        format!("{} {} package #{}: {}.", a.by, verb, a.proposal, reasons)
    }
}

/// A news item as lines of text (first line the headline).
pub fn news_lines(g: &Game, item: &NewsItem) -> Vec<String> {
    let s = &g.scenario;
    match item {
        NewsItem::Event { card, triggered } => {
            let Some(c) = s.cards.get(*card) else {
                return vec![];
            };
            let tag = if *triggered {
                "EVENT (triggered)"
            } else {
                "EVENT"
            };
            vec![
                format!("{tag}: {} — {}", c.title, c.text),
                format!("    source: {}", c.source),
            ]
        }
        NewsItem::Tabled {
            proposal,
            by,
            package,
            card,
        } => {
            let how = if card.is_some() {
                "is put on the table in the name of"
            } else {
                "tabled by"
            };
            vec![
                format!("Package #{proposal} {how} {by}:"),
                format!("    {}", s.package_lines(package).join("; ")),
            ]
        }
        NewsItem::Answered(a) => vec![answer_text(g, a)],
        NewsItem::Lever { by, name, .. } => vec![format!("{by} pulls a lever: {name}.")],
        NewsItem::BackChannel { by, with } => {
            vec![format!("{by} opens a back-channel to {with}.")]
        }
        NewsItem::Statement { by, issue, option } => vec![format!(
            "{by} states in public: {} — {}.",
            issue_name(s, *issue as usize),
            s.option_name(*issue as usize, *option as usize)
        )],
        NewsItem::War { changes } => {
            if changes.is_empty() {
                return vec!["The war: a month of grinding stalemate.".into()];
            }
            let parts: Vec<String> = changes
                .iter()
                .map(|(t, a, b)| format!("{} {} → {}", t.label(), t.format(*a), t.format(*b)))
                .collect();
            vec![format!("The war: {}.", parts.join(", "))]
        }
        NewsItem::WalkOut { by } => vec![format!("{by} walks out of the talks.")],
        NewsItem::Agreement { proposal } => {
            vec![format!(
                "AGREEMENT: package #{proposal} is signed by every delegation it needs."
            )]
        }
        NewsItem::End { state } => vec![format!("END: {}.", state.title())],
        NewsItem::Facilitator(i) => match i {
            crate::core::action::Intervention::InjectCard { card } => vec![format!(
                "FACILITATOR: plays the card “{}”.",
                s.cards
                    .iter()
                    .find(|c| &c.id == card)
                    .map_or(card.as_str(), |c| c.title.as_str())
            )],
            crate::core::action::Intervention::AdjustTrack { track, by, reason } => vec![format!(
                "FACILITATOR: {} {}{} — {}",
                track.label(),
                if *by >= 0 { "+" } else { "−" },
                track.format(by.abs()),
                reason.trim()
            )],
            crate::core::action::Intervention::PauseClock => vec!["The clock is paused.".into()],
            crate::core::action::Intervention::ResumeClock => {
                vec!["The clock runs again.".into()]
            }
        },
    }
}

/// The whole game, turn by turn, as the headless `play` prints it.
pub fn summary(g: &Game, you: &[Delegation]) -> String {
    let s = &g.scenario;
    let mut out = String::new();
    out.push_str(&format!("{} — {}\n", s.name, s.summary.trim()));
    if let Some(v) = g.setup.variant.and_then(|v| s.variants.get(v)) {
        out.push_str(&format!("Variant: {} — {}\n", v.name, v.description.trim()));
    }
    if !you.is_empty() {
        let names: Vec<&str> = you.iter().map(|d| d.name()).collect();
        out.push_str(&format!(
            "Your seat: {} (played by the machine in autoplay). Seed {}.\n",
            names.join(", "),
            g.setup.seed
        ));
    }
    // A game stopped part-way has already dealt the next month's events;
    // the story ends with the last month played in full.
    let last = last_full_turn(g);
    let mut turn = 0;
    for n in g.news.iter().filter(|n| n.turn <= last) {
        if n.turn != turn {
            turn = n.turn;
            out.push_str(&format!("\n== Turn {turn}: {} ==\n", s.date_label(turn)));
        }
        for l in news_lines(g, &n.item) {
            out.push_str(&l);
            out.push('\n');
        }
    }
    out.push('\n');
    out.push_str(&outcome_text(g));
    out
}

/// The outcome and the scores.
pub fn outcome_text(g: &Game) -> String {
    let s = &g.scenario;
    let mut out = String::new();
    match &g.outcome {
        None => {
            let last = last_full_turn(g);
            out.push_str(&format!(
                "Stopped after turn {} ({}); no outcome yet.\n",
                last,
                s.date_label(last)
            ));
        }
        Some(o) => {
            out.push_str(&format!(
                "OUTCOME: {} ({}) in turn {}, {}.\n",
                o.state.title(),
                o.state.id(),
                o.turn,
                s.date_label(o.turn)
            ));
            if let Some(p) = &o.package {
                for l in s.package_lines(p) {
                    out.push_str(&format!("    {l}\n"));
                }
            }
            out.push_str(
                "Scores (0–100, utility of the outcome; no deal = what fighting on is worth):\n",
            );
            for d in Delegation::ALL {
                out.push_str(&format!(
                    "    {:<14} {:>3}   (BATNA now {})\n",
                    d.name(),
                    o.scores[d.index()],
                    (g.batna(d) + 50) / 100
                ));
            }
        }
    }
    // The world as the last full month left it.
    let tracks = match (&g.outcome, g.history.last()) {
        (None, Some(snap)) => snap.tracks,
        _ => g.world.tracks,
    };
    let t = |k: Track| k.format(tracks[k.index()]);
    out.push_str(&format!(
        "World: occupied {}, RU casualties {}, RU inflation {}, UA munitions {}, escalation {}.\n",
        t(Track::Occupied),
        t(Track::RuCasualties),
        t(Track::RuInflation),
        t(Track::UaMunitions),
        t(Track::EscalationRisk),
    ));
    out
}

/// The last month whose whole turn has been played: the current one once
/// the game is over, otherwise the one before it.
pub fn last_full_turn(g: &Game) -> u32 {
    if g.outcome.is_some() {
        g.turn
    } else {
        g.turn.saturating_sub(1)
    }
}
