//! A small harness for the real binary in a pseudo-terminal: spawn it at a
//! size, type keys, wait (on a condition variable, never a fixed sleep)
//! until the screen shows something, resize, and collect the exit.
//!
//! Two threads per program: a reader feeds everything the program writes
//! into a `vt100::Parser`, a waiter collects the exit status; both report
//! through one mutex and condition variable, so every wait here is a
//! `Condvar::wait_timeout` with a deadline, never a poll or a sleep.
//!
//! Waits look at whole frames only. A frame reaches the terminal in
//! several writes, and a check made halfway through one sees the new
//! frame's top over the old one's bottom. Ratatui ends every frame by
//! hiding the cursor (or showing it, where a frame puts it), so the screen
//! is taken as it stands after each of those.

use portable_pty::{
    ChildKiller, CommandBuilder, ExitStatus, MasterPty, PtySize, native_pty_system,
};
use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::Path;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// How long any one wait may take before the test fails (the program
/// draws a frame in milliseconds; this is for the slowest CI machine).
const PATIENCE: Duration = Duration::from_secs(30);

/// What the terminal showed before the program started, as a shell would
/// leave it: it must be back on screen when the program has left the
/// alternate screen.
pub const PROMPT: &str = "$ armistice";

/// What ratatui writes after each frame: hide the cursor, or show it.
const FRAME_ENDS: [&[u8]; 2] = [b"\x1b[?25l", b"\x1b[?25h"];

struct State {
    parser: vt100::Parser,
    /// The screen after the last whole frame.
    frame: String,
    /// The reader saw the end of the output (the program closed the
    /// terminal).
    closed: bool,
    /// The program's exit status, once it has ended.
    status: Option<ExitStatus>,
    /// How the output ended ("EOF", or the read error).
    ended: String,
    /// The last bytes read, to tell a program that never wrote something
    /// from output that went missing.
    last: Vec<u8>,
}

type Shared = Arc<(Mutex<State>, Condvar)>;

pub struct Pty {
    shared: Shared,
    writer: Option<Box<dyn Write + Send>>,
    master: Option<Box<dyn MasterPty + Send>>,
    killer: Box<dyn ChildKiller + Send + Sync>,
    reader: Option<JoinHandle<()>>,
    waiter: Option<JoinHandle<()>>,
    /// A lone Esc was typed and no wait has followed yet: the next key
    /// could be read together with it as Alt+key.
    esc_pending: bool,
}

/// What the program left behind when it ended.
pub struct Exit {
    pub code: u32,
    pub success: bool,
    /// The status as text ("Exited with code 0", or the signal).
    pub status: String,
    /// Still in the alternate screen (it did not restore the terminal).
    pub alternate_screen: bool,
    pub cursor_hidden: bool,
    /// The screen as the player is left with it.
    pub text: String,
    /// How the output ended and its last bytes, for failure messages.
    pub output_end: String,
}

impl Exit {
    /// Ended by the player's choice: status 0, the terminal as it was
    /// (main screen, cursor shown, the game gone from view). Returns the
    /// screen left.
    pub fn assert_clean(&self) -> &str {
        assert_eq!(self.code, 0, "{}; the screen:\n{}", self.status, self.text);
        assert!(self.success, "{}; the screen:\n{}", self.status, self.text);
        assert!(
            !self.alternate_screen,
            "left in the alternate screen ({}):\n{}",
            self.output_end, self.text
        );
        assert!(
            !self.cursor_hidden,
            "left the cursor hidden ({})",
            self.output_end
        );
        assert!(
            self.text.starts_with(PROMPT),
            "the main screen is not back:\n{}",
            self.text
        );
        &self.text
    }
}

fn size(cols: u16, rows: u16) -> (NonZeroU16, NonZeroU16) {
    (
        NonZeroU16::new(rows).unwrap_or(NonZeroU16::MIN),
        NonZeroU16::new(cols).unwrap_or(NonZeroU16::MIN),
    )
}

fn lock(shared: &Shared) -> MutexGuard<'_, State> {
    shared.0.lock().unwrap_or_else(|e| e.into_inner())
}

