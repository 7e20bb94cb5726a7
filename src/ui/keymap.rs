//! One keymap table drives input, the footer hints and the help overlay, so
//! they cannot drift apart. Each row: where it applies, the key, the
//! command, a short label for the footer and a line for the help.

use super::command::Command;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// Where the player is, for key purposes: the topmost layer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Context {
    Title,
    Setup,
    Briefing,
    Table,
    Editor,
    Picker,
    Popup,
    Help,
    Confirm,
    Debrief,
    /// Typing a name or a number: printable keys are text.
    Text,
    /// The list of saves (load, replay).
    SaveList,
    /// The replay viewer.
    Replay,
    /// Hot-seat: the curtain between two delegations.
    Handover,
    /// The facilitator's view.
    Facilitator,
}

impl Context {
    pub const ALL: [Context; 15] = [
        Context::Title,
        Context::Setup,
        Context::Briefing,
        Context::Table,
        Context::Editor,
        Context::Picker,
        Context::Popup,
        Context::Help,
        Context::Confirm,
        Context::Debrief,
        Context::Text,
        Context::SaveList,
        Context::Replay,
        Context::Handover,
        Context::Facilitator,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Context::Title => "Title menu",
            Context::Setup => "New game",
            Context::Briefing => "Briefing",
            Context::Table => "The table",
            Context::Editor => "Proposal editor",
            Context::Picker => "Pickers (levers, back-channel, statement)",
            Context::Popup => "Pop-ups (event cards, answers)",
            Context::Help => "Help",
            Context::Confirm => "Questions",
            Context::Debrief => "Debrief",
            Context::Text => "Typing (a save name, a month)",
            Context::SaveList => "Saved games",
            Context::Replay => "Replay viewer",
            Context::Handover => "Passing the keyboard",
            Context::Facilitator => "Facilitator",
        }
    }
}

/// A key as the keymap sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
}

const fn k(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        ctrl: false,
    }
}

const fn code(code: KeyCode) -> Key {
    Key { code, ctrl: false }
}

const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        ctrl: true,
    }
}

/// One row of the keymap. `label` empty: not shown in the footer (an
/// alias such as `k` for ↑).
#[derive(Clone, Copy, Debug)]
pub struct Binding {
    /// `None`: every context.
    pub context: Option<Context>,
    pub key: Key,
    pub shown: &'static str,
    pub command: Command,
    pub label: &'static str,
    pub help: &'static str,
}

const fn b(
    context: Option<Context>,
    key: Key,
    shown: &'static str,
    command: Command,
    label: &'static str,
    help: &'static str,
) -> Binding {
    Binding {
        context,
        key,
        shown,
        command,
        label,
        help,
    }
}

use Command as C;
use Context as X;

