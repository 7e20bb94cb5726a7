//! What a key means to the UI: intents, not game actions (those are the
//! core's `Action`).

/// A UI intent, produced by the keymap from a key press (or by the clock:
/// `Tick`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Command {
    Up,
    Down,
    Left,
    Right,
    Confirm,
    Back,
    /// Turn the highlighted package down.
    Reject,
    Help,
    Propose,
    BackChannel,
    Levers,
    Statement,
    EndTurn,
    Answers,
    News,
    Save,
    /// Quit, asking first if there is unsaved progress.
    Quit,
    /// Open your confidential brief.
    Brief,
    /// Tick or untick (a delegation at the keyboard, an option).
    Toggle,
    /// Write the after-action report.
    Report,
    /// Open (or close) the facilitator's view.
    Facilitator,
    /// The next or previous tab.
    NextTab,
    PrevTab,
    /// Ctrl+C: leave now (saving what can be saved).
    ForceQuit,
    /// A character typed into a text field.
    Char(char),
    /// Delete the last character of a text field.
    Backspace,
    /// Replay: back or forward a whole month; to the start or the end.
    TurnBack,
    TurnForward,
    First,
    Last,
    /// Replay: jump to a month by number.
    GoTo,
    /// Replay: play or pause; faster; slower.
    PlayPause,
    Faster,
    Slower,
    /// Replay: whose eyes to see the table through (or all-seeing).
    Perspective,
    /// Time passed (the loop sends it only while the app asks for ticks).
    Tick,
}

/// What a list of saves is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    /// Resume the game at the table.
    Load,
    /// Step through it in the replay viewer.
    Replay,
}

/// What the loop must do after an update: the I/O `update` itself never
/// does. The loop reports back through `App::saved`, `App::listed` and
/// `App::opened`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    Quit,
    /// Write the current game under this save name. `auto`: an autosave
    /// (quiet when it works).
    Save {
        name: String,
        auto: bool,
    },
    /// Write the game, then quit — but only if the save worked.
    SaveThenQuit {
        name: String,
    },
    /// List the saves, for loading or replaying.
    ListSaves(Purpose),
    /// Read a save by name.
    Open {
        name: String,
        purpose: Purpose,
    },
    /// Write the after-action report of the current game beside its save.
    Report {
        name: String,
    },
}
