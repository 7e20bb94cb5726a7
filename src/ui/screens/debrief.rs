//! The debrief: how it ended, every delegation's score, the tracks over
//! the game, the offers in utility space against the Pareto frontier, and
//! the turning points.

use super::{footer, panel, status};
use crate::ai::negotiation::{Domain, for_each_package};
use crate::core::game::Game;
use crate::core::ids::{Delegation, Track};
use crate::core::news::NewsItem;
use crate::core::scenario::Package;
use crate::ui::app::{App, Session};
use crate::ui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Chart, Dataset, GraphType, Paragraph, Sparkline, Wrap};

/// The delegation whose signature the player most needs: the other side of
/// the war.
pub fn counterpart(you: Delegation) -> Delegation {
    match you {
        Delegation::Russia => Delegation::Ukraine,
        _ => Delegation::Russia,
    }
}

/// The Pareto frontier of (your utility, counterpart's utility) over every
/// package, in points 0–100, sorted by your utility.
pub fn pareto_frontier(g: &Game, you: Delegation, them: Delegation) -> Vec<(f64, f64)> {
    let domain = Domain {
        options: g.scenario.issues.iter().map(|i| i.options.len()).collect(),
    };
    let (a, b) = (&g.prefs[you.index()], &g.prefs[them.index()]);
    let mut pts: Vec<(i32, i32)> = Vec::new();
    for_each_package(&domain, |p| pts.push((a.utility(p), b.utility(p))));
    pts.sort_by_key(|(x, y)| (std::cmp::Reverse(*x), std::cmp::Reverse(*y)));
    let mut frontier = Vec::new();
    let mut best_y = i32::MIN;
    for (x, y) in pts {
        if y > best_y {
            best_y = y;
            frontier.push((x as f64 / 100.0, y as f64 / 100.0));
        }
    }
    frontier.reverse();
    frontier
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let Some(s) = &app.session else {
        return;
    };
    let t = &app.theme;
    let [body, stat, foot] = Layout::vertical([
        Constraint::Min(0),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let wide = area.width >= 120 && area.height >= 36;
    if wide {
        let [left, right] =
            Layout::horizontal([Constraint::Percentage(45), Constraint::Percentage(55)])
                .areas(body);
        let [result, turning] =
            Layout::vertical([Constraint::Min(16), Constraint::Length(10)]).areas(left);
        let [plot, tracks] =
            Layout::vertical([Constraint::Percentage(60), Constraint::Percentage(40)]).areas(right);
        result_panel(frame, result, s, t);
        turning_points(frame, turning, s, t);
        offers_plot(frame, plot, s, t);
        tracks_panel(frame, tracks, s, t);
    } else {
        let [left, right] =
            Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)])
                .areas(body);
        result_panel(frame, left, s, t);
        offers_plot(frame, right, s, t);
    }
    status(frame, stat, app);
    footer(frame, foot, app);
}

fn result_panel(frame: &mut Frame, area: Rect, s: &Session, t: &Theme) {
    let g = &s.game;
    let mut lines = Vec::new();
    match &g.outcome {
        Some(o) => {
            lines.push(Line::styled(o.state.title().to_string(), t.title));
            lines.push(Line::styled(
                format!(
                    "{} {}, month {} of {}",
                    if o.state.is_agreement() {
                        "Signed in"
                    } else {
                        "Ended in"
                    },
                    g.scenario.date_label(o.turn),
                    o.turn,
                    g.scenario.turns
                ),
                t.dim,
            ));
            lines.push(Line::raw(""));
            lines.push(Line::styled(
                "Scores (0–100: what the outcome is worth to each), against fighting on:",
                t.dim,
            ));
            for d in Delegation::ALL {
                let sc = o.scores[d.index()];
                let batna = (g.batna(d) + 50) / 100;
                lines.push(Line::from(vec![
                    Span::styled(
                        format!("{}{:<14}", if d == s.you { "★ " } else { "  " }, d.name()),
                        if d == s.you { t.key } else { t.text },
                    ),
                    Span::styled(format!("{sc:>3}"), t.title),
                    Span::styled(
                        format!(
                            "   {} {batna:>3}",
                            if sc as i32 > batna {
                                "▲"
                            } else if (sc as i32) < batna {
                                "▼"
                            } else {
                                "="
                            }
                        ),
                        if sc as i32 >= batna { t.good } else { t.bad },
                    ),
                ]));
            }
            lines.push(Line::raw(""));
            lines.push(Line::from(vec![
                Span::styled("Plot: ", t.dim),
                Span::styled("• you ", t.good),
                Span::styled("• them ", t.bad),
                Span::styled("• others ", t.unknown),
                Span::styled("█ the deal", t.key),
                Span::styled("; the line is the best possible (Pareto)", t.dim),
            ]));
            if let Some(p) = &o.package {
                lines.push(Line::raw(""));
                lines.push(Line::styled("The agreement", t.title));
                for l in g.scenario.package_lines(p) {
                    lines.push(Line::styled(format!("  {l}"), t.text));
                }
            }
        }
        None => lines.push(Line::styled("The game is not over.", t.dim)),
    }
    // No trimming: the score rows are aligned with leading spaces.
    frame.render_widget(
        Paragraph::new(lines)
            .block(panel("Debrief", t, true))
            .wrap(Wrap { trim: false }),
        area,
    );
}

