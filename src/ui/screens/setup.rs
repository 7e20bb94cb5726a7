//! New game: scenario, variant, delegation, difficulty, seed.

use super::{footer, panel, row_style, status};
use crate::core::dice::Difficulty;
use crate::core::ids::Delegation;
use crate::ui::app::{App, CLOCK_CHOICES, SetupForm};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let t = &app.theme;
    let f = &app.setup;
    let [body, stat, foot] = Layout::vertical([
        Constraint::Min(0),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let s = app.scenarios.get(f.scenario);
    let values: [String; 8] = [
        s.map(|s| format!("{} ({})", s.name, s.id))
            .unwrap_or_default(),
        s.and_then(|s| s.variants.get(f.variant))
            .map(|v| v.name.clone())
            .unwrap_or_else(|| "—".into()),
        Delegation::from_index(f.delegation)
            .map(|d| d.name().to_string())
            .unwrap_or_default(),
        others(f),
        match f.difficulty {
            Difficulty::Easy => "easy — they concede sooner".to_string(),
            Difficulty::Normal => "normal".to_string(),
            Difficulty::Hard => "hard — they hold out longer".to_string(),
        },
        f.seed.to_string(),
        if f.facilitator {
            "on — f at the table opens the teacher's view".into()
        } else {
            "off".into()
        },
        match CLOCK_CHOICES.get(f.clock).copied().unwrap_or(0) {
            0 => "none".to_string(),
            m => format!("{m} minutes a turn"),
        },
    ];
    let mut lines = Vec::new();
    for (i, (name, value)) in SetupForm::FIELDS.iter().zip(values.iter()).enumerate() {
        let sel = i == f.field;
        lines.push(Line::from(vec![
            Span::styled(format!("{name:>12}  "), t.dim),
            Span::styled(format!("◀ {value} ▶"), row_style(t, sel)),
        ]));
    }
    lines.push(Line::raw(""));
    if let Some(s) = s {
        lines.push(Line::styled(s.summary.trim().to_string(), t.text));
        if let Some(v) = s.variants.get(f.variant) {
            lines.push(Line::raw(""));
            lines.push(Line::styled(
                format!("{}: {}", v.name, v.description.trim()),
                t.dim,
            ));
        }
    }
    let inner = body.centered(Constraint::Percentage(90), Constraint::Percentage(90));
    frame.render_widget(
        Paragraph::new(lines)
            .block(panel("New game", t, true))
            .wrap(Wrap { trim: false })
            .style(t.text),
        inner,
    );
    status(frame, stat, app);
    footer(frame, foot, app);
}

/// The other teams at this keyboard (hot-seat), the cursor bracketed.
fn others(f: &SetupForm) -> String {
    let list = Delegation::ALL
        .iter()
        .filter(|d| d.index() != f.delegation)
        .map(|d| {
            let on = if f.others.contains(*d) { "✓" } else { "·" };
            if d.index() == f.others_cursor {
                format!("[{on} {}]", d.name())
            } else {
                format!(" {on} {} ", d.name())
            }
        })
        .collect::<Vec<_>>()
        .join("");
    if f.field == 3 {
        list
    } else if f.others.is_empty() {
        "nobody else (Space here adds teams: hot-seat)".into()
    } else {
        f.others
            .iter()
            .map(|d| d.name())
            .collect::<Vec<_>>()
            .join(", ")
    }
}
