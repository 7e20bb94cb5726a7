//! The facilitator's view: everything the delegations hide from each
//! other (weights, redlines, BATNAs, targets, every reason), and the
//! controls a teacher steers a class with: inject a card, move a track
//! with a reason, stop the clock. It covers the table, since it shows what
//! the teams must not see.

use super::table::truncate;
use super::{footer, panel, row_style, status};
use crate::ai::counterpart;
use crate::core::ids::{Delegation, Track};
use crate::core::news::NewsItem;
use crate::story;
use crate::ui::app::{App, FacilitatorTab, FacilitatorView, Session, unplayed_cards};
use crate::ui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

pub fn draw(frame: &mut Frame, area: Rect, app: &App, v: &FacilitatorView) {
    let Some(s) = &app.session else {
        return;
    };
    let t = &app.theme;
    frame.render_widget(Clear, area);
    let [tabs, body, stat, foot] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let mut spans = vec![Span::styled(" FACILITATOR ", t.selected), Span::raw(" ")];
    for tab in FacilitatorTab::ALL {
        let on = tab == v.tab;
        spans.push(Span::styled(
            format!(" {} ", tab.name()),
            if on { t.key } else { t.dim },
        ));
        spans.push(Span::raw(if on { "◀" } else { " " }));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), tabs);
    let title = format!(
        "{} — {}, turn {}/{}",
        v.tab.name(),
        s.game.scenario.date_label(s.game.turn),
        s.game.turn,
        s.game.scenario.turns
    );
    let block = panel(&title, t, true);
    let inner = block.inner(body);
    frame.render_widget(block, body);
    let lines = match v.tab {
        FacilitatorTab::Delegations => delegations(s, t),
        FacilitatorTab::Reasoning => reasoning(s, t),
        FacilitatorTab::Inject => inject(s, v.sel, inner.width as usize, t),
        FacilitatorTab::Adjust => adjust(s, v, t),
        FacilitatorTab::Clock => clock(s, t),
    };
    // Keep the cursor row in view in the long lists.
    let cursor_row = match v.tab {
        FacilitatorTab::Inject => v.sel + 2,
        FacilitatorTab::Adjust => v.sel + 2,
        FacilitatorTab::Delegations => v.sel * 8,
        _ => 0,
    } as u16;
    let scroll = cursor_row.saturating_sub(inner.height.saturating_sub(2));
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0))
            .style(t.text),
        inner,
    );
    status(frame, stat, app);
    footer(frame, foot, app);
}

fn pct(bp: i32) -> i32 {
    (bp + 50).div_euclid(100)
}

fn delegations(s: &Session, t: &Theme) -> Vec<Line<'static>> {
    let g = &s.game;
    let mut lines = Vec::new();
    for d in Delegation::ALL {
        let p = g.profile(d);
        let st = counterpart::stance(g, d);
        lines.push(Line::from(vec![
            Span::styled(d.name().to_string(), t.title),
            Span::styled(
                if g.is_human(d) {
                    "  (played by a team)".to_string()
                } else {
                    format!("  (AI, {})", g.setup.difficulty.id())
                },
                t.dim,
            ),
        ]));
        lines.push(Line::from(vec![
            Span::styled("  fighting on (BATNA) ", t.dim),
            Span::styled(format!("{:>3}", pct(st.batna)), t.key),
            Span::styled("   holds out for now ", t.dim),
            Span::styled(format!("{:>3}", pct(st.target)), t.key),
            Span::styled("   next month ", t.dim),
            Span::styled(format!("{:>3}", pct(st.next_target)), t.text),
            Span::styled(format!("   capital {}", g.capital[d.index()]), t.dim),
        ]));
        let mut w: Vec<(usize, i32)> = p.weights.iter().copied().enumerate().collect();
        w.sort_by_key(|(i, x)| (-x, *i));
        let top: Vec<String> = w
            .iter()
            .take(4)
            .map(|(i, x)| {
                format!(
                    "{} {x}%",
                    g.scenario.issues.get(*i).map_or("?", |x| x.name.as_str())
                )
            })
            .collect();
        lines.push(Line::from(vec![
            Span::styled("  weighs most  ", t.dim),
            Span::styled(top.join(" · "), t.text),
        ]));
        for r in &p.redlines {
            lines.push(Line::from(vec![
                Span::styled("  ✗ ", t.bad),
                Span::styled(r.why.trim().to_string(), t.text),
            ]));
        }
        lines.push(Line::raw(""));
    }
    lines
}

