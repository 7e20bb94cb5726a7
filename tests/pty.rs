#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]
//! The real binary in a pseudo-terminal, as a player types: from the title
//! menu to the table, help, a proposal and its answers, a second month, a
//! resize, quitting, saving and loading, a replay, a class game.
//!
//! Every step waits for what the screen must show (no sleeps); a failed
//! wait prints the screen. Each test starts its own program in its own
//! temporary HOME and save folder.

#[path = "support/pty.rs"]
mod pty;

use pty::{BACKSPACE, CTRL_C, DOWN, ENTER, PROMPT, Pty, RIGHT};

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

/// The top row: the date, the turn and the seat.
fn header(s: &str) -> &str {
    s.lines().next().unwrap_or("")
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
        p.esc();
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

/// Table the editor's package as it opens (the player's ideal).
fn propose(p: &mut Pty) -> String {
    p.send("p");
    let editor = p.wait_text("Propose a package");
    assert!(editor.contains("Enter table it"), "{editor}");
    p.send(ENTER);
    p.wait_text("Your package is on the table")
}

/// Read the answers pop-up to the end, scrolling down until each of
/// `from` has been seen answering package #`n` (accepts or rejects);
/// returns the pop-up as first shown.
fn answers(p: &mut Pty, n: u32, from: &[&str]) -> String {
    let first = p.wait_text("Answers — and why");
    let mut seen = first.clone();
    let mut missing: Vec<&str> = from.to_vec();
    loop {
        missing.retain(|who| {
            !(seen.contains(&format!("{who} accepts package #{n}"))
                || seen.contains(&format!("{who} rejects package #{n}")))
        });
        if missing.is_empty() {
            return first;
        }
        // Not all shown yet: scroll; at the end the screen stops changing
        // and the wait fails, showing the pop-up.
        p.send(DOWN);
        seen = p.wait_change(&format!("an answer to #{n} from {missing:?}"), &seen);
    }
}

#[test]
fn from_the_title_menu_to_the_table() {
    let home = tempfile::tempdir().unwrap();
    let mut p = Pty::spawn(&[], 80, 24, home.path());
    let title = p.wait_text("▶ New game");
    assert!(title.contains("A R M I S T I C E"), "{title}");
    assert!(title.contains("Load a saved game"), "{title}");
    p.send(ENTER);
    let setup = p.wait_text("Opponents");
    assert!(
        setup.contains("New game") && setup.contains("You play  ◀ Ukraine ▶"),
        "{setup}"
    );
    p.send(ENTER);
    let briefing = p.wait_text("You are Ukraine");
    assert!(briefing.contains("Your delegation"), "{briefing}");
    p.send(ENTER);
    p.wait_text("Event card 1 of");
    let table = close_popups(&mut p);
    assert!(
        header(&table).contains("February 2025 · turn 1/12 · you: Ukraine"),
        "{table}"
    );
    assert!(
        table.contains("On the table") && table.contains("Delegations"),
        "{table}"
    );
    p.send(CTRL_C);
    p.finish().assert_clean();
}

#[test]
fn question_mark_opens_the_help_and_esc_closes_it() {
    let home = tempfile::tempdir().unwrap();
    let mut p = at_table(&["play", "--seed", "2"], home.path());
    assert!(!p.text().contains("Keys —"));
    p.send("?");
    let help = p.wait_text("Keys — The table");
    assert!(
        help.contains("end your turn") && help.contains("quit at once"),
        "{help}"
    );
    p.esc();
    let closed = p.wait_for("the help to close", |s| !s.contains("Keys —"));
    assert!(
        closed.contains("On the table") && table_footer(&closed),
        "{closed}"
    );
    p.send(CTRL_C);
    p.finish().assert_clean();
}

#[test]
fn a_proposal_is_answered_by_each_counterpart_and_the_month_turns() {
    let home = tempfile::tempdir().unwrap();
    let mut p = at_table(&["play", "--seed", "1"], home.path());
    let before = p.text();
    assert!(before.contains("No package on the table yet"), "{before}");
    let tabled = propose(&mut p);
    assert!(tabled.contains("#1 by Ukraine"), "{tabled}");
    assert!(header(&tabled).contains("turn 1/12"), "{tabled}");
    p.send("n");
    let popup = answers(&mut p, 1, &["United States", "Russia", "Europe"]);
    assert!(header(&popup).contains("March 2025 · turn 2/12"), "{popup}");
    let month2 = close_popups(&mut p);
    assert!(
        header(&month2).contains("March 2025 · turn 2/12"),
        "{month2}"
    );
    // Everything was saved at the end of the month: q quits at once.
    p.send("q");
    p.finish().assert_clean();
}

#[test]
fn too_small_a_terminal_says_so_and_the_table_comes_back() {
    let home = tempfile::tempdir().unwrap();
    let mut p = at_table(&["play", "--seed", "4"], home.path());
    p.resize(60, 20);
    let small = p.wait_text("Terminal too small");
    assert!(small.contains("this is 60×20"), "{small}");
    assert!(!small.contains("On the table"), "{small}");
    p.resize(80, 24);
    let back = p.wait_for("the table at 80×24", |s| {
        s.contains("On the table") && table_footer(s)
    });
    assert!(!back.contains("too small"), "{back}");
    assert!(header(&back).contains("turn 1/12"), "{back}");
    // Still playing.
    p.send("?");
    p.wait_text("Keys — The table");
    p.send(CTRL_C);
    p.finish().assert_clean();
}

#[test]
fn play_with_a_seat_and_seed_opens_the_briefing_and_q_asks_first() {
    let home = tempfile::tempdir().unwrap();
    let mut p = Pty::spawn(
        &[
            "play",
            "--scenario",
            "riyadh-2025",
            "--as",
            "russia",
            "--seed",
            "3",
        ],
        80,
        24,
        home.path(),
    );
    // Straight to the briefing: no title menu, no setup.
    let briefing = p.wait_text("Your delegation");
    assert!(
        briefing.contains("You are Russia") && briefing.contains("Riyadh, February 2025"),
        "{briefing}"
    );
    assert!(!briefing.contains("New game"), "{briefing}");
    p.send(ENTER);
    p.wait_text("Event card");
    let table = close_popups(&mut p);
    assert!(header(&table).contains("you: Russia"), "{table}");
    // An unsaved move: q asks.
    propose(&mut p);
    p.send("q");
    let ask = p.wait_text("Leave the game?");
    assert!(ask.contains("keep playing"), "{ask}");
    p.send("n");
    let back = p.wait_for("the question to close", |s| !s.contains("Leave the game?"));
    assert!(
        back.contains("On the table") && table_footer(&back),
        "{back}"
    );
    assert!(back.contains("#1 by Russia"), "{back}");
    // Still playing: q asks again, and y saves and quits.
    p.send("q");
    let ask = p.wait_text("Leave the game?");
    // The name it will be saved under, in quotes on the next line.
    let name = ask
        .split_once("saved as")
        .and_then(|(_, rest)| rest.split('"').nth(1))
        .unwrap_or_else(|| panic!("no save name in the question:\n{ask}"))
        .to_string();
    p.send("y");
    p.finish().assert_clean();
    assert!(
        home.path()
            .join("saves")
            .join(format!("{name}.ron"))
            .exists(),
        "no save \"{name}\""
    );
}

#[test]
fn ctrl_c_exits_0_and_restores_the_terminal() {
    let home = tempfile::tempdir().unwrap();
    let mut p = at_table(&["play", "--seed", "3"], home.path());
    assert!(!p.text().contains(PROMPT), "still on the main screen");
    // Something unsaved, so q would ask; Ctrl+C does not.
    propose(&mut p);
    p.send(CTRL_C);
    let exit = p.finish();
    assert_eq!(exit.code, 0, "Ctrl+C: {}", exit.status);
    assert!(exit.success, "Ctrl+C: {}", exit.status);
    assert!(
        !exit.alternate_screen,
        "Ctrl+C left the alternate screen on ({})",
        exit.output_end
    );
    assert!(
        !exit.cursor_hidden,
        "Ctrl+C left the cursor hidden ({})",
        exit.output_end
    );
    // The main screen is back as it was: the shell's line, not the game.
    assert!(
        exit.text.contains(&format!("{PROMPT} play --seed 3")),
        "the main screen is not back:\n{}",
        exit.text
    );
    assert!(
        !exit.text.contains("On the table") && !exit.text.contains("Leave the game?"),
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
        p.send(BACKSPACE);
    }
    p.wait_for("an empty name", |s| s.contains(" ▏"));
    p.send("week 3 class");
    p.wait_text("week 3 class▏");
    p.send(ENTER);
    let saved = p.wait_text("Saved as \"week 3 class\"");
    assert!(saved.contains("turn 2/12"));
    p.send("q");
    p.finish().assert_clean();
    assert!(home.path().join("saves/week 3 class.ron").exists());
    // Load it by name: the same month, Russia's seat.
    let mut p = Pty::spawn(&["load", "week 3 class"], 80, 24, home.path());
    let resumed = p.wait_text("Resumed \"week 3 class\"");
    assert!(
        resumed.contains("turn 2/12") && resumed.contains("you: Russia"),
        "{resumed}"
    );
    p.send("q");
    p.finish().assert_clean();
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
    p.finish().assert_clean();
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
    p.finish().assert_clean();
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
    p.esc();
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
    p.esc();
    p.wait_for("the facilitator's view to close", |s| {
        !s.contains("FACILITATOR")
    });
    p.send(CTRL_C);
    p.finish().assert_clean();
}

#[test]
fn a_bad_scenario_is_one_line_on_stderr_and_a_non_zero_exit() {
    let home = tempfile::tempdir().unwrap();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_armistice"))
        .args(["play", "--scenario", "no-such-thing"])
        .env("HOME", home.path())
        .env("ARMISTICE_SAVES_DIR", home.path().join("saves"))
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert!(!o.status.success(), "{:?}", o.status);
    assert_ne!(o.status.code(), Some(0));
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("unknown scenario \"no-such-thing\""), "{err}");
    assert!(
        o.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
}
