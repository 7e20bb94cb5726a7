//! Small text charts: a sparkline per main track and per delegation's
//! fallback (one bar a month), and the key tracks month by month.

use super::analysis::{Months, Point};
use super::md::{self, Align, para, points};
use super::timeline::short_date;
use crate::core::game::Game;
use crate::core::ids::{Delegation, Track};
use crate::core::scenario::month_name;

/// The tracks drawn as sparklines.
pub const SPARK_TRACKS: [Track; 13] = [
    Track::Occupied,
    Track::Momentum,
    Track::RuCasualties,
    Track::RuEconomy,
    Track::RuInflation,
    Track::RuManpower,
    Track::UaMunitions,
    Track::UaManpower,
    Track::UaFinance,
    Track::UsCommitment,
    Track::EuCohesion,
    Track::SanctionsPressure,
    Track::EscalationRisk,
];

/// The tracks in the month-by-month table.
pub const TABLE_TRACKS: [Track; 6] = [
    Track::Occupied,
    Track::Momentum,
    Track::RuCasualties,
    Track::RuEconomy,
    Track::UaMunitions,
    Track::EscalationRisk,
];

const LABEL: usize = 22;

pub fn section(g: &Game, months: &Months) -> String {
    let mut out = String::from("## The war and the talks in charts\n\n");
    let Some((first, _)) = months.ends.first() else {
        out.push_str(&para(
            "No month was played in full: there is nothing to chart yet.",
        ));
        return out;
    };
    let last = months.ends.last().map_or(*first, |(m, _)| *m);
    out.push_str(&para(&format!(
        "One bar per month, for the end of each month from {} to {}. Each row is scaled from \
         its lowest to its highest value in this game (the start included), so read the \
         numbers beside it for the size of a change.",
        g.scenario.date_label(*first),
        g.scenario.date_label(last)
    )));
    let axis: String = months
        .ends
        .iter()
        .map(|(m, _)| {
            let (_, month) = g.scenario.date_of_turn(*m);
            month_name(month).chars().next().unwrap_or('?')
        })
        .collect();
    let n = months.ends.len();
    out.push_str("```text\n");
    out.push_str(&format!("{:<LABEL$}{axis}\n", "Month"));
    for t in SPARK_TRACKS {
        let series: Vec<i32> = months.ends.iter().map(|(_, p)| p.track(t)).collect();
        out.push_str(&row(t.label(), &series, months.start.track(t), |v| {
            t.format(v)
        }));
    }
    out.push_str("```\n\n");

    out.push_str(&para(
        "What fighting on is worth to each delegation (its BATNA, 0–100): a falling line makes \
         a deal easier to accept. The four rows share one scale.",
    ));
    let batna = |p: &Point, d: Delegation| points(p.batna[d.index()]);
    let all: Vec<i32> = std::iter::once(&months.start)
        .chain(months.ends.iter().map(|(_, p)| p))
        .flat_map(|p| Delegation::ALL.map(|d| batna(p, d)))
        .collect();
    let (lo, hi) = (
        all.iter().copied().min().unwrap_or(0),
        all.iter().copied().max().unwrap_or(0),
    );
    out.push_str("```text\n");
    out.push_str(&format!("{:<LABEL$}{axis}\n", "Month"));
    for d in Delegation::ALL {
        let series: Vec<i32> = months.ends.iter().map(|(_, p)| batna(p, d)).collect();
        let spark = md::sparkline(&series, lo, hi);
        let (a, b) = (batna(&months.start, d), series.last().copied().unwrap_or(0));
        out.push_str(&format!("{:<LABEL$}{spark}  {a} → {b}\n", d.name()));
    }
    out.push_str(&format!(
        "{:<LABEL$}{}  (scale {lo}–{hi})\n",
        "",
        " ".repeat(n)
    ));
    out.push_str("```\n\n");

    out.push_str("**Month by month** (the end of each month)\n\n");
    let mut header = vec!["Month"];
    header.extend(TABLE_TRACKS.iter().map(|t| t.label()));
    let mut align = vec![Align::Left];
    align.extend(TABLE_TRACKS.iter().map(|_| Align::Right));
    let values =
        |p: &Point| -> Vec<String> { TABLE_TRACKS.iter().map(|t| t.format(p.track(*t))).collect() };
    let mut rows: Vec<Vec<String>> = Vec::new();
    rows.push(
        std::iter::once("Start".to_string())
            .chain(values(&months.start))
            .collect(),
    );
    for (m, p) in &months.ends {
        rows.push(
            std::iter::once(short_date(g, *m))
                .chain(values(p))
                .collect(),
        );
    }
    out.push_str(&md::table(&header, &align, &rows));
    let war_in_last = g.history.iter().skip(1).any(|h| h.turn == last);
    if g.outcome.is_some() && !war_in_last {
        out.push_str(&para(&format!(
            "The game ended in {} before that month's fighting: its row is the world as the \
             game ended, after the month's events and moves.",
            g.scenario.date_label(last)
        )));
    }
    out
}

/// "Occupied              ▁▂▃▅▆█  20.0% → 22.2%  (low 20.0%, high 22.2%)".
fn row(label: &str, series: &[i32], start: i32, fmt: impl Fn(i32) -> String) -> String {
    let lo = series.iter().copied().chain([start]).min().unwrap_or(start);
    let hi = series.iter().copied().chain([start]).max().unwrap_or(start);
    let spark = md::sparkline(series, lo, hi);
    let end = series.last().copied().unwrap_or(start);
    let range = if lo == hi {
        "(no change)".to_string()
    } else if (lo, hi) == (start.min(end), start.max(end)) {
        String::new()
    } else {
        format!("(low {}, high {})", fmt(lo), fmt(hi))
    };
    format!(
        "{label:<LABEL$}{spark}  {} → {}  {range}",
        fmt(start),
        fmt(end)
    )
    .trim_end()
    .to_string()
        + "\n"
}
