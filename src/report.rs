//! The after-action report: a game told in Markdown for a class to read —
//! who played whom, the outcome and the scores, the war in small charts, a
//! month-by-month timeline with every answer and its reasons, and a class
//! handout: each delegation's aims against what it got, the moments that
//! moved the talks, and how this table did against simulated negotiators.

use crate::core::game::Game;
use crate::core::ids::{Delegation, Track};
use crate::core::news::NewsItem;
use crate::core::scenario::Package;
use crate::sim;
use crate::story;
use std::fmt::Write;

/// What the report includes beyond the game itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReportOptions {
    /// AI-only games from the same start to compare the people with (0:
    /// no comparison).
    pub compare_games: u64,
}

impl Default for ReportOptions {
    fn default() -> Self {
        ReportOptions {
            compare_games: 1000,
        }
    }
}

/// The report for a game, in Markdown, with the default comparison.
pub fn markdown(g: &Game) -> String {
    markdown_with(g, ReportOptions::default())
}

/// The tracks the charts show, in order.
const CHARTED: [Track; 6] = [
    Track::Occupied,
    Track::RuCasualties,
    Track::RuEconomy,
    Track::UaMunitions,
    Track::EscalationRisk,
    Track::UsCommitment,
];

/// The report, with options.
pub fn markdown_with(g: &Game, opts: ReportOptions) -> String {
    let mut out = String::new();
    header(&mut out, g);
    outcome(&mut out, g);
    war(&mut out, g);
    handout(&mut out, g, opts);
    timeline(&mut out, g);
    out
}

fn pct(bp: i32) -> i32 {
    (bp + 50).div_euclid(100)
}

fn played_by(g: &Game, d: Delegation) -> String {
    if g.is_human(d) {
        "people".into()
    } else {
        format!("the machine, {}", g.setup.difficulty.id())
    }
}

fn header(out: &mut String, g: &Game) {
    let s = &g.scenario;
    let _ = writeln!(out, "# After-action report: {}\n", s.name);
    let _ = writeln!(out, "{}\n", s.summary.trim());
    if let Some(v) = g.setup.variant.and_then(|v| s.variants.get(v)) {
        let _ = writeln!(
            out,
            "**US doctrine:** {} — {}\n",
            v.name,
            v.description.trim()
        );
    }
    let _ = writeln!(
        out,
        "Scenario `{}`, seed {}, {} months from {}.\n",
        s.id,
        g.setup.seed,
        s.turns,
        s.date_label(1)
    );
    let _ = writeln!(out, "## The delegations\n");
    let _ = writeln!(out, "| delegation | played by | leader |");
    let _ = writeln!(out, "|---|---|---|");
    for d in Delegation::ALL {
        let _ = writeln!(
            out,
            "| {} | {} | {} |",
            d.name(),
            played_by(g, d),
            g.profile(d).leader.trim()
        );
    }
    out.push('\n');
}

fn outcome(out: &mut String, g: &Game) {
    let s = &g.scenario;
    let _ = writeln!(out, "## The outcome\n");
    let Some(o) = &g.outcome else {
        let _ = writeln!(
            out,
            "**Unfinished.** The game was stopped in {} (turn {} of {}); there is no outcome yet. \
             The BATNA column below is what fighting on is worth to each delegation now.\n",
            s.date_label(g.turn),
            g.turn,
            s.turns
        );
        let _ = writeln!(out, "| delegation | fighting on (BATNA) |");
        let _ = writeln!(out, "|---|---:|");
        for d in Delegation::ALL {
            let _ = writeln!(out, "| {} | {} |", d.name(), pct(g.batna(d)));
        }
        out.push('\n');
        return;
    };
    let _ = writeln!(
        out,
        "**{}** — {} (turn {} of {}).\n",
        o.state.title(),
        s.date_label(o.turn),
        o.turn,
        s.turns
    );
    if let Some(p) = &o.package {
        let _ = writeln!(out, "The agreement:\n");
        for l in s.package_lines(p) {
            let _ = writeln!(out, "- {l}");
        }
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "Scores are what the outcome is worth to each delegation (0–100), set against what \
         fighting on was worth to it at the end.\n"
    );
    let _ = writeln!(out, "| delegation | score | fighting on | |");
    let _ = writeln!(out, "|---|---:|---:|---|");
    for d in Delegation::ALL {
        let sc = o.scores[d.index()] as i32;
        let b = pct(g.batna(d));
        let _ = writeln!(
            out,
            "| {} | {sc} | {b} | {} |",
            d.name(),
            match sc.cmp(&b) {
                std::cmp::Ordering::Greater => "▲ better than fighting on",
                std::cmp::Ordering::Less => "▼ worse than fighting on",
                std::cmp::Ordering::Equal => "= as fighting on",
            }
        );
    }
    out.push('\n');
}