/// The whole keymap. Context rows come first: they win over the global
/// rows at the end.
pub const KEYMAP: &[Binding] = &[
    // Movement, in every list-like context.
    b(None, code(KeyCode::Up), "↑", C::Up, "", "move up"),
    b(None, k('k'), "k", C::Up, "", "move up"),
    b(None, code(KeyCode::Down), "↓", C::Down, "", "move down"),
    b(None, k('j'), "j", C::Down, "", "move down"),
    b(
        None,
        code(KeyCode::Left),
        "←",
        C::Left,
        "",
        "previous option",
    ),
    b(None, k('h'), "h", C::Left, "", "previous option"),
    b(None, code(KeyCode::Right), "→", C::Right, "", "next option"),
    b(None, k('l'), "l", C::Right, "", "next option"),
    // Title.
    b(
        Some(X::Title),
        code(KeyCode::Enter),
        "Enter",
        C::Confirm,
        "choose",
        "open the highlighted item",
    ),
    b(
        Some(X::Title),
        k('q'),
        "q",
        C::Quit,
        "quit",
        "leave Armistice",
    ),
    // New game.
    b(
        Some(X::Setup),
        code(KeyCode::Enter),
        "Enter",
        C::Confirm,
        "start",
        "start the game with these settings",
    ),
    b(
        Some(X::Setup),
        k(' '),
        "Space",
        C::Toggle,
        "add/remove",
        "add or remove a delegation played here (several: hot-seat), or tick an option",
    ),
    b(
        Some(X::Setup),
        code(KeyCode::Esc),
        "Esc",
        C::Back,
        "back",
        "back to the title menu",
    ),
    b(
        Some(X::Setup),
        k('q'),
        "q",
        C::Quit,
        "quit",
        "leave Armistice",
    ),
    // Briefing.
    b(
        Some(X::Briefing),
        code(KeyCode::Enter),
        "Enter",
        C::Confirm,
        "to the table",
        "take your seat at the table",
    ),
    b(
        Some(X::Briefing),
        code(KeyCode::Esc),
        "Esc",
        C::Back,
        "back",
        "back to the setup",
    ),
    b(
        Some(X::Briefing),
        k('q'),
        "q",
        C::Quit,
        "quit",
        "leave Armistice (asks first)",
    ),
    // The table, the most used first (the footer keeps the first that fit).
    b(
        Some(X::Table),
        k('p'),
        "p",
        C::Propose,
        "propose",
        "open the proposal editor: put a package on the table",
    ),
    b(
        Some(X::Table),
        k('n'),
        "n",
        C::EndTurn,
        "end turn",
        "end your turn: the others answer, the war moves",
    ),
    b(
        Some(X::Table),
        code(KeyCode::Enter),
        "Enter",
        C::Confirm,
        "sign",
        "sign (accept) the highlighted package",
    ),
    b(
        Some(X::Table),
        k('x'),
        "x",
        C::Reject,
        "reject",
        "turn the highlighted package down",
    ),
    b(
        Some(X::Table),
        k('a'),
        "a",
        C::Answers,
        "answers",
        "the answers to the packages, with their reasons",
    ),
    b(
        Some(X::Table),
        k('b'),
        "b",
        C::BackChannel,
        "back-channel",
        "open a back-channel to another delegation",
    ),
    b(
        Some(X::Table),
        k('v'),
        "v",
        C::Levers,
        "levers",
        "pull one of your levers",
    ),
    b(
        Some(X::Table),
        k('t'),
        "t",
        C::Statement,
        "statement",
        "commit in public to an option",
    ),
    b(
        Some(X::Table),
        k('e'),
        "e",
        C::News,
        "events",
        "the event cards of this month",
    ),
    b(
        Some(X::Table),
        k('i'),
        "i",
        C::Brief,
        "brief",
        "your confidential brief: aims, redlines, levers",
    ),
    b(
        Some(X::Table),
        k('f'),
        "f",
        C::Facilitator,
        "",
        "the facilitator's view (class games): all-seeing, injects",
    ),
    b(
        Some(X::Table),
        k('s'),
        "s",
        C::Save,
        "save",
        "save the game",
    ),
    b(
        Some(X::Table),
        k('q'),
        "q",
        C::Quit,
        "quit",
        "leave the game (asks first if unsaved)",
    ),
    // Proposal editor.
    b(
        Some(X::Editor),
        code(KeyCode::Enter),
        "Enter",
        C::Confirm,
        "table it",
        "put this package on the table",
    ),
    b(
        Some(X::Editor),
        code(KeyCode::Esc),
        "Esc",
        C::Back,
        "cancel",
        "close the editor without tabling",
    ),
    // Pickers.
    b(
        Some(X::Picker),
        code(KeyCode::Enter),
        "Enter",
        C::Confirm,
        "do it",
        "carry out the highlighted choice",
    ),
    b(
        Some(X::Picker),
        code(KeyCode::Esc),
        "Esc",
        C::Back,
        "cancel",
        "close without acting",
    ),
    // Pop-ups.
    b(
        Some(X::Popup),
        code(KeyCode::Enter),
        "Enter",
        C::Confirm,
        "next",
        "next card, or close",
    ),
    b(
        Some(X::Popup),
        code(KeyCode::Esc),
        "Esc",
        C::Back,
        "close",
        "close the pop-up",
    ),
    // Help.
    b(
        Some(X::Help),
        code(KeyCode::Esc),
        "Esc",
        C::Back,
        "close",
        "close the help",
    ),
    b(Some(X::Help), k('?'), "?", C::Back, "", "close the help"),
    // Questions.
    b(Some(X::Confirm), k('y'), "y", C::Confirm, "yes", "yes"),
    b(
        Some(X::Confirm),
        code(KeyCode::Enter),
        "Enter",
        C::Confirm,
        "",
        "yes",
    ),
    b(Some(X::Confirm), k('n'), "n", C::Back, "no", "no"),
    b(
        Some(X::Confirm),
        code(KeyCode::Esc),
        "Esc",
        C::Back,
        "",
        "no",
    ),
    // Debrief.
    b(
        Some(X::Debrief),
        k('r'),
        "r",
        C::Report,
        "report",
        "write the after-action report (Markdown, with the class handout) to the save folder",
    ),
    b(
        Some(X::Debrief),
        code(KeyCode::Enter),
        "Enter",
        C::Confirm,
        "title menu",
        "back to the title menu",
    ),
    b(
        Some(X::Debrief),
        k('q'),
        "q",
        C::Quit,
        "quit",
        "leave Armistice",
    ),
    // The curtain between two delegations.
    b(
        Some(X::Handover),
        code(KeyCode::Enter),
        "Enter",
        C::Confirm,
        "we are seated",
        "the next delegation is at the keyboard: show its screen",
    ),
    b(
        Some(X::Handover),
        k('q'),
        "q",
        C::Quit,
        "quit",
        "leave the game (asks first if unsaved)",
    ),
    b(
        Some(X::Handover),
        k('f'),
        "f",
        C::Facilitator,
        "",
        "the facilitator's view",
    ),
    // The facilitator's view.
    b(
        Some(X::Facilitator),
        code(KeyCode::Tab),
        "Tab",
        C::NextTab,
        "next tab",
        "the next tab",
    ),
    b(
        Some(X::Facilitator),
        code(KeyCode::BackTab),
        "⇧Tab",
        C::PrevTab,
        "",
        "the previous tab",
    ),
    b(
        Some(X::Facilitator),
        code(KeyCode::Enter),
        "Enter",
        C::Confirm,
        "do it",
        "inject the card, adjust the track, stop or start the clock",
    ),
    b(
        Some(X::Facilitator),
        code(KeyCode::Esc),
        "Esc",
        C::Back,
        "close",
        "back to the table",
    ),
    b(
        Some(X::Facilitator),
        k('f'),
        "f",
        C::Facilitator,
        "",
        "back to the table",
    ),
    // Typing.
    b(
        Some(X::Text),
        code(KeyCode::Enter),
        "Enter",
        C::Confirm,
        "ok",
        "accept what you typed",
    ),
    b(
        Some(X::Text),
        code(KeyCode::Esc),
        "Esc",
        C::Back,
        "cancel",
        "cancel",
    ),
    b(
        Some(X::Text),
        code(KeyCode::Backspace),
        "⌫",
        C::Backspace,
        "delete",
        "delete the last character",
    ),
    // Saved games.
    b(
        Some(X::SaveList),
        code(KeyCode::Enter),
        "Enter",
        C::Confirm,
        "open",
        "open the highlighted save",
    ),
    b(
        Some(X::SaveList),
        code(KeyCode::Esc),
        "Esc",
        C::Back,
        "back",
        "back to the title menu",
    ),
    // Replay viewer.
    b(
        Some(X::Replay),
        code(KeyCode::Right),
        "→",
        C::Right,
        "step",
        "forward one step (an action, or a month the machine played)",
    ),
    b(
        Some(X::Replay),
        code(KeyCode::Left),
        "←",
        C::Left,
        "back",
        "back one step",
    ),
    b(
        Some(X::Replay),
        k(']'),
        "]",
        C::TurnForward,
        "month",
        "forward to the next month",
    ),
    b(
        Some(X::Replay),
        k('['),
        "[",
        C::TurnBack,
        "",
        "back to the start of this month (again: the month before)",
    ),
    b(
        Some(X::Replay),
        code(KeyCode::PageDown),
        "PgDn",
        C::TurnForward,
        "",
        "forward to the next month",
    ),
    b(
        Some(X::Replay),
        code(KeyCode::PageUp),
        "PgUp",
        C::TurnBack,
        "",
        "back a month",
    ),
    b(
        Some(X::Replay),
        k(' '),
        "Space",
        C::PlayPause,
        "play/pause",
        "play the game on by itself, or pause",
    ),
    b(
        Some(X::Replay),
        k('w'),
        "w",
        C::Perspective,
        "whose view",
        "see the table as another delegation saw it, or all-seeing",
    ),
    b(
        Some(X::Replay),
        k('g'),
        "g",
        C::GoTo,
        "go to",
        "jump to a month by number",
    ),
    b(Some(X::Replay), k('+'), "+", C::Faster, "", "play faster"),
    b(Some(X::Replay), k('-'), "-", C::Slower, "", "play slower"),
    b(
        Some(X::Replay),
        code(KeyCode::Home),
        "Home",
        C::First,
        "",
        "to the start of the game",
    ),
    b(
        Some(X::Replay),
        code(KeyCode::End),
        "End",
        C::Last,
        "",
        "to the end of the game",
    ),
    b(
        Some(X::Replay),
        k('a'),
        "a",
        C::Answers,
        "answers",
        "the answers of this month, with their reasons",
    ),
    b(
        Some(X::Replay),
        k('e'),
        "e",
        C::News,
        "events",
        "the event cards of this month",
    ),
    b(
        Some(X::Replay),
        k('q'),
        "q",
        C::Quit,
        "leave",
        "leave the replay for the title menu",
    ),
    b(
        Some(X::Replay),
        code(KeyCode::Esc),
        "Esc",
        C::Quit,
        "",
        "leave the replay for the title menu",
    ),
    // Everywhere.
    b(None, k('?'), "?", C::Help, "help", "this help"),
    b(None, ctrl('c'), "Ctrl+C", C::ForceQuit, "", "quit at once"),
];

