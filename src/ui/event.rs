//! Where input comes from: the real terminal in the program, a scripted
//! list in tests.

use ratatui::crossterm::event::{self, Event, KeyEvent, KeyEventKind};
use std::collections::VecDeque;
use std::io;

/// What the loop reacts to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    Key(KeyEvent),
    Resize,
}

/// A source of input. `None`: no more input (a script ran out).
pub trait InputSource {
    fn next(&mut self) -> io::Result<Option<Input>>;
}

/// The terminal, through crossterm. Blocks for the next key press or
/// resize; everything else (releases, mouse, focus, paste) is skipped.
pub struct Terminal;

impl InputSource for Terminal {
    fn next(&mut self) -> io::Result<Option<Input>> {
        loop {
            match event::read()? {
                Event::Key(k) if k.kind == KeyEventKind::Press => return Ok(Some(Input::Key(k))),
                Event::Resize(..) => return Ok(Some(Input::Resize)),
                _ => {}
            }
        }
    }
}

/// A fixed list of inputs, for tests.
#[derive(Default)]
pub struct Script(pub VecDeque<Input>);

impl Script {
    pub fn keys(keys: impl IntoIterator<Item = KeyEvent>) -> Script {
        Script(keys.into_iter().map(Input::Key).collect())
    }
}

impl InputSource for Script {
    fn next(&mut self) -> io::Result<Option<Input>> {
        Ok(self.0.pop_front())
    }
}
