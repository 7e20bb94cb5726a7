//! The table: the main screen. Date, turn, deadline and capital on top;
//! the packages on the table with every delegation's known stance per
//! issue; the delegations; the news; from about 120×40 the map and the
//! tracks over time.

use super::{bar, footer, panel, row_style, status};
use crate::core::ids::{Delegation, Track};
use crate::core::news::{Answer, NewsItem, Proposal, Reason};
use crate::story;
use crate::ui::app::{App, Screen, Session};
use crate::ui::theme::Theme;
use crate::ui::widgets::map::{MapStyles, UkraineMap};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Sparkline, Wrap};

/// What the player knows of a delegation's stance on one issue of a
/// package.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stance {
    Yes,
    No,
    Unknown,
    /// Its signature is not needed for this package.
    NotNeeded,
}

impl Stance {
    pub fn glyph(self) -> &'static str {
        match self {
            Stance::Yes => "✓",
            Stance::No => "✗",
            Stance::Unknown => "?",
            Stance::NotNeeded => "·",
        }
    }

    pub fn style(self, t: &Theme) -> Style {
        match self {
            Stance::Yes => t.good,
            Stance::No => t.bad,
            Stance::Unknown => t.unknown,
            Stance::NotNeeded => t.dim,
        }
    }
}

/// A delegation's known stance on issue `i` of a package on the table:
/// your own from your preferences; the others' from what they said — a
/// signature or their own package is ✓ throughout, a no marks the issues
/// its reasons name.
pub fn stance(s: &Session, p: &Proposal, d: Delegation, i: usize) -> Stance {
    let g = &s.game;
    if !g.scenario.signatories(&p.package).contains(d) {
        return Stance::NotNeeded;
    }
    // Your own stance you know from your preferences; all-seeing (a
    // replay), everyone's.
    if d == s.you || s.all_seeing {
        let row = &g.profile(d).utilities[i];
        let u = row.get(p.package.option(i)).copied().unwrap_or(0);
        let best = row.iter().copied().max().unwrap_or(0).max(1);
        return if u * 100 >= best * 70 {
            Stance::Yes
        } else if u * 100 <= best * 35 {
            Stance::No
        } else {
            Stance::Unknown
        };
    }
    if p.by == d || p.accepted.contains(d) {
        return Stance::Yes;
    }
    let Some(a) = g
        .answers
        .iter()
        .rev()
        .find(|a| a.by == d && a.proposal == p.id)
    else {
        return Stance::Unknown;
    };
    let named = a.reasons.iter().any(|r| match r {
        Reason::Costs { issue, .. } => *issue as usize == i,
        Reason::WouldAcceptWith { changes } => changes.iter().any(|(x, _)| *x as usize == i),
        Reason::NothingShort { issues } => issues.iter().any(|x| *x as usize == i),
        _ => false,
    });
    if named {
        Stance::No
    } else if a.accept {
        Stance::Yes
    } else {
        Stance::Unknown
    }
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    if let Some(s) = &app.session {
        draw_session(frame, area, app, s, None);
    }
}

