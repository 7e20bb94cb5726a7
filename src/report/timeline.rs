//! The timeline: every month as it was played — events, packages (what
//! changed from the author's last one), answers with their reasons and the
//! signatures they leave, moves, the war and what fighting on is now worth.

use super::analysis::{self, Months, Tabled};
use super::md::{delta, item, para, points};
use crate::core::game::Game;
use crate::core::ids::{Delegation, DelegationSet};
use crate::core::news::NewsItem;
use crate::story;

pub fn section(g: &Game, months: &Months) -> String {
    let mut out = String::from("## Timeline\n\n");
    out.push_str(&para(
        "Month by month: the events dealt, the packages put on the table (after a delegation's \
         first package, only what changed from its previous one), every answer with the reasons \
         given, the other moves, and the war. Answers are told when they are new or change; a \
         yes stands until it is withdrawn.",
    ));
    let tabled = analysis::tabled(g);
    let sigs = analysis::signatures(g);
    let mut turns: Vec<u32> = months.ends.iter().map(|(m, _)| *m).collect();
    turns.extend(months.in_progress);
    for m in turns {
        out.push_str(&month(g, months, &tabled, &sigs, m));
    }
    out
}

fn month(
    g: &Game,
    months: &Months,
    tabled: &[Tabled<'_>],
    sigs: &[Option<(u32, DelegationSet)>],
    m: u32,
) -> String {
    let s = &g.scenario;
    let mut out = format!("### Month {m} · {}", s.date_label(m));
    if months.in_progress == Some(m) {
        out.push_str(" (under way when the game was stopped)");
    }
    out.push_str("\n\n");
    let news: Vec<(usize, &NewsItem)> = g
        .news
        .iter()
        .enumerate()
        .filter(|(_, n)| n.turn == m)
        .map(|(k, n)| (k, &n.item))
        .collect();

    // Events.
    let mut events = String::new();
    for (_, n) in &news {
        if let NewsItem::Event { card, triggered } = n {
            let Some(c) = s.cards.get(*card) else {
                continue;
            };
            let how = if *triggered {
                " (triggered by the state of the game)"
            } else {
                ""
            };
            events.push_str(&item(
                0,
                &format!(
                    "**{}**{how} — {} (source: {})",
                    c.title.trim(),
                    c.text.trim(),
                    c.source.trim()
                ),
            ));
        }
    }
    block(&mut out, "Events", &events);

    // Packages.
    let mut packages = String::new();
    for (_, n) in &news {
        if let NewsItem::Tabled { proposal, .. } = n {
            if let Some(t) = analysis::find(tabled, *proposal) {
                packages.push_str(&package(g, tabled, t));
            }
        }
    }
    block(&mut out, "Packages", &packages);

    // Answers, by package.
    let mut order: Vec<u32> = Vec::new();
    for (_, n) in &news {
        if let NewsItem::Answered(a) = n {
            if !order.contains(&a.proposal) {
                order.push(a.proposal);
            }
        }
    }
    order.sort_unstable();
    let mut answers = String::new();
    for id in order {
        let signed = news
            .iter()
            .filter_map(|(k, _)| sigs.get(*k).copied().flatten())
            .rfind(|(p, _)| *p == id)
            .map(|(_, set)| set);
        let head = match analysis::find(tabled, id) {
            Some(t) => {
                let mut h = format!("**#{id}** ({}, {})", t.by, short_date(g, t.turn));
                if let Some(set) = signed {
                    h.push_str(&format!(" — {}", signature_state(set, t.needs)));
                }
                h
            }
            None => format!("**#{id}**"),
        };
        answers.push_str(&item(0, &head));
        for (_, n) in &news {
            if let NewsItem::Answered(a) = n {
                if a.proposal != id {
                    continue;
                }
                let verb = if a.accept { "accepts" } else { "rejects" };
                let reasons = story::reasons_text(g, a);
                let text = if reasons.is_empty() {
                    format!("{} **{verb}** (no reasons given).", a.by)
                } else {
                    format!("{} **{verb}**: {reasons}.", a.by)
                };
                answers.push_str(&item(1, &text));
            }
        }
    }
    block(&mut out, "Answers", &answers);

    // Levers, back-channels, statements, the facilitator, walk-outs.
    let mut moves = String::new();
    for (_, n) in &news {
        let line = match n {
            NewsItem::Lever { by, lever, name } => {
                let text = g
                    .profile(*by)
                    .levers
                    .iter()
                    .find(|l| &l.id == lever)
                    .map(|l| l.text.trim().to_string());
                Some(match text {
                    Some(t) => format!("{by} pulls a lever: **{name}** — {t}"),
                    None => format!("{by} pulls a lever: **{name}**."),
                })
            }
            NewsItem::BackChannel { .. }
            | NewsItem::Statement { .. }
            | NewsItem::WalkOut { .. }
            | NewsItem::Facilitator(_) => Some(story::news_lines(g, n).join(" ")),
            _ => None,
        };
        if let Some(l) = line {
            moves.push_str(&item(0, &l));
        }
    }
    block(&mut out, "Moves", &moves);

    // The war and the fallbacks.
    for (_, n) in &news {
        if let NewsItem::War { .. } = n {
            for l in story::news_lines(g, n) {
                let l = l.strip_prefix("The war: ").unwrap_or(&l).to_string();
                out.push_str(&para(&format!("**The war:** {l}")));
            }
            if let (Some(before), Some(after)) = (months.at_end(m - 1), months.at_end(m)) {
                let parts: Vec<String> = Delegation::ALL
                    .iter()
                    .map(|d| {
                        let (a, b) = (
                            points(before.batna[d.index()]),
                            points(after.batna[d.index()]),
                        );
                        format!("{} {b} ({})", d, delta(b - a))
                    })
                    .collect();
                out.push_str(&para(&format!(
                    "**Fighting on is now worth** (BATNA, 0–100): {}.",
                    parts.join(", ")
                )));
            }
        }
    }

    // The end.
    for (_, n) in &news {
        if matches!(n, NewsItem::Agreement { .. } | NewsItem::End { .. }) {
            for l in story::news_lines(g, n) {
                let text = match l.split_once(": ") {
                    Some((tag, rest)) => format!("**{tag}:** {rest}"),
                    None => l,
                };
                out.push_str(&para(&text));
            }
        }
    }
    if news.is_empty() {
        out.push_str(&para("Nothing was recorded this month."));
    }
    out
}

/// A labelled list, if it has items.
fn block(out: &mut String, label: &str, body: &str) {
    if !body.is_empty() {
        out.push_str(&format!("**{label}**\n\n{body}\n"));
    }
}

/// A package as tabled: in full the first time a delegation tables one,
/// then what changed from its previous one.
fn package(g: &Game, tabled: &[Tabled<'_>], t: &Tabled<'_>) -> String {
    let s = &g.scenario;
    let mut head = format!("**#{}** {}", t.id, t.by);
    if let Some(card) = t.card {
        let title = s
            .cards
            .iter()
            .find(|c| c.id == card)
            .map_or(card, |c| c.title.trim());
        head.push_str(&format!(
            ", put on the table in its name by the event “{title}”"
        ));
    }
    let previous = t.previous.and_then(|p| analysis::find(tabled, p));
    // Most packages need every signature; say so only when they do not.
    if t.needs != DelegationSet::all() {
        head.push_str(&format!(" (to be signed by {} only)", names(t.needs)));
    }
    let mut lines: Vec<String> = Vec::new();
    match previous {
        None => {
            head.push(':');
            lines = s.package_lines(t.package);
        }
        Some(p) => {
            for (i, issue) in s.issues.iter().enumerate() {
                if t.package.option(i) != p.package.option(i) {
                    lines.push(format!(
                        "{}: {} (was: {})",
                        issue.name,
                        s.option_name(i, t.package.option(i)),
                        s.option_name(i, p.package.option(i))
                    ));
                }
            }
            if lines.is_empty() {
                head.push_str(&format!(": the same terms as its #{}.", p.id));
            } else {
                head.push_str(&format!(
                    ": its #{} with {} change{}:",
                    p.id,
                    number(lines.len()),
                    if lines.len() == 1 { "" } else { "s" }
                ));
            }
        }
    }
    let mut out = item(0, &head);
    for l in lines {
        out.push_str(&item(1, &l));
    }
    out
}

/// "signed by Ukraine and Europe; still needed: Russia".
pub fn signature_state(signed: DelegationSet, needs: DelegationSet) -> String {
    let missing = DelegationSet::of(
        &needs
            .iter()
            .filter(|d| !signed.contains(*d))
            .collect::<Vec<_>>(),
    );
    let have = DelegationSet::of(
        &needs
            .iter()
            .filter(|d| signed.contains(*d))
            .collect::<Vec<_>>(),
    );
    match (have.is_empty(), missing.is_empty()) {
        (_, true) => format!("signed by all it needs ({})", names(have)),
        (true, false) => format!("no signatures yet; needed: {}", names(missing)),
        (false, false) => format!(
            "{} of {} signatures ({}); still needed: {}",
            have.len(),
            needs.len(),
            names(have),
            names(missing)
        ),
    }
}

/// "Ukraine, Russia and Europe".
pub fn names(set: DelegationSet) -> String {
    let v: Vec<&str> = set.iter().map(|d| d.name()).collect();
    match v.as_slice() {
        [] => "nobody".to_string(),
        [a] => a.to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// "Feb 2025".
pub fn short_date(g: &Game, turn: u32) -> String {
    let (y, m) = g.scenario.date_of_turn(turn);
    let name = crate::core::scenario::month_name(m);
    format!("{} {y}", name.get(..3).unwrap_or(name))
}

/// Small numbers in words.
fn number(n: usize) -> String {
    const WORDS: [&str; 11] = [
        "no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    ];
    WORDS.get(n).map_or(n.to_string(), |w| w.to_string())
}
