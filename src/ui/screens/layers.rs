//! The layers over the table: the proposal editor with its live estimate,
//! the lever, back-channel and statement pickers, the event-card and
//! answers pop-ups, and the quit question.

use super::table::truncate;
use super::{bar, panel, popup, row_style};
use crate::core::ids::Delegation;
use crate::core::news::{InsightKind, NewsItem, Reason};
use crate::core::scenario::Package;
use crate::story;
use crate::ui::app::{App, Editor, Layer, Session, StatementPick, others};
use crate::ui::command::Purpose;
use crate::ui::describe;
use crate::ui::storage::SaveEntry;
use crate::ui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

pub fn draw(frame: &mut Frame, area: Rect, app: &App, layer: &Layer) {
    let t = &app.theme;
    match layer {
        Layer::ConfirmQuit => {
            let r = popup(frame, area, 56, 8);
            let name = app
                .session
                .as_ref()
                .map(|s| s.save_name.clone())
                .unwrap_or_default();
            frame.render_widget(
                Paragraph::new(vec![
                    Line::styled("Leave the game?", t.warn),
                    Line::raw(""),
                    Line::raw("Some moves are not saved yet. They will be saved as"),
                    Line::styled(format!("\"{name}\""), t.key),
                    Line::from(vec![
                        Span::styled(" y ", t.key),
                        Span::raw("save and quit   "),
                        Span::styled(" n ", t.key),
                        Span::raw("keep playing"),
                    ]),
                ])
                .block(panel("Quit", t, true))
                .style(t.text),
                r,
            );
        }
        Layer::QuitUnsaved { reason } => {
            let r = popup(frame, area, 60, 9);
            frame.render_widget(
                Paragraph::new(vec![
                    Line::styled("The game could not be saved", t.warn),
                    Line::raw(""),
                    Line::raw(reason.clone()),
                    Line::raw("Quit anyway, losing the moves since the last save?"),
                    Line::from(vec![
                        Span::styled(" y ", t.key),
                        Span::raw("quit   "),
                        Span::styled(" n ", t.key),
                        Span::raw("keep playing"),
                    ]),
                ])
                .block(panel("Quit", t, true))
                .style(t.text)
                .wrap(Wrap { trim: true }),
                r,
            );
        }
        Layer::SaveName { text } => {
            let r = popup(frame, area, 64, 8);
            frame.render_widget(
                Paragraph::new(vec![
                    Line::styled("Save the game as:", t.text),
                    Line::raw(""),
                    Line::from(vec![
                        Span::styled(format!(" {text}"), t.selected),
                        Span::styled("▏", t.key),
                    ]),
                    Line::raw(""),
                    Line::styled(
                        "A name, not a path: letters, digits, - and _. Games are also saved every month.",
                        t.dim,
                    ),
                ])
                .block(panel("Save", t, true))
                .style(t.text)
                .wrap(Wrap { trim: false }),
                r,
            );
        }
        Layer::GoTo { text } => {
            let r = popup(frame, area, 40, 5);
            frame.render_widget(
                Paragraph::new(vec![Line::from(vec![
                    Span::styled("Go to month (turn) number: ", t.text),
                    Span::styled(format!("{text}▏"), t.selected),
                ])])
                .block(panel("Go to", t, true))
                .style(t.text),
                r,
            );
        }
        Layer::SaveList {
            purpose,
            entries,
            sel,
        } => save_list(frame, area, *purpose, entries, *sel, t),
        Layer::Handover { to } => handover(frame, area, app, *to),
        Layer::Facilitator(v) => super::facilitator::draw(frame, area, app, v),
        Layer::Reason { track, by, text } => {
            let r = popup(frame, area, 70, 8);
            frame.render_widget(
                Paragraph::new(vec![
                    Line::styled(
                        format!(
                            "{} {}{}: why? (the class will read it)",
                            track.label(),
                            if *by >= 0 { "+" } else { "−" },
                            track.format(by.abs())
                        ),
                        t.text,
                    ),
                    Line::raw(""),
                    Line::from(vec![
                        Span::styled(format!(" {text}"), t.selected),
                        Span::styled("▏", t.key),
                    ]),
                ])
                .block(panel("Reason", t, true))
                .style(t.text)
                .wrap(Wrap { trim: false }),
                r,
            );
        }
        Layer::Brief => {
            frame.render_widget(ratatui::widgets::Clear, area);
            super::briefing::draw(frame, area, app);
        }
        Layer::Help => {}
        _ => {
            let Some(s) = app.current() else {
                return;
            };
            match layer {
                Layer::Editor(ed) => editor(frame, area, s, ed, t),
                Layer::Levers { sel } => levers(frame, area, s, *sel, t),
                Layer::BackChannel { sel } => back_channel(frame, area, s, *sel, t),
                Layer::Statement(st) => statement(frame, area, s, st, t),
                Layer::Cards { queue, at } => card(frame, area, s, queue, *at, t),
                Layer::Answers { from, scroll } => answers(frame, area, s, *from, *scroll, t),
                _ => {}
            }
        }
    }
}