/// The command for a key event in a context. Key releases and repeats are
/// ignored (Windows reports releases too).
pub fn command_for(context: Context, ev: &KeyEvent) -> Option<Command> {
    if ev.kind != KeyEventKind::Press {
        return None;
    }
    let key = Key {
        code: ev.code,
        ctrl: ev.modifiers.contains(KeyModifiers::CONTROL),
    };
    if let Some(b) = KEYMAP
        .iter()
        .find(|b| b.context == Some(context) && b.key == key)
    {
        return Some(b.command);
    }
    // In a text field, printable keys are text (even `?`, `q` and `j`).
    if context == Context::Text && !key.ctrl {
        if let KeyCode::Char(c) = key.code {
            return Some(Command::Char(c));
        }
    }
    KEYMAP
        .iter()
        .find(|b| b.context.is_none() && b.key == key)
        .map(|b| b.command)
}

/// The rows that apply in a context, context rows first.
pub fn bindings(context: Context) -> impl Iterator<Item = &'static Binding> {
    KEYMAP
        .iter()
        .filter(move |b| b.context == Some(context))
        .chain(KEYMAP.iter().filter(move |b| {
            b.context.is_none()
                && !KEYMAP
                    .iter()
                    .any(|o| o.context == Some(context) && o.key == b.key)
        }))
}

