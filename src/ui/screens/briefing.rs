//! The briefing: who you are, what you want, what you will not sign, what
//! you can pull — and the situation at the start, from the seeds.

use super::{footer, panel, status};
use crate::ui::app::App;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let t = &app.theme;
    let [body, stat, foot] = Layout::vertical([
        Constraint::Min(0),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let Some(s) = &app.session else {
        return;
    };
    let g = &s.game;
    let p = g.profile(s.you);
    let wide = body.width >= 110;
    let [left, right] = if wide {
        Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(body)
    } else {
        Layout::vertical([Constraint::Min(0), Constraint::Length(8)]).areas(body)
    };

    let mut you = vec![
        Line::styled(format!("You are {} — {}", s.you.name(), p.leader), t.title),
        Line::raw(""),
        Line::styled(p.aims.trim().to_string(), t.text),
        Line::raw(""),
        Line::styled("What matters most to you", t.title),
    ];
    let mut order: Vec<usize> = (0..p.weights.len()).collect();
    order.sort_by_key(|i| (std::cmp::Reverse(p.weights[*i]), *i));
    for i in order.into_iter().take(4) {
        let issue = &g.scenario.issues[i];
        let best = p.utilities[i]
            .iter()
            .enumerate()
            .max_by_key(|(o, u)| (**u, std::cmp::Reverse(*o)))
            .map(|(o, _)| g.scenario.option_name(i, o))
            .unwrap_or("?");
        you.push(Line::from(vec![
            Span::styled(format!("  {:>3}%  ", p.weights[i]), t.key),
            Span::styled(format!("{}: ", issue.name), t.text),
            Span::styled(best.to_string(), t.dim),
        ]));
    }
    you.push(Line::raw(""));
    you.push(Line::styled("Your redlines", t.title));
    for r in &p.redlines {
        you.push(Line::from(vec![
            Span::styled("  ✗ ", t.bad),
            Span::styled(r.why.trim().to_string(), t.text),
        ]));
    }
    you.push(Line::raw(""));
    you.push(Line::styled("Your levers (political capital)", t.title));
    for l in &p.levers {
        you.push(Line::from(vec![
            Span::styled(format!("  {} ", l.cost), t.key),
            Span::styled(format!("{} — ", l.name), t.text),
            Span::styled(l.text.trim().to_string(), t.dim),
        ]));
    }
    frame.render_widget(
        Paragraph::new(you)
            .block(panel("Your delegation (↑↓ scroll)", t, true))
            .wrap(Wrap { trim: false })
            .scroll((app.briefing_scroll, 0))
            .style(t.text),
        left,
    );

    let mut world = vec![
        Line::styled(g.scenario.name.clone(), t.title),
        Line::styled(
            format!(
                "{} · {} months to reach a deal",
                g.scenario.date_label(g.turn),
                g.scenario.turns
            ),
            t.dim,
        ),
        Line::raw(""),
        Line::styled(g.scenario.summary.trim().to_string(), t.text),
    ];
    if let Some(v) = g.setup.variant.and_then(|v| g.scenario.variants.get(v)) {
        world.push(Line::raw(""));
        world.push(Line::styled(format!("US doctrine: {}", v.name), t.title));
        world.push(Line::styled(v.description.trim().to_string(), t.dim));
    }
    world.push(Line::raw(""));
    world.push(Line::styled(
        format!("Sources: {}", g.scenario.source.trim()),
        t.dim,
    ));
    // What the citations point to (¶: a paragraph of that text).
    for r in g.scenario.cited(&g.scenario.source) {
        let date = if r.date.is_empty() {
            String::new()
        } else {
            format!(" ({})", r.date)
        };
        world.push(Line::styled(
            format!("{}¶n = paragraph n of: {}{date}", r.id, r.title.trim()),
            t.dim,
        ));
    }
    frame.render_widget(
        Paragraph::new(world)
            .block(panel("The situation", t, false))
            .wrap(Wrap { trim: false })
            .style(t.text),
        right,
    );
    status(frame, stat, app);
    footer(frame, foot, app);
}