/// Every package tabled, as (your utility, counterpart's utility), with the
/// frontier: how far from the best possible deals the talks stayed.
fn offers_plot(frame: &mut Frame, area: Rect, s: &Session, t: &Theme) {
    let g = &s.game;
    let them = counterpart(s.you);
    let point = |p: &Package| {
        (
            g.prefs[s.you.index()].utility(&p.0) as f64 / 100.0,
            g.prefs[them.index()].utility(&p.0) as f64 / 100.0,
        )
    };
    let mut yours = Vec::new();
    let mut theirs = Vec::new();
    let mut others = Vec::new();
    for n in &g.news {
        if let NewsItem::Tabled { by, package, .. } = &n.item {
            let pt = point(package);
            if *by == s.you {
                yours.push(pt);
            } else if *by == them {
                theirs.push(pt);
            } else {
                others.push(pt);
            }
        }
    }
    let deal: Vec<(f64, f64)> = g
        .outcome
        .as_ref()
        .and_then(|o| o.package.as_ref())
        .map(|p| vec![point(p)])
        .unwrap_or_default();
    let your_name = format!("{} (you)", s.you.name());
    let their_name = them.name().to_string();
    let datasets = vec![
        Dataset::default()
            .name("Pareto frontier")
            .marker(Marker::Braille)
            .graph_type(GraphType::Line)
            .style(t.dim)
            .data(&s.frontier),
        Dataset::default()
            .name("others' offers")
            .marker(Marker::Dot)
            .graph_type(GraphType::Scatter)
            .style(t.unknown)
            .data(&others),
        Dataset::default()
            .name(their_name)
            .marker(Marker::Dot)
            .graph_type(GraphType::Scatter)
            .style(t.bad)
            .data(&theirs),
        Dataset::default()
            .name(your_name)
            .marker(Marker::Dot)
            .graph_type(GraphType::Scatter)
            .style(t.good)
            .data(&yours),
        Dataset::default()
            .name("agreement")
            .marker(Marker::Block)
            .graph_type(GraphType::Scatter)
            .style(t.key)
            .data(&deal),
    ];
    let axis = |title: String| {
        Axis::default()
            .title(Span::styled(title, t.dim))
            .bounds([0.0, 100.0])
            .labels(["0", "50", "100"])
            .style(t.dim)
    };
    let chart = Chart::new(datasets)
        .block(panel("Offers in utility space", t, false))
        .x_axis(axis(format!("{} →", s.you.name())))
        .y_axis(axis(format!("{} ↑", them.name())));
    frame.render_widget(chart, area);
}

fn tracks_panel(frame: &mut Frame, area: Rect, s: &Session, t: &Theme) {
    let g = &s.game;
    let block = panel("The war over the talks", t, false);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let shown = [
        Track::Occupied,
        Track::RuCasualties,
        Track::RuEconomy,
        Track::UaMunitions,
        Track::EscalationRisk,
    ];
    let rows = Layout::vertical(shown.iter().map(|_| Constraint::Length(2))).split(inner);
    for (tr, row) in shown.iter().zip(rows.iter()) {
        let [label, spark] =
            Layout::vertical([Constraint::Length(1), Constraint::Length(1)]).areas(*row);
        let (first, last) = (
            g.history.first().map(|h| h.tracks[tr.index()]).unwrap_or(0),
            g.world.track(*tr),
        );
        frame.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled(format!("{} ", tr.label()), t.dim),
                Span::styled(
                    format!("{} → {}", tr.format(first), tr.format(last)),
                    t.text,
                ),
            ])),
            label,
        );
        let spec = g.world.spec(*tr);
        let data: Vec<u64> = g
            .history
            .iter()
            .map(|h| (h.tracks[tr.index()] - spec.min).max(0) as u64)
            .collect();
        frame.render_widget(
            Sparkline::default()
                .data(&data)
                .max((spec.max - spec.min).max(1) as u64)
                .style(t.gauge),
            spark,
        );
    }
}

/// The months that changed the game: cards the war itself triggered,
/// walk-outs, and the package that became the agreement.
fn turning_points(frame: &mut Frame, area: Rect, s: &Session, t: &Theme) {
    let g = &s.game;
    let mut lines = Vec::new();
    for n in &g.news {
        let text = match &n.item {
            NewsItem::Event {
                card,
                triggered: true,
            } => g.scenario.cards.get(*card).map(|c| c.title.clone()),
            NewsItem::WalkOut { by } => Some(format!("{} walks out", by.name())),
            NewsItem::Agreement { proposal } => Some(format!("Package #{proposal} is signed")),
            _ => None,
        };
        if let Some(text) = text {
            lines.push(Line::from(vec![
                Span::styled(format!("{:<15}", g.scenario.date_label(n.turn)), t.dim),
                Span::styled(text, t.text),
            ]));
        }
    }
    if lines.is_empty() {
        lines.push(Line::styled("No turning points: the war ground on.", t.dim));
    }
    frame.render_widget(
        Paragraph::new(lines)
            .block(panel("Turning points", t, false))
            .wrap(Wrap { trim: true }),
        area,
    );
}
