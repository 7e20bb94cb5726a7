//! For the class: each delegation's aims against what it got, and the
//! moments that moved the talks. Each part is its own function, so a class
//! handout can take them as they are and add its own (a comparison with
//! simulated games is planned).

use super::analysis::{self, Aims, Moment, MomentKind, Months};
use super::md::{self, Align, delta, item, para, points};
use super::timeline::{names, short_date};
use crate::core::game::Game;
use crate::core::ids::{Delegation, DelegationSet, EndState};
use crate::core::news::NewsItem;
use crate::core::outcome::{COLLAPSE_PENALTY, ESCALATION_PENALTY};
use crate::story;

pub fn section(g: &Game, months: &Months) -> String {
    let mut out = String::from("## For the class\n\n");
    out.push_str(&aims_part(g));
    out.push_str(&moments_part(g, months));
    out
}

/// Who played a seat.
pub fn played_by(g: &Game, d: Delegation) -> String {
    if g.is_human(d) {
        "a person".to_string()
    } else {
        format!("machine ({})", g.setup.difficulty.id())
    }
}

/// Each delegation's result against its aims.
pub fn aims_part(g: &Game) -> String {
    let mut out = String::from("### Aims against what each delegation got\n\n");
    let aims = analysis::aims(g);
    let over = g.outcome.is_some();
    let rows: Vec<Vec<String>> = aims
        .iter()
        .map(|a| {
            vec![
                a.by.name().to_string(),
                a.score.map_or("—".to_string(), |s| s.to_string()),
                points(a.ideal).to_string(),
                points(a.batna).to_string(),
                a.best_offer.as_ref().map_or("—".to_string(), |b| {
                    format!("{} (#{}, {})", points(b.worth), b.proposal, b.by)
                }),
            ]
        })
        .collect();
    let batna_head = if over {
        "Fighting on, at the end"
    } else {
        "Fighting on, now"
    };
    out.push_str(&md::table(
        &[
            "Delegation",
            "Score",
            "Best possible",
            batna_head,
            "Best offer from the others",
        ],
        &[
            Align::Left,
            Align::Right,
            Align::Right,
            Align::Right,
            Align::Left,
        ],
        &rows,
    ));
    out.push_str(&para(
        "All values 0–100, by each delegation's own preferences as the game left them (the \
         scale of the scores). “Fighting on” is its BATNA: what continuing the war is worth to \
         it. “Best offer” is the package tabled by another delegation that was worth most to it.",
    ));
    for a in &aims {
        out.push_str(&item(0, &aims_text(g, a)));
    }
    out.push('\n');
    out
}

fn aims_text(g: &Game, a: &Aims) -> String {
    let s = &g.scenario;
    let batna = points(a.batna);
    let when = if g.outcome.is_some() {
        "was worth at the end"
    } else {
        "is worth now"
    };
    let offer = |lead: &str| {
        a.best_offer.as_ref().map_or(String::new(), |b| {
            let w = points(b.worth);
            let cmp = if w > batna {
                format!("{} more than fighting on {when}", w - batna)
            } else if w == batna {
                format!("as much as fighting on {when}")
            } else {
                format!(
                    "less than fighting on {when}: no offer {}",
                    if g.outcome.is_some() {
                        "beat the war"
                    } else {
                        "beats the war yet"
                    }
                )
            };
            format!(
                " {lead} #{} ({}, {}), worth {w} to it — {cmp}.",
                b.proposal,
                b.by,
                short_date(g, b.turn)
            )
        })
    };
    let name = format!("**{}**", a.by);
    let Some(o) = &g.outcome else {
        return format!(
            "{name}: no score yet. Fighting on is worth {batna} to it now.{}",
            offer("The best package the others have offered it so far is")
        );
    };
    let score = a.score.unwrap_or(0) as i32;
    if o.package.is_none() {
        let penalty = match o.state {
            EndState::Escalation => format!(", less {} for the crisis", points(ESCALATION_PENALTY)),
            EndState::Collapse => format!(", less {} for the collapse", points(COLLAPSE_PENALTY)),
            _ => String::new(),
        };
        return format!(
            "{name} scored {score}: with no agreement, what fighting on was worth to it at the \
             end ({batna}){penalty}.{}",
            offer("The best package the others offered it was")
        );
    }
    let cmp = match score - batna {
        d if d > 0 => format!("the deal is {d} points better for it than the war"),
        0 => "the deal is worth as much to it as the war".to_string(),
        d => format!("the deal is {} points worse for it than the war", -d),
    };
    let mut text = format!(
        "{name} scored {score} of a possible {}; fighting on was worth {batna} to it at the \
         end, so {cmp}.",
        points(a.ideal)
    );
    let won: Vec<String> = a
        .issues
        .iter()
        .filter(|r| r.loss <= 0 && r.weight > 0)
        .map(|r| issue_name(g, r.issue))
        .collect();
    let mut lost: Vec<&analysis::IssueResult> = a.issues.iter().filter(|r| r.loss >= 50).collect();
    lost.sort_by_key(|r| (std::cmp::Reverse(r.loss), r.issue));
    if !won.is_empty() {
        text.push_str(&format!(" It got its way on {}.", join(&won)));
    }
    if !lost.is_empty() {
        let parts: Vec<String> = lost
            .iter()
            .take(3)
            .map(|r| {
                format!(
                    "{} (“{}” instead of “{}”, −{})",
                    issue_name(g, r.issue),
                    s.option_name(r.issue, r.got),
                    s.option_name(r.issue, r.best),
                    points(r.loss).max(1)
                )
            })
            .collect();
        text.push_str(&format!(" It gave up most on {}.", join(&parts)));
    }
    text
}

