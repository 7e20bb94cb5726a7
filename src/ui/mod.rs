//! The terminal UI: a shell around the pure game. `run` owns the terminal;
//! `App` holds the UI state and is the only place that calls the core;
//! screens render from `&App`.

pub mod app;
pub mod command;
pub mod describe;
pub mod event;
pub mod keymap;
pub mod screens;
pub mod theme;
pub mod widgets;

use app::App;
use command::Effect;
use event::{Input, InputSource};
use ratatui::Terminal;
use ratatui::backend::Backend;
use std::io;

/// Why the UI stopped other than by the player's choice.
#[derive(Debug, thiserror::Error)]
pub enum UiError {
    #[error("this needs an interactive terminal ({0}); for a headless game add --autoplay")]
    NoTerminal(io::Error),
    #[error("terminal error: {0}")]
    Io(#[from] io::Error),
}

/// Run the UI on the real terminal until the player quits. The terminal is
/// restored on every way out: a normal quit, an error, a panic (ratatui's
/// hook), Ctrl+C (a key press in raw mode, mapped to quit).
pub fn run(mut app: App) -> Result<(), UiError> {
    let mut terminal = ratatui::try_init().map_err(UiError::NoTerminal)?;
    let result = run_loop(&mut terminal, &mut app, &mut event::Terminal);
    // Restore before reporting anything.
    let restored = ratatui::try_restore();
    result?;
    restored?;
    Ok(())
}

/// The loop: draw, wait for input, map it through the keymap, update,
/// carry out the effects. Generic over the backend so tests run it whole on
/// `TestBackend` with a scripted input source. Returns when the player
/// quits or the input runs out.
pub fn run_loop<B: Backend>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    input: &mut dyn InputSource,
) -> io::Result<()>
where
    B::Error: std::error::Error + Send + Sync + 'static,
{
    loop {
        terminal
            .draw(|f| screens::draw(f, app))
            .map_err(io::Error::other)?;
        let Some(ev) = input.next()? else {
            return Ok(());
        };
        let cmd = match ev {
            Input::Key(k) => keymap::command_for(app.context(), &k),
            Input::Resize => {
                terminal.autoresize().map_err(io::Error::other)?;
                None
            }
        };
        if let Some(cmd) = cmd {
            if app.update(cmd).contains(&Effect::Quit) {
                return Ok(());
            }
        }
    }
}