/// The table of a session (the game played, or a replay's), with the
/// status line given or the app's.
pub fn draw_session(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    s: &Session,
    status_line: Option<Line>,
) {
    let t = &app.theme;
    let [top, body, stat, foot] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    top_bar(frame, top, s, t, app.screen == Screen::Replay);
    let wide = area.width >= 120 && area.height >= 36;
    if wide {
        let [left, mid, right] = Layout::horizontal([
            Constraint::Length(38),
            Constraint::Min(50),
            Constraint::Length(36),
        ])
        .areas(body);
        let [map, tracks] =
            Layout::vertical([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(left);
        map_panel(frame, map, s, t, app.braille);
        tracks_panel(frame, tracks, s, t);
        let [packages, news] =
            Layout::vertical([Constraint::Min(14), Constraint::Length(12)]).areas(mid);
        packages_panel(frame, packages, s, t);
        news_panel(frame, news, s, t);
        delegations_panel(frame, right, s, t);
    } else {
        let [upper, news] =
            Layout::vertical([Constraint::Min(14), Constraint::Length(6)]).areas(body);
        let [packages, dels] =
            Layout::horizontal([Constraint::Min(50), Constraint::Length(28)]).areas(upper);
        packages_panel(frame, packages, s, t);
        delegations_panel(frame, dels, s, t);
        news_panel(frame, news, s, t);
    }
    match status_line {
        Some(line) => frame.render_widget(Paragraph::new(line), stat),
        None => status(frame, stat, app),
    }
    footer(frame, foot, app);
}

fn top_bar(frame: &mut Frame, area: Rect, s: &Session, t: &Theme, replay: bool) {
    let g = &s.game;
    let capital = g.capital[s.you.index()].max(0) as usize;
    // The deadline's date only where there is room for it.
    let deadline = if area.width >= 100 {
        format!(" · deadline {}", g.scenario.date_label(g.scenario.turns))
    } else {
        String::new()
    };
    let line = Line::from(vec![
        Span::styled(" ARMISTICE ", t.selected),
        Span::styled(format!(" {} ", g.scenario.date_label(g.turn)), t.title),
        Span::styled(
            format!("· turn {}/{}{deadline} ", g.turn, g.scenario.turns),
            t.text,
        ),
        Span::styled(
            if s.all_seeing {
                "· view: all-seeing ".to_string()
            } else if !replay {
                format!("· you: {} ", s.you.name())
            } else {
                format!("· view: {} ", s.you.name())
            },
            t.key,
        ),
        Span::styled(
            if s.clock.is_some() && area.width < 100 {
                format!("· capital {capital} ")
            } else {
                format!("· capital {} {} ", "●".repeat(capital.min(8)), capital)
            },
            t.text,
        ),
    ]);
    let mut line = line;
    if let (Some(c), false) = (s.clock, replay) {
        // The turn clock: bold, and the warning colour in the last half
        // minute; a pause mark when the facilitator stopped it.
        let style = if c.paused {
            t.dim
        } else if c.left_ms <= 30_000 {
            t.warn
        } else {
            t.key
        };
        line.spans.push(Span::styled(
            format!("· {} {}", if c.paused { "⏸" } else { "⏱" }, c.label()),
            style,
        ));
    }
    frame.render_widget(Paragraph::new(line), area);
}

fn packages_panel(frame: &mut Frame, area: Rect, s: &Session, t: &Theme) {
    let g = &s.game;
    let block = panel("On the table", t, true);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if g.table.is_empty() {
        frame.render_widget(
            Paragraph::new(vec![
                Line::styled("No package on the table yet.", t.text),
                Line::styled(
                    "Press p to propose one, or n to end the turn and let the others move.",
                    t.dim,
                ),
            ])
            .wrap(Wrap { trim: true }),
            inner,
        );
        return;
    }
    // The list of packages, one line each, then the selected one in full.
    let list_h = (g.table.len() as u16).min(4).min(inner.height);
    let [list, matrix] =
        Layout::vertical([Constraint::Length(list_h), Constraint::Min(0)]).areas(inner);
    let mut lines = Vec::new();
    let first = s.selected.saturating_sub(list_h.saturating_sub(1) as usize);
    for (i, p) in g.table.iter().enumerate().skip(first).take(list_h as usize) {
        let sel = i == s.selected;
        let need = g.scenario.signatories(&p.package);
        let signed = need.iter().filter(|d| p.accepted.contains(*d)).count();
        lines.push(Line::styled(
            format!(
                "{} #{} by {} — signed {}/{}{}",
                if sel { "▶" } else { " " },
                p.id,
                p.by.name(),
                signed,
                need.len(),
                if p.accepted.contains(s.you) {
                    " (you signed)"
                } else {
                    ""
                }
            ),
            row_style(t, sel),
        ));
    }
    frame.render_widget(Paragraph::new(lines), list);
    if let Some(p) = s.selected_proposal() {
        stance_matrix(frame, matrix, s, p, t);
    }
}

/// Issues down, delegations across: the option and each known stance.
fn stance_matrix(frame: &mut Frame, area: Rect, s: &Session, p: &Proposal, t: &Theme) {
    let g = &s.game;
    let cols = Delegation::ALL.len() as u16 * 4;
    let name_w = area.width.saturating_sub(cols + 1) as usize;
    let mut head = vec![Span::styled(format!("{:<name_w$}", "issue: option"), t.dim)];
    for d in Delegation::ALL {
        head.push(Span::styled(
            format!(" {:>3}", short(d)),
            if d == s.you { t.key } else { t.dim },
        ));
    }
    let mut lines = vec![Line::from(head)];
    for (i, issue) in g.scenario.issues.iter().enumerate() {
        let text = format!(
            "{}: {}",
            issue.name,
            g.scenario.option_name(i, p.package.option(i))
        );
        let mut spans = vec![Span::styled(truncate(&text, name_w), t.text)];
        for d in Delegation::ALL {
            let st = stance(s, p, d, i);
            spans.push(Span::styled(format!("   {}", st.glyph()), st.style(t)));
        }
        lines.push(Line::from(spans));
    }
    frame.render_widget(Paragraph::new(lines), area);
}

/// Two letters for a column head.
pub(crate) fn short(d: Delegation) -> &'static str {
    match d {
        Delegation::Us => "US",
        Delegation::Ukraine => "UA",
        Delegation::Russia => "RU",
        Delegation::Europe => "EU",
    }
}

/// Cut a string to `w` columns, with an ellipsis, padded to `w`.
pub(crate) fn truncate(s: &str, w: usize) -> String {
    let n = s.chars().count();
    if n <= w {
        format!("{s:<w$}")
    } else if w == 0 {
        String::new()
    } else {
        let cut: String = s.chars().take(w - 1).collect();
        format!("{cut}…")
    }
}

fn delegations_panel(frame: &mut Frame, area: Rect, s: &Session, t: &Theme) {
    let g = &s.game;
    let block = panel("Delegations", t, false);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    // "  trusts you " + bar + " 100"
    let w = (inner.width as usize).saturating_sub(17).clamp(3, 14);
    let mut lines = Vec::new();
    for d in Delegation::ALL {
        let me = d == s.you;
        lines.push(Line::styled(
            format!("{}{}", if me { "★ " } else { "" }, d.name()),
            if me { t.key } else { t.title },
        ));
        if !me {
            let trust = g.world.trust(d, s.you);
            lines.push(Line::from(vec![
                Span::styled("  trusts you ", t.dim),
                Span::styled(bar(trust, w), t.gauge),
                Span::styled(format!(" {trust:>3}"), t.text),
            ]));
        }
        let pressure = g.world.domestic(d);
        lines.push(Line::from(vec![
            Span::styled("  pressure   ", t.dim),
            Span::styled(
                bar(pressure, w),
                if pressure >= 70 { t.warn } else { t.gauge },
            ),
            Span::styled(format!(" {pressure:>3}"), t.text),
        ]));
        if !me {
            lines.push(Line::from(vec![
                Span::styled("  mood ", t.dim),
                Span::styled(mood(s, d), t.text),
            ]));
        }
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// How a delegation has been answering this month, in a word: public
/// knowledge, not its hidden numbers.
fn mood(s: &Session, d: Delegation) -> String {
    let g = &s.game;
    let mine: Vec<&crate::core::news::Answer> = g
        .answers
        .iter()
        .filter(|a| a.by == d && g.table.iter().any(|p| p.id == a.proposal))
        .collect();
    if mine.is_empty() {
        return "silent".into();
    }
    let yes = mine.iter().filter(|a| a.accept).count();
    let redlines = mine
        .iter()
        .filter(|a| matches!(a.reasons.first(), Some(Reason::Redline { .. })))
        .count();
    if yes > 0 {
        format!("signing ({yes} of {})", mine.len())
    } else if redlines > 0 {
        "drawing redlines".into()
    } else {
        "holding out".into()
    }
}

fn news_panel(frame: &mut Frame, area: Rect, s: &Session, t: &Theme) {
    let g = &s.game;
    let block = panel("News", t, false);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    // Wrapped here, not by the paragraph, so the newest rows are always
    // the ones shown: a long entry (a whole package) must not push the
    // latest news out of a short panel.
    let width = (inner.width as usize).max(1);
    let mut rows: Vec<Line> = Vec::new();
    for n in &g.news {
        let lines = match &n.item {
            NewsItem::Answered(a) if s.private_to_another(a) => vec![private_answer(a)],
            item => story::news_lines(g, item),
        };
        for l in lines {
            let style = if l.starts_with("EVENT") {
                t.event
            } else if l.starts_with("    ") {
                t.dim
            } else {
                t.text
            };
            rows.extend(wrap(&l, width).into_iter().map(|r| Line::styled(r, style)));
        }
    }
    let start = rows.len().saturating_sub(inner.height as usize);
    frame.render_widget(Paragraph::new(rows.split_off(start)), inner);
}

/// An answer whose reasons went to another team, as the others see it.
pub fn private_answer(a: &Answer) -> String {
    format!(
        "{} {} package #{} (its reasons are for the proposers).",
        a.by,
        if a.accept { "accepts" } else { "rejects" },
        a.proposal
    )
}

/// Greedy word wrap to `width` columns; continuation rows keep the line's
/// indent; a word longer than a row is cut.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let indent_len = text.chars().take_while(|c| *c == ' ').count();
    let indent = if indent_len * 2 < width {
        " ".repeat(indent_len)
    } else {
        String::new()
    };
    let mut rows = Vec::new();
    let mut row = indent.clone();
    let mut used = indent.len();
    let mut empty = true;
    for word in text.split_whitespace() {
        let mut chars: Vec<char> = word.chars().collect();
        while !chars.is_empty() {
            let need = chars.len() + usize::from(!empty);
            if used + need <= width {
                if !empty {
                    row.push(' ');
                }
                row.extend(chars.drain(..));
                used += need;
                empty = false;
            } else {
                if empty {
                    // Wider than a whole row: cut the word.
                    let take = width.saturating_sub(used).max(1).min(chars.len());
                    row.extend(chars.drain(..take));
                }
                rows.push(std::mem::replace(&mut row, indent.clone()));
                used = indent.len();
                empty = true;
            }
        }
    }
    if !empty || rows.is_empty() {
        rows.push(row);
    }
    rows
}

fn map_panel(frame: &mut Frame, area: Rect, s: &Session, t: &Theme, braille: bool) {
    let w = &s.game.world;
    let map = UkraineMap::new(
        w.track(Track::Occupied),
        w.track(Track::Momentum),
        MapStyles {
            outline: t.border,
            held: t.held,
            occupied: t.occupied,
            front: t.front,
            label: t.text,
        },
    );
    let map = if braille { map } else { map.half_block() };
    let block = panel("The front", t, false);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    frame.render_widget(map, inner);
}

fn tracks_panel(frame: &mut Frame, area: Rect, s: &Session, t: &Theme) {
    let g = &s.game;
    let block = panel("The war, month by month", t, false);
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
        let now = g.world.track(*tr);
        frame.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled(format!("{} ", tr.label()), t.dim),
                Span::styled(tr.format(now), t.text),
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

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wraps_words_keeps_indent_and_cuts_long_words() {
        assert_eq!(wrap("one two three", 7), vec!["one two", "three"]);
        assert_eq!(wrap("    a b c d", 9), vec!["    a b c", "    d"]);
        assert_eq!(wrap("abcdefghij", 4), vec!["abcd", "efgh", "ij"]);
        assert_eq!(wrap("", 5), vec![""]);
        assert_eq!(wrap("x", 0), vec!["x"]);
    }
}
