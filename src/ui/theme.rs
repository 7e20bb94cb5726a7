//! Named styles in three variants. Every meaning also carries a glyph or a
//! modifier, so the monochrome theme (chosen when `NO_COLOR` is set) loses
//! no information.

use ratatui::style::{Color, Modifier, Style};

/// Which palette to use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ThemeKind {
    /// Named ANSI colours on the terminal's own background: readable on
    /// light and dark terminals.
    Default,
    /// Bold, saturated, for projectors.
    HighContrast,
    /// No colour at all (`NO_COLOR`): modifiers only.
    Monochrome,
}

impl ThemeKind {
    pub fn parse(s: &str) -> Option<ThemeKind> {
        match s {
            "default" => Some(ThemeKind::Default),
            "high-contrast" => Some(ThemeKind::HighContrast),
            "monochrome" | "mono" => Some(ThemeKind::Monochrome),
            _ => None,
        }
    }

    /// The theme asked for, unless `NO_COLOR` is set (to anything but the
    /// empty string), which always wins.
    pub fn resolve(asked: Option<ThemeKind>, no_color: Option<&str>) -> ThemeKind {
        if no_color.is_some_and(|v| !v.is_empty()) {
            ThemeKind::Monochrome
        } else {
            asked.unwrap_or(ThemeKind::Default)
        }
    }
}

/// The styles the screens use, by meaning.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Theme {
    pub kind: ThemeKind,
    pub text: Style,
    pub dim: Style,
    pub title: Style,
    pub border: Style,
    pub focus_border: Style,
    /// The selected row of a list or menu (always reversed as well).
    pub selected: Style,
    pub key: Style,
    pub good: Style,
    pub bad: Style,
    pub unknown: Style,
    pub warn: Style,
    /// Ukraine-held land on the map.
    pub held: Style,
    /// Occupied land on the map.
    pub occupied: Style,
    pub front: Style,
    pub gauge: Style,
    pub event: Style,
}

impl Theme {
    pub fn new(kind: ThemeKind) -> Theme {
        let plain = Style::new();
        let bold = Style::new().add_modifier(Modifier::BOLD);
        match kind {
            ThemeKind::Default => Theme {
                kind,
                text: plain,
                dim: Style::new().add_modifier(Modifier::DIM),
                title: bold.fg(Color::Cyan),
                border: Style::new().fg(Color::DarkGray),
                focus_border: Style::new().fg(Color::Cyan),
                selected: Style::new().add_modifier(Modifier::REVERSED),
                key: bold.fg(Color::Yellow),
                good: Style::new().fg(Color::Green),
                bad: Style::new().fg(Color::Red),
                unknown: Style::new().fg(Color::Yellow),
                warn: bold.fg(Color::Red),
                held: Style::new().fg(Color::Blue),
                occupied: Style::new().fg(Color::Red),
                front: bold.fg(Color::Yellow),
                gauge: Style::new().fg(Color::Cyan),
                event: bold.fg(Color::Magenta),
            },
            ThemeKind::HighContrast => Theme {
                kind,
                text: bold.fg(Color::White).bg(Color::Black),
                dim: Style::new().fg(Color::Gray).bg(Color::Black),
                title: bold.fg(Color::LightCyan).bg(Color::Black),
                border: bold.fg(Color::White).bg(Color::Black),
                focus_border: bold.fg(Color::LightYellow).bg(Color::Black),
                selected: bold.add_modifier(Modifier::REVERSED),
                key: bold.fg(Color::LightYellow).bg(Color::Black),
                good: bold.fg(Color::LightGreen).bg(Color::Black),
                bad: bold.fg(Color::LightRed).bg(Color::Black),
                unknown: bold.fg(Color::LightYellow).bg(Color::Black),
                warn: bold.fg(Color::LightRed).bg(Color::Black),
                held: bold.fg(Color::LightBlue).bg(Color::Black),
                occupied: bold.fg(Color::LightRed).bg(Color::Black),
                front: bold.fg(Color::LightYellow).bg(Color::Black),
                gauge: bold.fg(Color::LightCyan).bg(Color::Black),
                event: bold.fg(Color::LightMagenta).bg(Color::Black),
            },
            ThemeKind::Monochrome => Theme {
                kind,
                text: plain,
                dim: Style::new().add_modifier(Modifier::DIM),
                title: bold,
                border: plain,
                focus_border: bold,
                selected: Style::new().add_modifier(Modifier::REVERSED),
                key: bold,
                good: bold,
                bad: Style::new().add_modifier(Modifier::UNDERLINED),
                unknown: Style::new().add_modifier(Modifier::DIM),
                warn: bold.add_modifier(Modifier::UNDERLINED),
                held: plain,
                occupied: bold,
                front: bold,
                gauge: plain,
                event: bold,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_color_wins_over_any_theme() {
        assert_eq!(
            ThemeKind::resolve(Some(ThemeKind::HighContrast), Some("1")),
            ThemeKind::Monochrome
        );
        assert_eq!(ThemeKind::resolve(None, Some("")), ThemeKind::Default);
        assert_eq!(ThemeKind::resolve(None, None), ThemeKind::Default);
    }

    #[test]
    fn monochrome_has_no_colours() {
        let t = Theme::new(ThemeKind::Monochrome);
        for s in [
            t.text,
            t.dim,
            t.title,
            t.border,
            t.focus_border,
            t.selected,
            t.key,
            t.good,
            t.bad,
            t.unknown,
            t.warn,
            t.held,
            t.occupied,
            t.front,
            t.gauge,
            t.event,
        ] {
            assert_eq!(s.fg, None);
            assert_eq!(s.bg, None);
        }
    }
}
