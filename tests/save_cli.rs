#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]
//! Saves from the command line: headless games written, verified,
//! reported; broken files refused with one line and a non-zero exit.

use std::path::Path;
use std::process::{Command, Output};

fn armistice(home: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_armistice"))
        .args(args)
        .env("HOME", home)
        .env("ARMISTICE_SAVES_DIR", home.join("saves"))
        .env_remove("XDG_DATA_HOME")
        .output()
        .expect("run armistice")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).to_string()
}

fn example(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("saves")
        .join(name)
        .display()
        .to_string()
}

#[test]
fn version_names_the_save_folder() {
    let home = tempfile::tempdir().unwrap();
    let o = armistice(home.path(), &["--version"]);
    assert!(o.status.success());
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("armistice 0.1"), "{out}");
    assert!(
        out.contains(&format!("saves: {}", home.path().join("saves").display())),
        "{out}"
    );
    let o = armistice(home.path(), &["--saves-dir", "/tmp/elsewhere", "--version"]);
    assert!(String::from_utf8_lossy(&o.stdout).contains("saves: /tmp/elsewhere"));
}

#[test]
fn autoplay_writes_a_save_that_verifies_and_reports() {
    let home = tempfile::tempdir().unwrap();
    let save = home.path().join("game.ron");
    let save_s = save.display().to_string();
    let o = armistice(
        home.path(),
        &[
            "play",
            "--autoplay",
            "--turns",
            "3",
            "--seed",
            "5",
            "--save",
            &save_s,
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let o = armistice(home.path(), &["replay", &save_s, "--verify"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("ok"));
    let report = home.path().join("report.md");
    let o = armistice(
        home.path(),
        &["report", &save_s, "-o", &report.display().to_string()],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let md = std::fs::read_to_string(&report).unwrap();
    assert!(md.starts_with("# "), "{md}");
}

#[test]
fn every_example_verifies_from_the_command_line() {
    let home = tempfile::tempdir().unwrap();
    for f in [
        "riyadh-2025-back-ukraine-autoplay.ron",
        "thanksgiving-2025-ukraine.ron",
        "riyadh-2025-ukraine-midgame.ron",
    ] {
        let o = armistice(home.path(), &["replay", &example(f), "--verify"]);
        assert!(o.status.success(), "{f}: {}", stderr(&o));
    }
}

#[test]
fn a_tampered_save_fails_verification_naming_the_month() {
    let home = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(example("riyadh-2025-ukraine-midgame.ron")).unwrap();
    let bad = text.replacen("[2, 3, 1, 1, 1, 1, 1, 1]", "[2, 3, 1, 1, 1, 1, 1, 0]", 1);
    assert_ne!(bad, text);
    let p = home.path().join("tampered.ron");
    std::fs::write(&p, &bad).unwrap();
    let o = armistice(
        home.path(),
        &["replay", &p.display().to_string(), "--verify"],
    );
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    // The package was tabled in February (turn 1).
    assert!(err.contains("February 2025 (turn 1)"), "{err}");
    assert_eq!(
        std::fs::read_to_string(&p).unwrap(),
        bad,
        "the file was changed"
    );
}

#[test]
fn broken_files_give_one_line_and_a_non_zero_exit() {
    let home = tempfile::tempdir().unwrap();
    let cases: [(&str, &[u8], &str); 4] = [
        ("empty.ron", b"", "empty"),
        (
            "garbled.ron",
            b"(format: 1, scenario: riyadh",
            "garbled.ron:1:",
        ),
        ("binary.ron", &[0xff, 0x00, 0x13], "not UTF-8"),
        ("v9.ron", b"(format: 9)", "format 9"),
    ];
    for (name, bytes, says) in cases {
        let p = home.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        for cmd in [["load", "x"], ["report", "x"]] {
            let o = armistice(home.path(), &[cmd[0], &p.display().to_string()]);
            assert_eq!(o.status.code(), Some(1), "{name} {}", cmd[0]);
            let err = stderr(&o);
            assert_eq!(err.lines().count(), 1, "{err}");
            assert!(err.contains(says), "{name}: {err}");
            assert!(!err.contains("panicked"), "{err}");
        }
        assert_eq!(std::fs::read(&p).unwrap(), bytes);
    }
    // A report written over its own save is refused; the save stays.
    let save = home.path().join("mine.ron");
    std::fs::copy(example("riyadh-2025-ukraine-midgame.ron"), &save).unwrap();
    let before = std::fs::read(&save).unwrap();
    let s = save.display().to_string();
    let o = armistice(home.path(), &["report", &s, "-o", &s]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("is the save itself"), "{}", stderr(&o));
    assert_eq!(std::fs::read(&save).unwrap(), before);
    // A save name that is not in the folder.
    let o = armistice(home.path(), &["load", "no-such-save"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("no-such-save"));
}

#[test]
fn a_script_plays_the_peoples_seats() {
    let home = tempfile::tempdir().unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("saves/scripts/riyadh-2025-ukraine-opening.ron")
        .display()
        .to_string();
    let save = home.path().join("s.ron").display().to_string();
    let o = armistice(
        home.path(),
        &[
            "play",
            "--as",
            "ukraine",
            "--variant",
            "back-ukraine",
            "--seed",
            "7",
            "--script",
            &script,
            "--save",
            &save,
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    // The same game as the example mid-game save.
    assert_eq!(
        std::fs::read_to_string(&save).unwrap(),
        std::fs::read_to_string(example("riyadh-2025-ukraine-midgame.ron")).unwrap()
    );
    // A refused step is named; a syntax error has its position.
    let bad = home.path().join("bad.ron");
    std::fs::write(&bad, "[Act(EndTurn(by: russia))]").unwrap();
    let o = armistice(
        home.path(),
        &[
            "play",
            "--as",
            "ukraine",
            "--script",
            &bad.display().to_string(),
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("step 1 (EndTurn by Russia) is refused"),
        "{}",
        stderr(&o)
    );
    std::fs::write(&bad, "[Act(EndTurn(by: ukraine)),\n  Act(Nope)]").unwrap();
    let o = armistice(
        home.path(),
        &[
            "play",
            "--as",
            "ukraine",
            "--script",
            &bad.display().to_string(),
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("bad.ron:2:"), "{}", stderr(&o));
}