/// A row of block characters for a series, scaled to its own range.
fn spark(values: &[i32]) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let lo = values.iter().copied().min().unwrap_or(0);
    let hi = values.iter().copied().max().unwrap_or(0);
    values
        .iter()
        .map(|v| {
            if hi == lo {
                BARS[3]
            } else {
                BARS[((v - lo) as i64 * 7 / (hi - lo) as i64).clamp(0, 7) as usize]
            }
        })
        .collect()
}

fn war(out: &mut String, g: &Game) {
    let _ = writeln!(out, "## The war, month by month\n");
    let _ = writeln!(
        out,
        "One mark per month from the start (each row scaled to its own range).\n"
    );
    let _ = writeln!(out, "```text");
    for t in CHARTED {
        let series: Vec<i32> = g.history.iter().map(|h| h.tracks[t.index()]).collect();
        let (Some(first), Some(last)) = (series.first(), series.last()) else {
            continue;
        };
        let _ = writeln!(
            out,
            "{:<26} {:<13} {} → {}",
            t.label(),
            spark(&series),
            t.format(*first),
            t.format(*last)
        );
    }
    for d in Delegation::ALL {
        let series: Vec<i32> = g.history.iter().map(|h| pct(h.batna[d.index()])).collect();
        let (Some(first), Some(last)) = (series.first(), series.last()) else {
            continue;
        };
        let _ = writeln!(
            out,
            "{:<26} {:<13} {} → {}",
            format!("{} fighting on", d.name()),
            spark(&series),
            first,
            last
        );
    }
    let _ = writeln!(out, "```\n");
}

/// The best option on each issue for `d`.
fn ideal(g: &Game, d: Delegation) -> Vec<usize> {
    g.profile(d)
        .utilities
        .iter()
        .map(|row| {
            row.iter()
                .enumerate()
                .max_by_key(|(o, u)| (**u, std::cmp::Reverse(*o)))
                .map_or(0, |(o, _)| o)
        })
        .collect()
}

