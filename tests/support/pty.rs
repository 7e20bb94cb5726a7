//! A small harness for the real binary in a pseudo-terminal: spawn it at a
//! size, type keys, wait (on a condition variable, never a fixed sleep)
//! until the screen shows something, resize, and collect the exit.

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::Path;
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// How long any one wait may take before the test fails (slow CI machines
/// build the first frame in well under a second; this is for the worst).
const PATIENCE: Duration = Duration::from_secs(30);

struct Screen {
    parser: vt100::Parser,
    /// The program closed the terminal (it exited).
    closed: bool,
}

pub struct Pty {
    shared: Arc<(Mutex<Screen>, Condvar)>,
    writer: Option<Box<dyn Write + Send>>,
    master: Option<Box<dyn MasterPty + Send>>,
    child: Box<dyn Child + Send + Sync>,
    reader: Option<JoinHandle<()>>,
}

/// What the program left behind when it ended.
pub struct Exit {
    pub code: u32,
    pub success: bool,
    /// Still in the alternate screen (it did not restore the terminal).
    pub alternate_screen: bool,
    pub cursor_hidden: bool,
    pub text: String,
}

fn size(cols: u16, rows: u16) -> (NonZeroU16, NonZeroU16) {
    (
        NonZeroU16::new(rows.max(1)).unwrap_or(NonZeroU16::MIN),
        NonZeroU16::new(cols.max(1)).unwrap_or(NonZeroU16::MIN),
    )
}

impl Pty {
    /// Start `armistice ARGS` in a `cols`×`rows` terminal, with HOME and
    /// the save folder in `home` (never the real home).
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
        let child = pair.slave.spawn_command(cmd).expect("spawn armistice");
        // Our copy of the slave must go, or the reader never sees the end.
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let writer = pair.master.take_writer().expect("pty writer");
        let (r, c) = size(cols, rows);
        let shared = Arc::new((
            Mutex::new(Screen {
                parser: vt100::Parser::new(r, c, 0),
                closed: false,
            }),
            Condvar::new(),
        ));
        let feed = shared.clone();
        let reader = std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            loop {
                let n = match reader.read(&mut buf) {
                    Ok(0) | Err(_) => 0,
                    Ok(n) => n,
                };
                let (lock, cv) = &*feed;
                let mut s = lock.lock().unwrap_or_else(|e| e.into_inner());
                if n == 0 {
                    s.closed = true;
                    cv.notify_all();
                    return;
                }
                s.parser.process(&buf[..n]);
                cv.notify_all();
            }
        });
        Pty {
            shared,
            writer: Some(writer),
            master: Some(pair.master),
            child,
            reader: Some(reader),
        }
    }

    /// The screen as text, one line a row.
    pub fn text(&self) -> String {
        let (lock, _) = &*self.shared;
        let s = lock.lock().unwrap_or_else(|e| e.into_inner());
        s.parser.screen().contents()
    }

    /// Type bytes (a key: "q", "\r" Enter, "\x1b" Esc, "\x1b[C" →).
    pub fn send(&mut self, bytes: &str) {
        let w = self.writer.as_mut().expect("the terminal is closed");
        w.write_all(bytes.as_bytes()).expect("type");
        w.flush().expect("flush");
    }

    /// Wait until the screen satisfies `ok`; fail with the screen shown.
    pub fn wait_for(&self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let (lock, cv) = &*self.shared;
        let deadline = Instant::now() + PATIENCE;
        let mut s = lock.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            let text = s.parser.screen().contents();
            if ok(&text) {
                return text;
            }
            let now = Instant::now();
            if now >= deadline || s.closed {
                panic!(
                    "waited for {what}{}; the screen:\n{text}",
                    if s.closed {
                        " but the program ended"
                    } else {
                        ""
                    }
                );
            }
            s = cv
                .wait_timeout(s, deadline - now)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
    }

    /// Wait until the screen shows `text`.
    pub fn wait_text(&self, text: &str) -> String {
        self.wait_for(&format!("\"{text}\""), |s| s.contains(text))
    }

    /// Resize the terminal (the program gets SIGWINCH).
    pub fn resize(&mut self, cols: u16, rows: u16) {
        if let Some(m) = &self.master {
            m.resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("resize");
        }
        let (lock, _) = &*self.shared;
        let (r, c) = size(cols, rows);
        lock.lock()
            .unwrap_or_else(|e| e.into_inner())
            .parser
            .set_size(r, c);
    }

    /// Wait for the program to end, close the terminal, join the reader,
    /// and report how it left the screen.
    pub fn finish(mut self) -> Exit {
        {
            let (lock, cv) = &*self.shared;
            let deadline = Instant::now() + PATIENCE;
            let mut s = lock.lock().unwrap_or_else(|e| e.into_inner());
            while !s.closed {
                let now = Instant::now();
                if now >= deadline {
                    let text = s.parser.screen().contents();
                    drop(s);
                    let _ = self.child.kill();
                    panic!("the program did not end; the screen:\n{text}");
                }
                s = cv
                    .wait_timeout(s, deadline - now)
                    .unwrap_or_else(|e| e.into_inner())
                    .0;
            }
        }
        let status = self.child.wait().expect("exit status");
        drop(self.writer.take());
        drop(self.master.take());
        if let Some(r) = self.reader.take() {
            r.join().expect("the reader thread");
        }
        let (lock, _) = &*self.shared;
        let s = lock.lock().unwrap_or_else(|e| e.into_inner());
        let screen = s.parser.screen();
        Exit {
            code: status.exit_code(),
            success: status.success(),
            alternate_screen: screen.alternate_screen(),
            cursor_hidden: screen.hide_cursor(),
            text: screen.contents(),
        }
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        // A failed test must not leave the program running.
        if self.reader.is_some() {
            let _ = self.child.kill();
        }
    }
}

pub const ENTER: &str = "\r";
pub const ESC: &str = "\x1b";
pub const RIGHT: &str = "\x1b[C";
pub const CTRL_C: &str = "\x03";
