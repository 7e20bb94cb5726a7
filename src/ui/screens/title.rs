//! The title menu.

use super::{footer, panel, row_style, status};
use crate::ui::app::{App, TITLE_MENU};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let t = &app.theme;
    let [body, stat, foot] = Layout::vertical([
        Constraint::Min(0),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let mut lines = vec![
        Line::styled("A R M I S T I C E", t.title).centered(),
        Line::styled("talks to end the Russia–Ukraine war", t.dim).centered(),
        Line::raw(""),
    ];
    for (i, item) in TITLE_MENU.iter().enumerate() {
        let sel = i == app.title_sel;
        let mark = if sel { "▶ " } else { "  " };
        // Padded to one width, so the column of entries lines up.
        lines.push(Line::styled(format!("{mark}{item:<20}"), row_style(t, sel)).centered());
    }
    let inner = body.centered(Constraint::Length(46), Constraint::Length(9));
    frame.render_widget(
        Paragraph::new(lines)
            .block(panel("Armistice", t, true))
            .style(t.text),
        inner,
    );
    status(frame, stat, app);
    footer(frame, foot, app);
}