/// (key, label) pairs for the footer: the labelled rows of the context.
pub fn hints(context: Context) -> Vec<(&'static str, &'static str)> {
    let mut v: Vec<(&'static str, &'static str)> = bindings(context)
        .filter(|b| !b.label.is_empty())
        .map(|b| (b.shown, b.label))
        .collect();
    // Movement is implied; one hint for it.
    if matches!(
        context,
        Context::Title
            | Context::Setup
            | Context::Table
            | Context::Editor
            | Context::Picker
            | Context::Facilitator
    ) {
        v.insert(0, ("↑↓←→", "move"));
    }
    if matches!(context, Context::Briefing | Context::Popup) {
        v.insert(0, ("↑↓", "scroll"));
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn no_key_means_two_commands_in_one_context() {
        for cx in Context::ALL {
            let rows: Vec<&Binding> = bindings(cx).collect();
            for (i, a) in rows.iter().enumerate() {
                for b in &rows[i + 1..] {
                    assert!(
                        a.key != b.key || a.command == b.command,
                        "{cx:?}: {} means both {:?} and {:?}",
                        a.shown,
                        a.command,
                        b.command
                    );
                }
            }
        }
    }

    #[test]
    fn context_rows_win_over_global_ones() {
        // `?` opens help everywhere but closes it in the help.
        assert_eq!(
            command_for(Context::Table, &press(KeyCode::Char('?'))),
            Some(Command::Help)
        );
        assert_eq!(
            command_for(Context::Help, &press(KeyCode::Char('?'))),
            Some(Command::Back)
        );
        // `n` ends the turn at the table and says no to a question.
        assert_eq!(
            command_for(Context::Table, &press(KeyCode::Char('n'))),
            Some(Command::EndTurn)
        );
        assert_eq!(
            command_for(Context::Confirm, &press(KeyCode::Char('n'))),
            Some(Command::Back)
        );
    }

    #[test]
    fn only_presses_count_and_ctrl_c_always_quits() {
        let mut release = press(KeyCode::Char('n'));
        release.kind = KeyEventKind::Release;
        assert_eq!(command_for(Context::Table, &release), None);
        let cc = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        for cx in Context::ALL {
            assert_eq!(command_for(cx, &cc), Some(Command::ForceQuit));
        }
    }

    #[test]
    fn text_fields_take_printable_keys_as_text() {
        for c in ['a', 'q', '?', 'j', '-', '7'] {
            assert_eq!(
                command_for(Context::Text, &press(KeyCode::Char(c))),
                Some(Command::Char(c))
            );
        }
        assert_eq!(
            command_for(Context::Text, &press(KeyCode::Backspace)),
            Some(Command::Backspace)
        );
        assert_eq!(
            command_for(Context::Text, &press(KeyCode::Esc)),
            Some(Command::Back)
        );
        let cc = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(command_for(Context::Text, &cc), Some(Command::ForceQuit));
    }

    #[test]
    fn the_table_offers_the_keys_the_design_names() {
        let keys: Vec<&str> = hints(Context::Table).iter().map(|(k, _)| *k).collect();
        for k in ["p", "b", "v", "t", "n", "s", "q", "?"] {
            assert!(keys.contains(&k), "no {k} in the table's footer");
        }
    }
}