/// The curtain: the whole screen blank but for who is next.
fn handover(frame: &mut Frame, area: Rect, app: &App, to: Delegation) {
    let t = &app.theme;
    frame.render_widget(ratatui::widgets::Clear, area);
    let [body, foot] = Layout::vertical([Constraint::Min(0), Constraint::Length(1)]).areas(area);
    let month = app
        .session
        .as_ref()
        .map(|s| s.game.scenario.date_label(s.game.turn))
        .unwrap_or_default();
    let r = body.centered(
        Constraint::Length(60.min(body.width)),
        Constraint::Length(9),
    );
    frame.render_widget(
        Paragraph::new(vec![
            Line::styled(month, t.dim).centered(),
            Line::raw(""),
            Line::styled(format!("Pass the keyboard to {}", to.name()), t.title).centered(),
            Line::raw(""),
            Line::styled(
                format!("What follows is for {}'s team only.", to.name()),
                t.text,
            )
            .centered(),
            Line::from(vec![
                Span::styled("Press ", t.dim),
                Span::styled(" Enter ", t.key),
                Span::styled(" when they are seated.", t.dim),
            ])
            .centered(),
        ])
        .block(panel("Hand-over", t, true))
        .wrap(Wrap { trim: true }),
        r,
    );
    super::footer(frame, foot, app);
}

