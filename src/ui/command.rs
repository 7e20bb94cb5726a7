//! What a key means to the UI: intents, not game actions (those are the
//! core's `Action`).

/// A UI intent, produced by the keymap from a key press.
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
    /// Ctrl+C: leave now.
    ForceQuit,
}

/// What the loop must do after an update: the I/O `update` itself never does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    Quit,
}