fn reasoning(s: &Session, t: &Theme) -> Vec<Line<'static>> {
    let g = &s.game;
    let from_turn = g.turn.saturating_sub(1).max(1);
    let mut lines = vec![Line::styled(
        format!(
            "Every answer since {}, with all its reasons (the teams see only their own).",
            g.scenario.date_label(from_turn)
        ),
        t.dim,
    )];
    for n in g.news.iter().filter(|n| n.turn >= from_turn) {
        if let NewsItem::Answered(a) = &n.item {
            let (glyph, style) = if a.accept {
                ("✓ ", t.good)
            } else {
                ("✗ ", t.bad)
            };
            lines.push(Line::from(vec![
                Span::styled(glyph, style),
                Span::styled(story::answer_text(g, a), t.text),
            ]));
        }
    }
    if lines.len() == 1 {
        lines.push(Line::styled("No answers yet.", t.dim));
    }
    lines
}

fn inject(s: &Session, sel: usize, width: usize, t: &Theme) -> Vec<Line<'static>> {
    let g = &s.game;
    let mut lines = vec![
        Line::styled(
            "Enter plays the highlighted card now: its effects apply at once, and the class sees it.",
            t.dim,
        ),
        Line::raw(""),
    ];
    for (row, i) in unplayed_cards(g).into_iter().enumerate() {
        let c = &g.scenario.cards[i];
        let on = row == sel;
        let head = format!("{} {:<4} {}", if on { "▶" } else { " " }, c.id, c.title);
        lines.push(Line::from(vec![
            Span::styled(truncate(&head, 44.min(width / 2)), row_style(t, on)),
            Span::styled(
                format!(
                    "  {}",
                    truncate(c.text.trim(), width.saturating_sub(48)).trim_end()
                ),
                t.dim,
            ),
        ]));
    }
    lines
}

fn adjust(s: &Session, v: &FacilitatorView, t: &Theme) -> Vec<Line<'static>> {
    let g = &s.game;
    let mut lines = vec![
        Line::styled(
            "↑↓ a track, ←→ the change, Enter to give the class a reason and apply it.",
            t.dim,
        ),
        Line::raw(""),
    ];
    for (row, track) in Track::ALL.iter().enumerate() {
        let on = row == v.sel;
        let now = g.world.track(*track);
        let mut spans = vec![Span::styled(
            format!(
                "{} {:<34} {:>14}",
                if on { "▶" } else { " " },
                track.label(),
                track.format(now)
            ),
            row_style(t, on),
        )];
        if on && v.amount != 0 {
            let spec = g.world.spec(*track);
            let to = (now + v.amount).clamp(spec.min, spec.max);
            spans.push(Span::styled(
                format!(
                    "  {} {}  →  {}",
                    if v.amount > 0 { "+" } else { "−" },
                    track.format(v.amount.abs()),
                    track.format(to)
                ),
                t.key,
            ));
        }
        lines.push(Line::from(spans));
    }
    lines
}

fn clock(s: &Session, t: &Theme) -> Vec<Line<'static>> {
    match s.clock {
        None => vec![Line::styled(
            "This game has no turn clock. Start one with --turn-minutes M (or in the new-game setup).",
            t.dim,
        )],
        Some(c) => vec![
            Line::from(vec![
                Span::styled(format!("{}'s turn: ", s.you.name()), t.text),
                Span::styled(
                    format!("{} {}", if c.paused { "⏸" } else { "⏱" }, c.label()),
                    t.key,
                ),
                Span::styled(format!(" of {} min", c.turn_ms / 60_000), t.dim),
            ]),
            Line::raw(""),
            Line::styled(
                if c.paused {
                    "Stopped. Enter starts it again."
                } else {
                    "Running. Enter stops it (for a discussion, a question, a break)."
                },
                t.text,
            ),
        ],
    }
}
