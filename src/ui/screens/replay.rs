//! The replay viewer: the table as it stood after each step of a saved
//! game, with a line saying where we are and what just happened.

use super::table;
use crate::ui::app::{App, REPLAY_SPEEDS_MS};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let Some(r) = &app.replay else {
        return;
    };
    let t = &app.theme;
    let state = if r.playing {
        let ms = REPLAY_SPEEDS_MS[r.speed.min(REPLAY_SPEEDS_MS.len() - 1)];
        format!("▶ playing, a step every {:.1} s", ms as f64 / 1000.0)
    } else if r.at >= r.steps.len() {
        "■ end of the game".to_string()
    } else {
        "⏸ paused".to_string()
    };
    let mut spans = vec![
        Span::styled(" REPLAY ", t.selected),
        Span::styled(format!(" step {}/{} ", r.at, r.steps.len()), t.title),
        Span::styled(format!("· {} ", r.last_step()), t.text),
        Span::styled(format!("· {state}"), t.dim),
    ];
    if let Some(e) = &r.error {
        spans.push(Span::styled(format!(" · {e}"), t.bad));
    } else if let Some(msg) = &app.status {
        spans.push(Span::styled(format!(" · {msg}"), t.event));
    }
    table::draw_session(frame, area, app, &r.session, Some(Line::from(spans)));
}
