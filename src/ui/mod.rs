//! The terminal UI: a shell around the pure game. `run` owns the terminal;
//! `App` holds the UI state and is the only place that calls the core;
//! screens render from `&App`.

pub mod app;
pub mod command;
pub mod describe;
pub mod event;
pub mod keymap;
pub mod screens;
pub mod storage;
pub mod theme;
pub mod widgets;

use app::App;
use command::Effect;
use event::{Input, InputSource};
use ratatui::Terminal;
use ratatui::backend::Backend;
use std::io;
use storage::Storage;

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
pub fn run(mut app: App, storage: &mut dyn Storage) -> Result<(), UiError> {
    let mut terminal = ratatui::try_init().map_err(UiError::NoTerminal)?;
    let result = run_loop(&mut terminal, &mut app, &mut event::Terminal, storage);
    // Restore before reporting anything.
    let restored = ratatui::try_restore();
    result?;
    restored?;
    Ok(())
}

/// The loop: draw, wait for input, map it through the keymap, update,
/// carry out the effects (the saves through `storage`). Generic over the
/// backend so tests run it whole on `TestBackend` with a scripted input
/// source. Returns when the player quits or the input runs out.
pub fn run_loop<B: Backend>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    input: &mut dyn InputSource,
    storage: &mut dyn Storage,
) -> io::Result<()>
where
    B::Error: std::error::Error + Send + Sync + 'static,
{
    // The turn clock runs on real time, measured here: `App` stays
    // free of clocks and is told how much time passed.
    let mut last = std::time::Instant::now();
    loop {
        terminal
            .draw(|f| screens::draw(f, app))
            .map_err(io::Error::other)?;
        let Some(ev) = input.next(app.tick_interval())? else {
            return Ok(());
        };
        let now = std::time::Instant::now();
        let dt = now.duration_since(last);
        last = now;
        let fx = app.elapse(dt);
        if carry_out(app, fx, storage) {
            return Ok(());
        }
        let cmd = match ev {
            Input::Key(k) => keymap::command_for(app.context(), &k),
            Input::Tick => Some(command::Command::Tick),
            Input::Resize => {
                terminal.autoresize().map_err(io::Error::other)?;
                None
            }
        };
        if let Some(cmd) = cmd {
            let effects = app.update(cmd);
            if carry_out(app, effects, storage) {
                return Ok(());
            }
        }
    }
}

/// Do what `update` asked for; true when the program should end.
pub fn carry_out(app: &mut App, effects: Vec<Effect>, storage: &mut dyn Storage) -> bool {
    for effect in effects {
        match effect {
            Effect::Quit => return true,
            Effect::Save { name, auto } => {
                if let Some(s) = &app.session {
                    let result = storage.save(&name, &s.game);
                    app.saved(&name, auto, result);
                }
            }
            Effect::SaveThenQuit { name } => {
                let Some(s) = &app.session else {
                    return true;
                };
                match storage.save(&name, &s.game) {
                    Ok(path) => {
                        app.saved(&name, false, Ok(path));
                        return true;
                    }
                    Err(e) => app.save_failed_at_quit(e),
                }
            }
            Effect::ListSaves(purpose) => {
                let entries = storage.list();
                app.listed(purpose, entries);
            }
            Effect::Open { name, purpose } => {
                let result = storage.load(&name);
                app.opened(purpose, &name, result);
            }
            Effect::Report { name } => {
                if let Some(s) = &app.session {
                    let result = storage.report(&name, &s.game);
                    app.reported(result);
                }
            }
        }
    }
    false
}
