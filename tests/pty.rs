#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]
//! The real binary in a pseudo-terminal, as a player types: from the title
//! menu to the table, help, a proposal and its answers, a second month, a
//! resize, quitting, saving and loading, a replay, a class game.

#[path = "support/pty.rs"]
mod pty;

use pty::{CTRL_C, ENTER, ESC, Pty, RIGHT};

/// The title of the pop-up on top, if any: an event card or the answers.
fn popup_title(s: &str) -> Option<String> {
    if let Some(i) = s.find("Event card ") {
        let rest = &s[i..];
        let end = rest.find(" ━").unwrap_or(rest.len().min(24));
        return Some(rest[..end].to_string());
    }
    s.contains("Answers — and why")
        .then(|| "Answers — and why".to_string())
}

/// The table's own footer is up: no pop-up over it. (The footer is the
/// last row a frame writes, so this is a whole frame.)
fn table_footer(s: &str) -> bool {
    s.lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .is_some_and(|l| l.contains("p propose"))
}

/// Close the pop-ups over the table (answers, event cards), one Esc at a
/// time, each time waiting until the one closed is gone, so no Esc runs
/// into the next key.
fn close_popups(p: &mut Pty) -> String {
    loop {
        let s = p.wait_for("a pop-up or the table", |s| {
            table_footer(s) || popup_title(s).is_some()
        });
        let Some(title) = popup_title(&s) else {
            return s;
        };
        p.send(ESC);
        p.wait_for(&format!("\"{title}\" to close"), |s| !s.contains(&title));
    }
}

/// Straight to the table of a game: `play ARGS`, briefing, cards closed.
fn at_table(args: &[&str], home: &std::path::Path) -> Pty {
    let mut p = Pty::spawn(args, 80, 24, home);
    p.wait_text("Your delegation");
    p.send(ENTER);
    p.wait_text("Event card");
    close_popups(&mut p);
    p.wait_text("On the table");
    p
}

#[test]
fn from_the_title_menu_to_the_table_help_and_a_second_month() {
    let home = tempfile::tempdir().unwrap();
    let mut p = Pty::spawn(&[], 80, 24, home.path());
    p.wait_text("A R M I S T I C E");
    p.wait_text("New game");
    p.send(ENTER);
    p.wait_text("Opponents");
    p.send(ENTER);
    p.wait_text("You are Ukraine");
    p.send(ENTER);
    p.wait_text("Event card 1 of");
    let table = close_popups(&mut p);
    assert!(table.contains("turn 1/12"), "{table}");
    // Help: the table's keys; Esc closes it.
    p.send("?");
    let help = p.wait_text("Keys — The table");
    assert!(help.contains("end your turn"), "{help}");
    p.send(ESC);
    let closed = p.wait_for("the help to close", |s| !s.contains("Keys —"));
    assert!(closed.contains("On the table"), "{closed}");
    // Propose the editor's package (your ideal) and end the month.
    p.send("p");
    p.wait_text("Propose a package");
    p.send(ENTER);
    p.wait_text("Your package is on the table");
    p.send("n");
    let answers = p.wait_text("Answers — and why");
    assert!(
        answers.contains("package #1"),
        "no answer to the player's package:\n{answers}"
    );
    let month2 = close_popups(&mut p);
    assert!(
        month2.contains("March 2025") && month2.contains("turn 2/12"),
        "{month2}"
    );
    // Too small, then back.
    p.resize(60, 20);
    p.wait_text("Terminal too small");
    p.resize(80, 24);
    p.wait_text("On the table");
    // Everything was saved at the end of the month: q quits at once.
    p.send("q");
    let exit = p.finish();
    assert!(exit.success, "exit code {}", exit.code);
    assert!(!exit.alternate_screen, "left in the alternate screen");
}

#[test]
fn q_asks_first_and_ctrl_c_leaves_cleanly() {
    let home = tempfile::tempdir().unwrap();
    let mut p = at_table(&["play", "--seed", "3"], home.path());
    // An unsaved move: q asks.
    p.send("p");
    p.wait_text("Propose a package");
    p.send(ENTER);
    p.wait_text("Your package is on the table");
    p.send("q");
    p.wait_text("Leave the game?");
    p.send("n");
    let back = p.wait_for("the question to close", |s| !s.contains("Leave the game?"));
    assert!(back.contains("On the table"), "{back}");
    // Ctrl+C: out at once, exit 0, the terminal restored.
    p.send(CTRL_C);
    let exit = p.finish();
    assert!(exit.success, "Ctrl+C exit code {}", exit.code);
    assert!(
        !exit.alternate_screen,
        "Ctrl+C left the alternate screen on"
    );
    assert!(!exit.cursor_hidden, "Ctrl+C left the cursor hidden");
    assert!(
        !exit.text.contains("On the table"),
        "the game is still on screen:\n{}",
        exit.text
    );
    // And it kept the game (an autosave on the way out).
    assert!(
        home.path()
            .join("saves")
            .join("riyadh-2025-ukraine-seed3.ron")
            .exists()
    );
}