fn handout(out: &mut String, g: &Game, opts: ReportOptions) {
    let s = &g.scenario;
    let _ = writeln!(out, "## Class handout\n");
    // Aims against what each got.
    let _ = writeln!(out, "### Aims against what each delegation got\n");
    let deal: Option<&Package> = g.outcome.as_ref().and_then(|o| o.package.as_ref());
    for d in Delegation::ALL {
        let p = g.profile(d);
        let _ = writeln!(
            out,
            "**{}** ({}). {}\n",
            d.name(),
            played_by(g, d),
            p.aims.trim()
        );
        let mut w: Vec<(usize, i32)> = p.weights.iter().copied().enumerate().collect();
        w.sort_by_key(|(i, x)| (-x, *i));
        let want = ideal(g, d);
        for (i, weight) in w.iter().take(3) {
            let aim = s.option_name(*i, want.get(*i).copied().unwrap_or(0));
            let got = match deal {
                Some(pk) => {
                    let o = pk.option(*i);
                    let mark = if o == want.get(*i).copied().unwrap_or(0) {
                        "✓"
                    } else {
                        "✗"
                    };
                    format!("{mark} got: {}", s.option_name(*i, o))
                }
                None => "no deal".to_string(),
            };
            let _ = writeln!(
                out,
                "- {} ({weight}% of what it cares about): wanted {aim}; {got}",
                s.issues.get(*i).map_or("?", |x| x.name.as_str())
            );
        }
        if let Some(o) = &g.outcome {
            let _ = writeln!(
                out,
                "- Score {} out of 100 (fighting on was worth {}).",
                o.scores[d.index()],
                pct(g.batna(d))
            );
        }
        out.push('\n');
    }
    // The moments that moved the talks.
    let _ = writeln!(out, "### The moments that moved the talks\n");
    let mut moments: Vec<(u32, String)> = Vec::new();
    for n in &g.news {
        let m = s.date_label(n.turn);
        let at = n.turn;
        match &n.item {
            NewsItem::Event {
                card,
                triggered: true,
            } => {
                if let Some(c) = s.cards.get(*card) {
                    moments.push((at, format!("{m}: **{}** — {}", c.title, c.text.trim())));
                }
            }
            NewsItem::WalkOut { by } => {
                moments.push((at, format!("{m}: {} walks out.", by.name())))
            }
            NewsItem::Agreement { proposal } => {
                moments.push((at, format!("{m}: package #{proposal} is signed.")))
            }
            NewsItem::Facilitator(_) => {
                for l in story::news_lines(g, &n.item) {
                    moments.push((at, format!("{m}: {l}")));
                }
            }
            _ => {}
        }
    }
    // The months where what fighting on is worth moved most.
    for w in g.history.windows(2) {
        for d in Delegation::ALL {
            let (a, b) = (pct(w[0].batna[d.index()]), pct(w[1].batna[d.index()]));
            if (b - a).abs() >= 5 {
                moments.push((
                    w[1].turn,
                    format!(
                        "{}: fighting on is worth {} to {} (was {}): {}",
                        s.date_label(w[1].turn),
                        b,
                        d.name(),
                        a,
                        if b < a {
                            "more ready to settle"
                        } else {
                            "less ready to settle"
                        }
                    ),
                ));
            }
        }
    }
    // The package that came closest.
    let mut closest: Option<(usize, usize, u32, Delegation)> = None;
    for n in &g.news {
        if let NewsItem::Tabled {
            proposal,
            by,
            package,
            ..
        } = &n.item
        {
            let need = s.signatories(package);
            let yes = g
                .answers
                .iter()
                .filter(|a| a.proposal == *proposal && a.accept && need.contains(a.by))
                .count()
                + usize::from(need.contains(*by));
            if closest.is_none_or(|(y, _, _, _)| yes > y) {
                closest = Some((yes, need.len(), *proposal, *by));
            }
        }
    }
    if let Some((yes, need, id, by)) = closest {
        moments.push((u32::MAX, format!(
            "Closest to a deal: package #{id} by {} — {yes} of the {need} signatures it needed.",
            by.name()
        )));
    }
    if moments.is_empty() {
        let _ = writeln!(out, "None stood out: the war ground on.\n");
    } else {
        // In time order (a stable sort keeps a month's events first).
        moments.sort_by_key(|(t, _)| *t);
        for (_, m) in moments {
            let _ = writeln!(out, "- {m}");
        }
        out.push('\n');
    }
    // Against simulated negotiators.
    let people: Vec<Delegation> = g.setup.humans.iter().collect();
    if opts.compare_games > 0 && !people.is_empty() {
        if let Some(o) = &g.outcome {
            let results = sim::simulate(
                &g.scenario,
                g.setup.variant,
                opts.compare_games,
                g.setup.seed,
                g.setup.difficulty,
                &|_| {},
            );
            let _ = writeln!(out, "### This table against simulated negotiators\n");
            let _ = writeln!(
                out,
                "{} games from the same start, every seat played by the machine:\n",
                results.len()
            );
            for d in &people {
                let mine = o.scores[d.index()];
                let below = results
                    .iter()
                    .filter(|r| r.scores[d.index()] < mine)
                    .count();
                let tied = results
                    .iter()
                    .filter(|r| r.scores[d.index()] == mine)
                    .count();
                let share =
                    (below as f64 + tied as f64 / 2.0) * 100.0 / results.len().max(1) as f64;
                let _ = writeln!(
                    out,
                    "- {} did better than {:.0}% of simulated negotiators (score {mine}).",
                    d.name(),
                    share
                );
            }
            out.push('\n');
        }
    }
}

fn timeline(out: &mut String, g: &Game) {
    let s = &g.scenario;
    let _ = writeln!(out, "## Month by month\n");
    let mut turn = 0;
    for n in &g.news {
        if n.turn != turn {
            turn = n.turn;
            let _ = writeln!(out, "\n### {} (turn {turn})\n", s.date_label(turn));
        }
        let line = match &n.item {
            NewsItem::Event { card, triggered } => s.cards.get(*card).map(|c| {
                format!(
                    "- **Event{}: {}** — {} _({})_",
                    if *triggered { " (triggered)" } else { "" },
                    c.title,
                    c.text.trim(),
                    c.source.trim()
                )
            }),
            NewsItem::Tabled {
                proposal,
                by,
                package,
                ..
            } => Some(format!(
                "- **Package #{proposal}** by {}: {}",
                by.name(),
                s.package_lines(package).join("; ")
            )),
            NewsItem::Answered(a) => Some(format!(
                "  - {} {}",
                if a.accept { "✓" } else { "✗" },
                story::answer_text(g, a)
            )),
            NewsItem::War { .. } => story::news_lines(g, &n.item)
                .first()
                .map(|l| format!("- _{l}_")),
            _ => story::news_lines(g, &n.item)
                .first()
                .map(|l| format!("- {l}")),
        };
        if let Some(l) = line {
            let _ = writeln!(out, "{l}");
        }
    }
    out.push('\n');
}