fn issue_name(g: &Game, i: usize) -> String {
    g.scenario
        .issues
        .get(i)
        .map_or("?".to_string(), |x| x.name.clone())
}

fn join(v: &[String]) -> String {
    match v {
        [] => String::new(),
        [a] => a.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// The moments that moved the talks, month by month.
pub fn moments_part(g: &Game, months: &Months) -> String {
    let mut out = String::from("### Moments that moved the talks\n\n");
    out.push_str(&para(
        "Cards the state of the game set off, each delegation's first yes, the packages that \
         came within one signature of an agreement, the largest monthly shifts in what fighting \
         on is worth, the month the tracks moved most, public commitments, and how the game ended.",
    ));
    let moments = analysis::moments(g, months);
    if moments.is_empty() {
        out.push_str(&para("None: the talks never moved."));
        return out;
    }
    for m in &moments {
        out.push_str(&item(
            0,
            &format!(
                "**Month {} · {}** — {}",
                m.turn,
                g.scenario.date_label(m.turn),
                moment_text(g, m)
            ),
        ));
    }
    out.push('\n');
    out
}

fn moment_text(g: &Game, m: &Moment) -> String {
    let s = &g.scenario;
    let tabled = analysis::tabled(g);
    let whose = |id: u32| {
        analysis::find(&tabled, id).map_or(format!("#{id}"), |t| {
            format!("#{id} ({})", possessive(t.by))
        })
    };
    match &m.kind {
        MomentKind::Triggered { card } => match s.cards.get(*card) {
            Some(c) => format!(
                "the state of the game sets off “{}”: {}",
                c.title.trim(),
                c.text.trim()
            ),
            None => "an event is triggered.".to_string(),
        },
        MomentKind::FirstYes { by, proposal } => {
            let reasons = g
                .news
                .iter()
                .find_map(|n| match &n.item {
                    NewsItem::Answered(a) if a.by == *by && a.proposal == *proposal && a.accept => {
                        Some(story::reasons_text(g, a))
                    }
                    _ => None,
                })
                .unwrap_or_default();
            let why = if reasons.is_empty() {
                ".".to_string()
            } else {
                format!(" — in its words: {reasons}.")
            };
            format!(
                "{by} says yes for the first time, to {}{why}",
                whose(*proposal)
            )
        }
        MomentKind::NearMiss {
            proposal,
            signed,
            needed,
            holdouts,
            first,
            closest,
            of,
        } => {
            let close = format!("within one signature of an agreement ({signed} of {needed})");
            let mut text = match (first, closest, of) {
                (_, _, 1) => format!(
                    "{} is the only package to come {close} without being signed",
                    whose(*proposal)
                ),
                (true, true, _) => format!(
                    "{} is the first of {of} packages to come {close} without being signed, \
                     and the closest call",
                    whose(*proposal)
                ),
                (true, false, _) => format!(
                    "{} is the first of {of} packages to come {close} without being signed",
                    whose(*proposal)
                ),
                _ => format!(
                    "the closest call: {}, one of {of} packages that came {close}",
                    whose(*proposal)
                ),
            };
            text.push_str(&format!(
                "; {} holds out",
                names(DelegationSet::of(holdouts))
            ));
            let reasons: Vec<String> = holdouts
                .iter()
                .filter_map(|d| analysis::last_answer(g, *d, *proposal))
                .filter(|a| !a.accept)
                .map(|a| story::reasons_text(g, a))
                .filter(|r| !r.is_empty())
                .collect();
            if reasons.is_empty() {
                text.push('.');
            } else {
                let whose = if holdouts.len() == 1 { "its" } else { "their" };
                text.push_str(&format!(" — in {whose} words: {}.", reasons.join("; ")));
            }
            text
        }
        MomentKind::Batna { by, from, to } => {
            let (a, b) = (points(*from), points(*to));
            if b < a {
                format!(
                    "fighting on is worth less to {by}: {a} → {b} ({}). A deal gets easier for it \
                     to accept.",
                    delta(b - a)
                )
            } else {
                format!(
                    "fighting on is worth more to {by}: {a} → {b} ({}). It can hold out for more.",
                    delta(b - a)
                )
            }
        }
        MomentKind::War { changes } => {
            let parts: Vec<String> = changes
                .iter()
                .map(|(t, a, b)| format!("{} {} → {}", t.label(), t.format(*a), t.format(*b)))
                .collect();
            format!("the month the tracks moved most: {}.", parts.join(", "))
        }
        MomentKind::Statement { by, issue, option } => story::news_lines(
            g,
            &NewsItem::Statement {
                by: *by,
                issue: *issue,
                option: *option,
            },
        )
        .join(" "),
        MomentKind::WalkOut { by } => format!("{by} walks out of the talks."),
        MomentKind::Facilitator { news } => g
            .news
            .get(*news)
            .map(|n| story::news_lines(g, &n.item).join(" "))
            .unwrap_or_default(),
        MomentKind::Agreement { proposal } => {
            format!(
                "{} is signed by every delegation it needs.",
                whose(*proposal)
            )
        }
        MomentKind::End { state } => format!("the game ends: {}.", state.title()),
    }
}

/// "Russia's", "United States'".
pub fn possessive(d: Delegation) -> String {
    let n = d.name();
    if n.ends_with('s') {
        format!("{n}'")
    } else {
        format!("{n}'s")
    }
}

/// How each team did against the machine: `games` AI-only games from the
/// same start (scenario, doctrine, difficulty; seeds drawn from the game's),
/// and the share of simulated negotiators each human delegation beat —
/// ties count half. Empty for a machine-only or unfinished game.
pub fn against_simulation(g: &Game, games: u64) -> String {
    let people: Vec<Delegation> = g.setup.humans.iter().collect();
    let Some(o) = &g.outcome else {
        return String::new();
    };
    if games == 0 || people.is_empty() {
        return String::new();
    }
    let results = crate::sim::simulate(
        &g.scenario,
        g.setup.variant,
        games,
        g.setup.seed,
        g.setup.difficulty,
        &|_| {},
    );
    let n = results.len().max(1) as f64;
    let mut out = String::from("### Against simulated negotiators\n\n");
    out.push_str(&format!(
        "{} games from the same start, every seat played by the machine:\n\n",
        results.len()
    ));
    for d in people {
        let mine = o.scores[d.index()];
        let below = results
            .iter()
            .filter(|r| r.scores[d.index()] < mine)
            .count();
        let tied = results
            .iter()
            .filter(|r| r.scores[d.index()] == mine)
            .count();
        let share = (below as f64 + tied as f64 / 2.0) * 100.0 / n;
        out.push_str(&format!(
            "- {} did better than {share:.0}% of simulated negotiators (score {mine}).\n",
            d.name()
        ));
    }
    out.push('\n');
    out
}