fn save_list(
    frame: &mut Frame,
    area: Rect,
    purpose: Purpose,
    entries: &[SaveEntry],
    sel: usize,
    t: &Theme,
) {
    let h = (entries.len() as u16 + 4).clamp(6, area.height.saturating_sub(2));
    let r = popup(frame, area, area.width.saturating_sub(6).min(100), h);
    let block = panel(
        match purpose {
            Purpose::Load => "Load a saved game",
            Purpose::Replay => "Replay a saved game",
        },
        t,
        true,
    );
    let inner = block.inner(r);
    frame.render_widget(block, r);
    let rows = inner.height as usize;
    let first = sel.saturating_sub(rows.saturating_sub(1));
    let name_w = entries
        .iter()
        .map(|e| e.name.chars().count())
        .max()
        .unwrap_or(0)
        .min(inner.width as usize / 2);
    let lines: Vec<Line> = entries
        .iter()
        .enumerate()
        .skip(first)
        .take(rows)
        .map(|(i, e)| {
            let selected = i == sel;
            Line::from(vec![
                Span::styled(
                    format!(
                        "{} {}",
                        if selected { "▶" } else { " " },
                        truncate(&e.name, name_w)
                    ),
                    row_style(t, selected),
                ),
                Span::styled(
                    format!("  {}{}", if e.ok { "" } else { "✗ " }, e.label),
                    if e.ok { t.dim } else { t.bad },
                ),
            ])
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

/// What the player can tell of a delegation's answer to a package: the
/// redlines it has heard, its frequency model of them, and the bar their
/// last explained no stated. Never the hidden numbers.
pub struct Estimate {
    pub satisfaction: i32,
    pub threshold: Option<i32>,
    pub redline: Option<String>,
}

pub fn estimate(s: &Session, d: Delegation, p: &Package) -> Estimate {
    let g = &s.game;
    let satisfaction = (g.ai.model(s.you, d).estimate(&p.0) + 50) / 100;
    let table = g.table_packages();
    let ctx = g.ctx(&table, Some(p));
    let redline =
        g.ai.known_redlines(s.you)
            .iter()
            .filter(|(about, _)| *about == d)
            .filter_map(|(_, r)| g.profile(d).redlines.get(*r))
            .find(|r| r.forbid.holds(&ctx))
            .map(|r| r.why.trim().to_string())
            .or_else(|| {
                g.knowledge[s.you.index()]
                    .iter()
                    .filter(|k| k.about == d)
                    .filter_map(|k| match k.what {
                        InsightKind::Redline { index } => g.profile(d).redlines.get(index),
                        _ => None,
                    })
                    .find(|r| r.forbid.holds(&ctx))
                    .map(|r| r.why.trim().to_string())
            });
    let threshold = g.answers.iter().rev().filter(|a| a.by == d).find_map(|a| {
        a.reasons.iter().find_map(|r| match r {
            Reason::BelowTarget { target, .. } | Reason::GoodEnough { target, .. } => {
                Some((target + 50) / 100)
            }
            Reason::BelowBatna { batna, .. } => Some((batna + 50) / 100),
            _ => None,
        })
    });
    Estimate {
        satisfaction,
        threshold,
        redline,
    }
}

fn editor(frame: &mut Frame, area: Rect, s: &Session, ed: &Editor, t: &Theme) {
    let g = &s.game;
    let r = popup(
        frame,
        area,
        area.width.saturating_sub(4).min(110),
        area.height.saturating_sub(2).min(26),
    );
    let block = panel(
        "Propose a package — ←→ change the option, Enter table it",
        t,
        true,
    );
    let inner = block.inner(r);
    frame.render_widget(block, r);
    let n = g.scenario.issues.len() as u16;
    let [options, verdicts] =
        Layout::vertical([Constraint::Length(n + 1), Constraint::Min(0)]).areas(inner);
    let p = Package(ed.package.clone());
    let name_w = 22usize.min(options.width as usize / 3);
    // "name  you 100  ◀ option ▶"
    let opt_w = (options.width as usize).saturating_sub(name_w + 13);
    let mut lines = Vec::new();
    let mine = &g.profile(s.you).utilities;
    for (i, issue) in g.scenario.issues.iter().enumerate() {
        let sel = i == ed.issue;
        let o = p.option(i);
        let u = mine.get(i).and_then(|row| row.get(o)).copied().unwrap_or(0);
        lines.push(Line::from(vec![
            Span::styled(truncate(&issue.name, name_w), t.dim),
            Span::styled(format!(" you {u:>3} "), t.dim),
            Span::styled(
                format!(
                    "◀ {} ▶",
                    truncate(g.scenario.option_name(i, o), opt_w).trim_end()
                ),
                row_style(t, sel),
            ),
        ]));
    }
    frame.render_widget(Paragraph::new(lines), options);

    let you = g.utility(s.you, &p);
    let batna = g.batna(s.you);
    let mut lines = vec![Line::from(vec![
        Span::styled("Worth to you ", t.dim),
        Span::styled(format!("{}", (you + 50) / 100), t.key),
        Span::styled(
            format!("  (fighting on: {})", (batna + 50) / 100),
            if you >= batna { t.good } else { t.bad },
        ),
        Span::styled(
            format!("   needs: {}", {
                let need = g.scenario.signatories(&p);
                need.iter().map(|d| d.name()).collect::<Vec<_>>().join(", ")
            }),
            t.dim,
        ),
    ])];
    lines.push(Line::styled(
        "Their likely answer, from what you know (their offers, answers, back-channels):",
        t.dim,
    ));
    let need = g.scenario.signatories(&p);
    for d in others(s.you) {
        if !need.contains(d) {
            lines.push(Line::styled(
                format!("  · {:<14} not needed", d.name()),
                t.dim,
            ));
            continue;
        }
        let e = estimate(s, d, &p);
        let (glyph, style, why) = match (&e.redline, e.threshold) {
            (Some(r), _) => ("✗", t.bad, format!("crosses a redline: {r}")),
            (None, Some(th)) if e.satisfaction >= th => {
                ("✓", t.good, format!("they asked for {th} lately"))
            }
            (None, Some(th)) => ("✗", t.bad, format!("they asked for {th} lately")),
            (None, None) => ("?", t.unknown, "no answer from them yet".to_string()),
        };
        lines.push(Line::from(vec![
            Span::styled(format!("  {glyph} "), style),
            Span::styled(format!("{:<14}", d.name()), t.text),
            Span::styled(bar(e.satisfaction, 10), t.gauge),
            Span::styled(format!(" ~{:>3}  ", e.satisfaction), t.text),
            Span::styled(why, t.dim),
        ]));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), verdicts);
}

fn levers(frame: &mut Frame, area: Rect, s: &Session, sel: usize, t: &Theme) {
    let g = &s.game;
    let p = g.profile(s.you);
    let r = popup(frame, area, 76, (p.levers.len() as u16 * 2 + 4).max(8));
    let mut lines = vec![Line::styled(
        format!("Political capital: {}", g.capital[s.you.index()]),
        t.dim,
    )];
    for (i, l) in p.levers.iter().enumerate() {
        let ready = g.lever_available(s.you, i);
        let mark = if i == sel { "▶" } else { " " };
        let state = match &ready {
            Ok(()) => format!("cost {}", l.cost),
            Err(e) => format!("cost {} — {e}", l.cost),
        };
        lines.push(Line::from(vec![
            Span::styled(format!("{mark} {}", l.name), row_style(t, i == sel)),
            Span::styled(
                format!("  {state}"),
                if ready.is_ok() { t.text } else { t.dim },
            ),
        ]));
        lines.push(Line::styled(format!("    {}", l.text.trim()), t.dim));
    }
    frame.render_widget(
        Paragraph::new(lines)
            .block(panel("Levers", t, true))
            .wrap(Wrap { trim: true }),
        r,
    );
}

fn back_channel(frame: &mut Frame, area: Rect, s: &Session, sel: usize, t: &Theme) {
    let g = &s.game;
    let r = popup(frame, area, 64, 10);
    let mut lines = vec![Line::styled(
        "Learn one priority or redline (cost 1). Low trust: the contact may mislead you.",
        t.dim,
    )];
    for (i, d) in others(s.you).into_iter().enumerate() {
        let trust = g.world.trust(d, s.you);
        lines.push(Line::from(vec![
            Span::styled(
                format!("{} {:<14}", if i == sel { "▶" } else { " " }, d.name()),
                row_style(t, i == sel),
            ),
            Span::styled(" trust ", t.dim),
            Span::styled(bar(trust, 10), t.gauge),
            Span::styled(format!(" {trust}"), t.text),
        ]));
    }
    frame.render_widget(
        Paragraph::new(lines)
            .block(panel("Back-channel", t, true))
            .wrap(Wrap { trim: true }),
        r,
    );
}

fn statement(frame: &mut Frame, area: Rect, s: &Session, st: &StatementPick, t: &Theme) {
    let g = &s.game;
    let r = popup(frame, area, 70, 16);
    let mut lines = vec![Line::styled(
        "A public commitment (cost 1): credible — and signing below it later costs you.",
        t.dim,
    )];
    if st.picking_option {
        let issue = g.scenario.issues.get(st.issue);
        lines.push(Line::styled(
            issue.map(|i| i.name.clone()).unwrap_or_default(),
            t.title,
        ));
        for (o, opt) in issue
            .map(|i| i.options.as_slice())
            .unwrap_or(&[])
            .iter()
            .enumerate()
        {
            let sel = o == st.option;
            lines.push(Line::styled(
                format!("{} {}", if sel { "▶" } else { " " }, opt.name),
                row_style(t, sel),
            ));
        }
    } else {
        for (i, issue) in g.scenario.issues.iter().enumerate() {
            let sel = i == st.issue;
            lines.push(Line::styled(
                format!("{} {}", if sel { "▶" } else { " " }, issue.name),
                row_style(t, sel),
            ));
        }
    }
    frame.render_widget(
        Paragraph::new(lines)
            .block(panel("Statement", t, true))
            .wrap(Wrap { trim: true }),
        r,
    );
}

fn card(frame: &mut Frame, area: Rect, s: &Session, queue: &[usize], at: usize, t: &Theme) {
    let g = &s.game;
    let Some(c) = queue.get(at).and_then(|i| g.scenario.cards.get(*i)) else {
        return;
    };
    let r = popup(frame, area, 70, 18);
    let mut lines = vec![
        Line::styled(c.title.clone(), t.event),
        Line::raw(""),
        Line::styled(c.text.trim().to_string(), t.text),
        Line::raw(""),
    ];
    if let Some(tr) = &c.trigger {
        lines.push(Line::from(vec![
            Span::styled("Triggered: ", t.dim),
            Span::styled(describe::condition(g, tr), t.text),
        ]));
    }
    if !c.effects.is_empty() {
        let words: Vec<String> = c.effects.iter().map(|e| describe::effect(g, e)).collect();
        lines.push(Line::from(vec![
            Span::styled("Effects: ", t.dim),
            Span::styled(words.join("; "), t.text),
        ]));
    }
    lines.push(Line::from(vec![
        Span::styled("Source: ", t.dim),
        Span::styled(c.source.trim().to_string(), t.dim),
    ]));
    // What "B¶22" points to: the text and its date (¶ = paragraph).
    for r in g.scenario.cited(&c.source) {
        let date = if r.date.is_empty() {
            String::new()
        } else {
            format!(" ({})", r.date)
        };
        lines.push(Line::styled(
            format!("  {} = {}{date}", r.id, r.title.trim()),
            t.dim,
        ));
    }
    let title = format!("Event card {} of {}", at + 1, queue.len());
    frame.render_widget(
        Paragraph::new(lines)
            .block(panel(&title, t, true))
            .wrap(Wrap { trim: true }),
        r,
    );
}

fn answers(frame: &mut Frame, area: Rect, s: &Session, from: usize, scroll: u16, t: &Theme) {
    let g = &s.game;
    let r = popup(
        frame,
        area,
        area.width.saturating_sub(4),
        area.height.saturating_sub(2),
    );
    let mut lines = Vec::new();
    for n in g.news.iter().skip(from) {
        match &n.item {
            NewsItem::Answered(a) => {
                let mine = g.table.iter().any(|p| p.id == a.proposal && p.by == s.you);
                let (glyph, style) = if a.accept {
                    ("✓", t.good)
                } else {
                    ("✗", t.bad)
                };
                let words = if s.private_to_another(a) {
                    super::table::private_answer(a)
                } else {
                    story::answer_text(g, a)
                };
                lines.push(Line::from(vec![
                    Span::styled(format!("{glyph} "), style),
                    Span::styled(words, if mine { t.key } else { t.text }),
                ]));
            }
            NewsItem::Tabled { proposal, by, .. } => {
                lines.push(Line::styled(
                    format!("● {} tables package #{proposal}", by.name()),
                    t.title,
                ));
            }
            _ => {}
        }
    }
    if lines.is_empty() {
        lines.push(Line::styled("No answers this month.", t.dim));
    }
    frame.render_widget(
        Paragraph::new(lines)
            .block(panel("Answers — and why (↑↓ scroll)", t, true))
            .wrap(Wrap { trim: true })
            .scroll((scroll, 0)),
        r,
    );
}
