//! The help overlay, generated from the keymap for the layer beneath it.

use super::{panel, popup};
use crate::ui::app::App;
use crate::ui::keymap;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let t = &app.theme;
    let cx = app.context_below_help();
    let mut lines = vec![Line::styled(format!("Keys — {}", cx.name()), t.title)];
    // Keys that do the same thing share a row ("↑ k  move up"), so the
    // whole list fits at 80×24.
    let mut rows: Vec<(String, &str)> = Vec::new();
    for b in keymap::bindings(cx) {
        match rows.iter_mut().find(|(_, help)| *help == b.help) {
            Some((keys, _)) => {
                keys.push(' ');
                keys.push_str(b.shown);
            }
            None => rows.push((b.shown.to_string(), b.help)),
        }
    }
    for (keys, help) in rows {
        lines.push(Line::from(vec![
            Span::styled(format!("{keys:>10}  "), t.key),
            Span::styled(help, t.text),
        ]));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        "A package is agreed when every delegation it needs has signed it. \
         A month: events, your moves, the others' answers, the war.",
        t.dim,
    ));
    let h = (lines.len() as u16 + 4).min(area.height);
    let r = popup(frame, area, 72, h);
    frame.render_widget(
        Paragraph::new(lines)
            .block(panel("Help", t, true))
            .wrap(Wrap { trim: false })
            .style(t.text),
        r,
    );
}