impl Pty {
    /// Start `armistice ARGS` in a `cols`×`rows` terminal, with HOME and
    /// the save folder in `home` (never the real home), TERM set and
    /// NO_COLOR unset, in the crate's folder.
    pub fn spawn(args: &[&str], cols: u16, rows: u16, home: &Path) -> Pty {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pseudo-terminal");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_armistice"));
        cmd.args(args);
        cmd.cwd(env!("CARGO_MANIFEST_DIR"));
        cmd.env("TERM", "xterm-256color");
        cmd.env("HOME", home);
        cmd.env("ARMISTICE_SAVES_DIR", home.join("saves"));
        cmd.env_remove("NO_COLOR");
        cmd.env_remove("XDG_DATA_HOME");
        let mut child = pair.slave.spawn_command(cmd).expect("spawn armistice");
        // Our copy of the slave must go, or the reader never sees the end.
        drop(pair.slave);
        let killer = child.clone_killer();
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let writer = pair.master.take_writer().expect("pty writer");

        let (r, c) = size(cols, rows);
        let mut parser = vt100::Parser::new(r, c, 0);
        // The shell's line the game was started from.
        parser.process(format!("{PROMPT} {}\r\n", args.join(" ")).as_bytes());
        let shared: Shared = Arc::new((
            Mutex::new(State {
                frame: parser.screen().contents(),
                parser,
                closed: false,
                status: None,
                ended: String::new(),
                last: Vec::new(),
            }),
            Condvar::new(),
        ));

        let feed = shared.clone();
        let reader = std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            // The last bytes read, for a frame's end split between reads.
            let mut tail: Vec<u8> = Vec::new();
            loop {
                // portable-pty reports Linux's EIO at the end as EOF.
                let (n, ended) = match reader.read(&mut buf) {
                    Ok(0) => (0, "EOF".to_string()),
                    Ok(n) => (n, String::new()),
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                    Err(e) => (0, format!("read error: {e}")),
                };
                let mut s = lock(&feed);
                if n == 0 {
                    s.closed = true;
                    s.ended = ended;
                    feed.1.notify_all();
                    return;
                }
                let chunk = &buf[..n];
                let mut done = 0;
                for end in frame_ends(&tail, chunk) {
                    s.parser.process(&chunk[done..end]);
                    s.frame = s.parser.screen().contents();
                    done = end;
                }
                s.parser.process(&chunk[done..]);
                tail.extend_from_slice(chunk);
                let keep = tail.len().saturating_sub(FRAME_ENDS[0].len() - 1);
                tail.drain(..keep);
                s.last.extend_from_slice(chunk);
                let keep = s.last.len().saturating_sub(48);
                s.last.drain(..keep);
                feed.1.notify_all();
            }
        });
        let report = shared.clone();
        let waiter = std::thread::spawn(move || {
            let status = child
                .wait()
                .unwrap_or_else(|e| ExitStatus::with_signal(&format!("wait failed: {e}")));
            lock(&report).status = Some(status);
            report.1.notify_all();
        });
        Pty {
            shared,
            writer: Some(writer),
            master: Some(pair.master),
            killer,
            reader: Some(reader),
            waiter: Some(waiter),
            esc_pending: false,
        }
    }

    /// The screen after the last whole frame, one line a row.
    pub fn text(&self) -> String {
        lock(&self.shared).frame.clone()
    }

    /// Type bytes (a key: "q", "\r" Enter, "\x1b[C" →; a lone Esc with
    /// [`Pty::esc`]).
    pub fn send(&mut self, bytes: &str) {
        assert!(
            !self.esc_pending,
            "a key typed right after a lone Esc (wait for the Esc to show first): {bytes:?}"
        );
        let w = self.writer.as_mut().expect("the terminal is closed");
        w.write_all(bytes.as_bytes()).expect("type");
        w.flush().expect("flush");
    }

    /// Type a lone Esc. The next key may only be typed after a wait (for
    /// what the Esc did): crossterm reads Esc followed at once by a key as
    /// Alt+key.
    pub fn esc(&mut self) {
        self.send(ESC);
        self.esc_pending = true;
    }

    /// Wait until a whole frame satisfies `ok`; return it. Fails, with
    /// the screen shown, after a generous time or if the program ends.
    pub fn wait_for(&mut self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + PATIENCE;
        let mut s = lock(&self.shared);
        loop {
            if ok(&s.frame) {
                self.esc_pending = false;
                return s.frame.clone();
            }
            let now = Instant::now();
            if now >= deadline || s.closed {
                let why = if s.closed {
                    " but the program ended"
                } else {
                    " (timed out)"
                };
                let live = s.parser.screen().contents();
                let after = if live == s.frame {
                    String::new()
                } else {
                    format!("\nthe screen now:\n{live}")
                };
                panic!(
                    "waited for {what}{why}; the last frame:\n{}{after}",
                    s.frame
                );
            }
            s = self
                .shared
                .1
                .wait_timeout(s, deadline - now)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
    }

    /// Wait until the screen shows `text`.
    pub fn wait_text(&mut self, text: &str) -> String {
        self.wait_for(&format!("\"{text}\""), |s| s.contains(text))
    }

    /// Wait until the screen is no longer `before`.
    pub fn wait_change(&mut self, what: &str, before: &str) -> String {
        self.wait_for(what, |s| s != before)
    }

    /// Resize the terminal: the screen first, as a terminal emulator does,
    /// then the pseudo-terminal, which sends the program SIGWINCH. (The
    /// lock is held across both, so no frame for the new size is read
    /// into the old one.)
    pub fn resize(&mut self, cols: u16, rows: u16) {
        let (r, c) = size(cols, rows);
        let mut s = lock(&self.shared);
        s.parser.set_size(r, c);
        self.master
            .as_ref()
            .expect("the terminal is closed")
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("resize");
    }

    /// Wait (with a deadline) for the program to end, close our side of
    /// the terminal, wait for the reader to see the end of the output and
    /// join both threads; then report how the program left the screen.
    pub fn finish(mut self) -> Exit {
        let deadline = Instant::now() + PATIENCE;
        self.wait_until(deadline, "the program to end", |s| s.status.is_some());
        drop(self.writer.take());
        drop(self.master.take());
        self.wait_until(deadline, "the end of the output", |s| s.closed);
        if let Some(r) = self.reader.take() {
            r.join().expect("the reader thread");
        }
        if let Some(w) = self.waiter.take() {
            w.join().expect("the waiter thread");
        }
        let s = lock(&self.shared);
        let status = s.status.clone().expect("the exit status");
        let screen = s.parser.screen();
        Exit {
            code: status.exit_code(),
            success: status.success(),
            status: status.to_string(),
            alternate_screen: screen.alternate_screen(),
            cursor_hidden: screen.hide_cursor(),
            text: screen.contents(),
            output_end: format!(
                "output ended by {} after {:?}",
                s.ended,
                String::from_utf8_lossy(&s.last)
            ),
        }
    }

    /// Block until `done` holds; past the deadline, kill the program and
    /// fail with the screen shown.
    fn wait_until(&mut self, deadline: Instant, what: &str, done: impl Fn(&State) -> bool) {
        let mut s = lock(&self.shared);
        while !done(&s) {
            let now = Instant::now();
            if now >= deadline {
                let text = s.parser.screen().contents();
                drop(s);
                let _ = self.killer.kill();
                panic!("waited for {what} (timed out); the screen:\n{text}");
            }
            s = self
                .shared
                .1
                .wait_timeout(s, deadline - now)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
    }
}

/// Where, in `chunk`, frames end (just past each end mark); `tail` is what
/// came before it, for a mark split between two reads.
fn frame_ends(tail: &[u8], chunk: &[u8]) -> Vec<usize> {
    let joined = [tail, chunk].concat();
    (0..joined.len())
        .filter_map(|i| {
            let m = FRAME_ENDS.iter().find(|m| joined[i..].starts_with(m))?;
            (i + m.len()).checked_sub(tail.len()).filter(|&e| e > 0)
        })
        .collect()
}

impl Drop for Pty {
    fn drop(&mut self) {
        // A failed test must not leave the program running; the threads
        // end on their own once it is gone.
        if self.waiter.is_some() {
            let _ = self.killer.kill();
        }
    }
}

pub const ENTER: &str = "\r";
const ESC: &str = "\x1b";
pub const DOWN: &str = "\x1b[B";
pub const RIGHT: &str = "\x1b[C";
pub const CTRL_C: &str = "\x03";
pub const BACKSPACE: &str = "\x7f";
