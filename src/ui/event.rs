//! Where input comes from: the real terminal in the program, a scripted
//! list in tests.

use ratatui::crossterm::event::{self, Event, KeyEvent, KeyEventKind};
use std::collections::VecDeque;
use std::io;
use std::time::Duration;

/// What the loop reacts to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    Key(KeyEvent),
    Resize,
    /// The wait asked for ran out with nothing typed.
    Tick,
}

/// A source of input. `None`: no more input (a script ran out).
pub trait InputSource {
    /// The next input; with `tick` set, `Input::Tick` once that long has
    /// passed with nothing else.
    fn next(&mut self, tick: Option<Duration>) -> io::Result<Option<Input>>;
}

/// The terminal, through crossterm. Blocks for the next key press or
/// resize (or the tick); everything else (releases, mouse, focus, paste)
/// is skipped.
pub struct Terminal;

impl InputSource for Terminal {
    fn next(&mut self, tick: Option<Duration>) -> io::Result<Option<Input>> {
        loop {
            if let Some(d) = tick {
                if !event::poll(d)? {
                    return Ok(Some(Input::Tick));
                }
            }
            match event::read()? {
                Event::Key(k) if k.kind == KeyEventKind::Press => return Ok(Some(Input::Key(k))),
                Event::Resize(..) => return Ok(Some(Input::Resize)),
                _ => {}
            }
        }
    }
}

/// A fixed list of inputs, for tests. Ticks come only where the script
/// has them.
#[derive(Default)]
pub struct Script(pub VecDeque<Input>);

impl Script {
    pub fn keys(keys: impl IntoIterator<Item = KeyEvent>) -> Script {
        Script(keys.into_iter().map(Input::Key).collect())
    }
}

impl InputSource for Script {
    fn next(&mut self, _tick: Option<Duration>) -> io::Result<Option<Input>> {
        Ok(self.0.pop_front())
    }
}