#[test]
fn save_quit_and_load_resume_on_the_same_turn() {
    let home = tempfile::tempdir().unwrap();
    let mut p = at_table(&["play", "--seed", "5", "--as", "russia"], home.path());
    p.send("n");
    p.wait_text("Answers — and why");
    close_popups(&mut p);
    p.wait_text("turn 2/12");
    p.send("s");
    p.wait_text("Save the game as:");
    // Clear the suggested name and type our own.
    for _ in 0..40 {
        p.send("\x7f");
    }
    p.wait_for("an empty name", |s| s.contains(" ▏"));
    p.send("week 3 class");
    p.wait_text("week 3 class▏");
    p.send(ENTER);
    let saved = p.wait_text("Saved as \"week 3 class\"");
    assert!(saved.contains("turn 2/12"));
    p.send("q");
    assert!(p.finish().success);
    assert!(home.path().join("saves/week 3 class.ron").exists());
    // Load it by name: the same month, Russia's seat.
    let mut p = Pty::spawn(&["load", "week 3 class"], 80, 24, home.path());
    let resumed = p.wait_text("Resumed \"week 3 class\"");
    assert!(
        resumed.contains("turn 2/12") && resumed.contains("you: Russia"),
        "{resumed}"
    );
    p.send("q");
    assert!(p.finish().success);
    // And from the title menu's list.
    let mut p = Pty::spawn(&[], 80, 24, home.path());
    p.wait_text("Load a saved game");
    p.send("j");
    p.wait_for("Load highlighted", |s| s.contains("▶ Load a saved game"));
    p.send(ENTER);
    let list = p.wait_text("week 3 class");
    assert!(list.contains("Russia"), "{list}");
    p.send(ENTER);
    p.wait_text("Resumed");
    p.send(CTRL_C);
    assert!(p.finish().success);
}

#[test]
fn replay_steps_through_a_saved_game() {
    let home = tempfile::tempdir().unwrap();
    let mut p = Pty::spawn(
        &["replay", "saves/riyadh-2025-back-ukraine-autoplay.ron"],
        80,
        24,
        home.path(),
    );
    let start = p.wait_text("REPLAY");
    assert!(
        start.contains("step 0/") && start.contains("turn 1/12"),
        "{start}"
    );
    p.send(RIGHT);
    let one = p.wait_text("step 1/");
    assert!(
        one.contains("turn 2/12") && one.contains("view: all-seeing"),
        "{one}"
    );
    p.send("]");
    p.wait_text("turn 3/12");
    p.send("w");
    p.wait_text("view: Ukraine");
    p.send("g");
    p.wait_text("Go to month");
    p.send("9");
    p.send(ENTER);
    p.wait_text("turn 9/12");
    p.send("q");
    p.wait_text("A R M I S T I C E");
    p.send("q");
    assert!(p.finish().success);
}

#[test]
fn a_class_hands_over_the_keyboard_and_the_facilitator_sees_redlines() {
    let home = tempfile::tempdir().unwrap();
    let mut p = at_table(
        &[
            "play",
            "--as",
            "ukraine,russia",
            "--facilitator",
            "--turn-minutes",
            "5",
        ],
        home.path(),
    );
    let table = p.text();
    assert!(
        table.contains("you: Ukraine") && table.contains("⏱"),
        "{table}"
    );
    p.send("n");
    let curtain = p.wait_text("Pass the keyboard to Russia");
    assert!(!curtain.contains("On the table"), "{curtain}");
    p.send(ENTER);
    p.wait_text("You are Russia");
    p.send(ESC);
    p.wait_for("Russia's table", |s| {
        s.contains("you: Russia") && !s.contains("You are Russia")
    });
    p.send("f");
    let view = p.wait_text("FACILITATOR");
    assert!(view.contains("fighting on (BATNA)"), "{view}");
    assert!(
        view.contains("✗ NATO for Ukraine"),
        "no redline shown:\n{view}"
    );
    p.send(ESC);
    p.wait_for("the facilitator's view to close", |s| {
        !s.contains("FACILITATOR")
    });
    p.send(CTRL_C);
    assert!(p.finish().success);
}

#[test]
fn a_bad_scenario_is_one_line_and_a_non_zero_exit() {
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_armistice"))
        .args(["play", "--scenario", "no-such-scenario"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("unknown scenario \"no-such-scenario\""),
        "{err}"
    );
}
