//! One file per screen; `draw` picks the screen and paints the layers over
//! it. Rendering only reads `&App`: it never changes the game.

pub(crate) mod briefing;
pub mod debrief;
mod facilitator;
mod help;
mod layers;
mod replay;
mod setup;
pub mod table;
mod title;

use super::app::{App, Layer, Screen};
use super::keymap;
use super::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph, Wrap};

/// The smallest terminal the game is laid out for.
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

/// Paint the whole UI.
pub fn draw(frame: &mut Frame, app: &App) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small(frame, area, &app.theme);
        return;
    }
    match app.screen {
        Screen::Title => title::draw(frame, area, app),
        Screen::Setup => setup::draw(frame, area, app),
        Screen::Briefing => briefing::draw(frame, area, app),
        Screen::Table => table::draw(frame, area, app),
        Screen::Debrief => debrief::draw(frame, area, app),
        Screen::Replay => replay::draw(frame, area, app),
    }
    for layer in &app.layers {
        match layer {
            Layer::Help => help::draw(frame, area, app),
            other => layers::draw(frame, area, app, other),
        }
    }
}

/// Below 80×24: say so, in as much of the message as fits.
fn too_small(frame: &mut Frame, area: Rect, theme: &Theme) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    let text = vec![
        Line::styled("Terminal too small", theme.warn),
        Line::raw(format!(
            "Armistice needs {MIN_WIDTH}×{MIN_HEIGHT}; this is {}×{}.",
            area.width, area.height
        )),
        Line::raw("Enlarge the window or reduce the font size."),
    ];
    frame.render_widget(
        Paragraph::new(text)
            .style(theme.text)
            .wrap(Wrap { trim: true }),
        area,
    );
}

/// A bordered block with a title.
pub(crate) fn panel<'a>(title: &'a str, theme: &Theme, focused: bool) -> Block<'a> {
    Block::new()
        .borders(Borders::ALL)
        .border_type(if focused {
            BorderType::Thick
        } else {
            BorderType::Rounded
        })
        .border_style(if focused {
            theme.focus_border
        } else {
            theme.border
        })
        .title(Span::styled(format!(" {title} "), theme.title))
}

/// A centred pop-up area of at most `w`×`h`, cleared.
pub(crate) fn popup(frame: &mut Frame, area: Rect, w: u16, h: u16) -> Rect {
    let r = area.centered(
        Constraint::Length(w.min(area.width)),
        Constraint::Length(h.min(area.height)),
    );
    frame.render_widget(Clear, r);
    r
}

/// The footer: key hints for the current context, from the keymap.
/// When the hints do not fit, the movement hint goes first and `? help`
/// is always kept, last: the help lists everything.
pub(crate) fn footer(frame: &mut Frame, area: Rect, app: &App) {
    let t = &app.theme;
    let mut hints = keymap::hints(app.context());
    let width = |h: &[(&str, &str)]| -> usize {
        h.iter()
            .map(|(k, l)| k.chars().count() + l.chars().count() + 3)
            .sum()
    };
    if width(&hints) > area.width as usize {
        hints.retain(|(k, _)| *k != "↑↓←→");
    }
    let help = hints
        .iter()
        .position(|(k, _)| *k == "?")
        .map(|i| hints.remove(i));
    let room = (area.width as usize).saturating_sub(help.as_ref().map_or(0, |h| width(&[*h])));
    while width(&hints) > room && !hints.is_empty() {
        hints.pop();
    }
    hints.extend(help);
    let mut spans = Vec::new();
    for (key, label) in hints {
        spans.push(Span::styled(format!(" {key}"), t.key));
        spans.push(Span::styled(format!(" {label} "), t.dim));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)).style(t.text), area);
}

/// The status line: the last message, if any.
pub(crate) fn status(frame: &mut Frame, area: Rect, app: &App) {
    if let Some(msg) = &app.status {
        frame.render_widget(
            Paragraph::new(Line::styled(format!(" {msg}"), app.theme.event)),
            area,
        );
    }
}

/// A text bar for a 0–100 value: "▰▰▰▱▱ 60". Clamped, so any input draws.
pub(crate) fn bar(value: i32, width: usize) -> String {
    let v = value.clamp(0, 100) as usize;
    let filled = (v * width + 50) / 100;
    format!(
        "{}{}",
        "▰".repeat(filled.min(width)),
        "▱".repeat(width.saturating_sub(filled))
    )
}

/// Style for a selected row: the theme's selection (reversed) or plain.
pub(crate) fn row_style(theme: &Theme, selected: bool) -> Style {
    if selected { theme.selected } else { theme.text }
}
