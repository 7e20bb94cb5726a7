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
    for b in keymap::bindings(cx) {
        lines.push(Line::from(vec![
            Span::styled(format!("{:>8}  ", b.shown), t.key),
            Span::styled(b.help, t.text),
        ]));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        "A package becomes an agreement when every delegation it needs has signed it. \
         Each month: events, your moves, the others answer and counter, the war moves.",
        t.dim,
    ));
    let h = (lines.len() as u16 + 4).min(area.height);
    let r = popup(frame, area, 72, h);
    frame.render_widget(
        Paragraph::new(lines)
            .block(panel("Help", t, true))
            .wrap(Wrap { trim: true })
            .style(t.text),
        r,
    );
}
