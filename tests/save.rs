#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]
//! Saves: the round trip, the example saves, every kind of bad file, the
//! atomic write, save names, an unwritable folder.

use armistice::builtin;
use armistice::core::action::{Action, Step};
use armistice::core::dice::Difficulty;
use armistice::core::game::{Game, Setup};
use armistice::core::ids::{Delegation, DelegationSet};
use armistice::save::format::{self, LoadError};
use armistice::save::{SaveError, SaveFile, Store, load_path};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A game with a person at the table: a statement, a package, a
/// back-channel, three months.
fn human_game() -> Game {
    let s = Arc::new(builtin::find("riyadh-2025").unwrap());
    let mut g = Game::new(
        s,
        Setup {
            seed: 11,
            variant: Some(1),
            humans: DelegationSet::of(&[Delegation::Ukraine]),
            difficulty: Difficulty::Normal,
        },
    );
    let by = Delegation::Ukraine;
    for a in [
        Action::Statement {
            by,
            issue: 1,
            option: 3,
        },
        Action::Table {
            by,
            package: armistice::core::scenario::Package(vec![2, 3, 1, 1, 1, 1, 1, 1]),
        },
        Action::BackChannel {
            by,
            with: Delegation::Russia,
        },
        Action::EndTurn { by },
        Action::EndTurn { by },
        Action::EndTurn { by },
    ] {
        g.apply(&a).unwrap();
    }
    g
}

fn same_game(a: &Game, b: &Game) {
    assert_eq!(a.turn, b.turn);
    assert_eq!(a.world, b.world);
    assert_eq!(a.news, b.news);
    assert_eq!(a.table, b.table);
    assert_eq!(a.capital, b.capital);
    assert_eq!(a.outcome, b.outcome);
    assert_eq!(a.log, b.log);
    assert_eq!(a.knowledge, b.knowledge);
    assert_eq!(format::digest(a), format::digest(b));
}

#[test]
fn a_saved_game_loads_as_the_same_game() {
    let g = human_game();
    let text = SaveFile::of(&g).to_ron();
    let loaded = format::load_text(&text, "test").unwrap();
    same_game(&g, &loaded.game);
    // And it plays on identically.
    let mut a = g.clone();
    let mut b = loaded.game;
    for x in [&mut a, &mut b] {
        x.apply(&Action::EndTurn {
            by: Delegation::Ukraine,
        })
        .unwrap();
    }
    same_game(&a, &b);
    // A machine-only game, finished, too.
    let mut m = Game::new(
        Arc::new(builtin::find("thanksgiving-2025").unwrap()),
        Setup {
            seed: 4,
            variant: None,
            humans: DelegationSet::EMPTY,
            difficulty: Difficulty::Hard,
        },
    );
    m.play_to_end(None);
    assert!(m.is_over());
    let loaded = format::load_text(&SaveFile::of(&m).to_ron(), "test").unwrap();
    same_game(&m, &loaded.game);
}

#[test]
fn the_save_reads_as_a_record() {
    let text = SaveFile::of(&human_game()).to_ron();
    // Fields in a fixed order, one step a line, no timestamps.
    let order = [
        "format: 1",
        "scenario: \"riyadh-2025\"",
        "scenario_hash:",
        "variant: Some(\"back-ukraine\")",
        "seed: 11",
        "humans: [\n        ukraine,\n    ]",
        "difficulty: normal",
        "log: [",
        "checkpoints: [",
        "end: (",
    ];
    let mut at = 0;
    for f in order {
        let i = text[at..]
            .find(f)
            .unwrap_or_else(|| panic!("{f} missing or out of order:\n{text}"));
        at += i;
    }
    assert!(text.contains("        Act(Statement(by: ukraine, issue: 1, option: 3)),\n"));
    // Saving twice gives the same bytes.
    assert_eq!(text, SaveFile::of(&human_game()).to_ron());
}

fn examples() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> =
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("saves"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "ron"))
            .collect();
    v.sort();
    v
}

fn without_program(text: &str) -> String {
    text.lines()
        .filter(|l| !l.trim_start().starts_with("program:"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn every_example_save_replays_exactly() {
    let all = examples();
    assert!(all.len() >= 3, "{all:?}");
    let mut scenarios_complete = Vec::new();
    let mut midgame = 0;
    for p in &all {
        let l = load_path(p).unwrap_or_else(|e| panic!("{e}"));
        if l.game.is_over() {
            scenarios_complete.push(l.game.scenario.id.clone());
        } else {
            midgame += 1;
        }
        // And the file is exactly what this build would write for it
        // (but for the program's version, which is for people only).
        let again = SaveFile::of(&l.game).to_ron() + "\n";
        assert_eq!(
            without_program(&again),
            without_program(&std::fs::read_to_string(p).unwrap()),
            "{} would be written differently",
            p.display()
        );
    }
    scenarios_complete.sort();
    scenarios_complete.dedup();
    assert_eq!(scenarios_complete, ["riyadh-2025", "thanksgiving-2025"]);
    assert!(midgame >= 1);
}

/// The text of the mid-game example, to break in many ways.
fn good_text() -> String {
    SaveFile::of(&human_game()).to_ron()
}

fn refuse(text: &str) -> LoadError {
    let e = format::load_text(text, "bad.ron").expect_err("a bad save loaded");
    let line = e.to_string();
    assert!(!line.contains('\n'), "more than one line: {line}");
    assert!(line.starts_with("bad.ron"), "{line}");
    e
}

#[test]
fn bad_saves_are_refused_with_one_clear_line() {
    let good = good_text();
    assert!(matches!(refuse(""), LoadError::Empty { .. }));
    assert!(matches!(refuse("  \n "), LoadError::Empty { .. }));
    // Truncated: a syntax error with its position.
    match refuse(&good[..good.len() / 2]) {
        LoadError::Syntax { line, column, .. } => assert!(line > 1 && column >= 1),
        e => panic!("{e:?}"),
    }
    // Garbled.
    let garbled = good.replacen("log: [", "log: [[{{", 1);
    assert!(matches!(refuse(&garbled), LoadError::Syntax { .. }));
    // Deeply nested: refused, not a stack overflow.
    let deep = format!(
        "(format: 1, log: {}{})",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    assert!(matches!(refuse(&deep), LoadError::Syntax { .. }));
    let deep_probe = "[".repeat(1_000_000);
    assert!(matches!(refuse(&deep_probe), LoadError::Syntax { .. }));
    // A number too big for its field.
    let big = good.replacen("seed: 11", "seed: 99999999999999999999999999999", 1);
    assert!(matches!(refuse(&big), LoadError::Syntax { .. }));
    // Another version.
    let v2 = good.replacen("format: 1", "format: 2", 1);
    let e = refuse(&v2);
    assert!(matches!(e, LoadError::Version { found: 2, .. }));
    assert!(e.to_string().contains("newer"), "{e}");
    // An unknown scenario; a changed scenario.
    let unknown = good.replacen("scenario: \"riyadh-2025\"", "scenario: \"yalta-1945\"", 1);
    assert!(matches!(refuse(&unknown), LoadError::Scenario { .. }));
    let changed = good.replacen("scenario_hash: \"", "scenario_hash: \"0", 1);
    assert!(matches!(
        refuse(&changed),
        LoadError::ScenarioChanged { .. }
    ));
    // Tampered: a package changed in the log no longer gives the record.
    let tampered = good.replacen("[2, 3, 1, 1, 1, 1, 1, 1]", "[3, 3, 1, 1, 1, 1, 1, 1]", 1);
    match refuse(&tampered) {
        // The package was tabled in February: that month's play no longer
        // gives the record.
        LoadError::Diverged { turn, month, .. } => {
            assert_eq!(turn, 1);
            assert_eq!(month, "February 2025");
        }
        e => panic!("{e:?}"),
    }
    // Tampered: a step that cannot be taken.
    let impossible = good.replacen(
        "Act(BackChannel(by: ukraine, with: russia))",
        "Act(BackChannel(by: ukraine, with: ukraine))",
        1,
    );
    match refuse(&impossible) {
        LoadError::Refused { step, .. } => assert_eq!(step, 3),
        e => panic!("{e:?}"),
    }
    // Tampered: the end snapshot edited by hand.
    let edited = good.replacen("capital: (", "capital: (7, ", 1);
    assert!(format::load_text(&edited, "bad.ron").is_err());
}

#[test]
fn files_that_are_not_saves_are_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("empty.ron", vec![]),
        ("binary.ron", vec![0xff, 0xfe, 0x00, 0x41, 0x80]),
        ("latin1.ron", b"(format: 1, program: \"caf\xe9\")".to_vec()),
        ("huge.ron", vec![b' '; 9 * 1024 * 1024]),
    ];
    for (name, bytes) in cases {
        let p = dir.path().join(name);
        std::fs::write(&p, &bytes).unwrap();
        let e = load_path(&p).expect_err(name);
        let line = e.to_string();
        assert!(!line.contains('\n') && line.contains(name), "{line}");
        match name {
            "binary.ron" | "latin1.ron" => assert!(matches!(e, LoadError::NotText { .. }), "{e:?}"),
            "huge.ron" => assert!(matches!(e, LoadError::TooLarge { .. }), "{e:?}"),
            _ => {}
        }
        assert_eq!(std::fs::read(&p).unwrap(), bytes, "{name} was changed");
    }
    let e = load_path(&dir.path().join("missing.ron")).expect_err("missing");
    assert!(matches!(e, LoadError::Read { .. }));
}

#[test]
fn saving_keeps_a_backup_and_survives_a_crash_mid_write() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("saves"));
    let mut g = human_game();
    let path = store.save("class 3B", &g).unwrap();
    assert_eq!(path, dir.path().join("saves").join("class 3B.ron"));
    let first = std::fs::read_to_string(&path).unwrap();
    // A crash mid-write leaves a partial temporary file beside the save:
    // the save itself is untouched and still loads, and lists stay clean.
    let stray = dir.path().join("saves").join(".class 3B.ron.tmp-4242");
    std::fs::write(&stray, &first[..first.len() / 3]).unwrap();
    assert_eq!(store.load("class 3B").unwrap().game.turn, g.turn);
    let list = store.list();
    assert_eq!(list.len(), 1, "{list:?}");
    assert_eq!(list[0].name, "class 3B");
    let info = list[0].info.as_ref().unwrap();
    assert_eq!(info.humans, [Delegation::Ukraine]);
    assert_eq!(info.turn, 4);
    // Saving again: the new game in place, the old one as the backup.
    g.apply(&Action::EndTurn {
        by: Delegation::Ukraine,
    })
    .unwrap();
    store.save("class 3B", &g).unwrap();
    let bak = dir.path().join("saves").join("class 3B.ron.bak");
    assert_eq!(std::fs::read_to_string(&bak).unwrap(), first);
    assert_eq!(store.load("class 3B").unwrap().game.turn, 5);
    assert_eq!(load_path(&bak).unwrap().game.turn, 4);
}

#[test]
fn a_broken_save_is_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().to_path_buf());
    let p = dir.path().join("mine.ron");
    std::fs::write(&p, "(format: 1, log: [oops").unwrap();
    match store.save("mine", &human_game()) {
        Err(SaveError::WouldOverwrite { .. }) => {}
        other => panic!("{other:?}"),
    }
    assert_eq!(
        std::fs::read_to_string(&p).unwrap(),
        "(format: 1, log: [oops"
    );
    // The list shows it as broken, with the reason.
    let list = store.list();
    assert!(
        list[0].info.as_ref().is_err_and(|e| e.contains(':')),
        "{list:?}"
    );
}

#[test]
fn save_names_are_names_not_paths() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("saves"));
    for bad in ["../x", "/etc/x", "a/b", "..", "", ".hidden"] {
        assert!(store.save(bad, &human_game()).is_err(), "{bad:?} accepted");
    }
    assert!(!dir.path().join("x.ron").exists());
    assert!(
        std::fs::read_dir(dir.path())
            .unwrap()
            .all(|e| e.unwrap().file_name() == "saves")
    );
}

#[test]
fn an_unwritable_folder_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    // A file where the folder should be: no folder can be made there.
    let blocker = dir.path().join("not-a-folder");
    std::fs::write(&blocker, "x").unwrap();
    let store = Store::open(blocker.join("saves"));
    let e = store
        .save("game", &human_game())
        .expect_err("saved into a file");
    let line = e.to_string();
    assert!(
        line.starts_with("cannot write") && line.contains("not-a-folder"),
        "{line}"
    );
    assert!(store.list().is_empty());
}

#[test]
fn checkpoints_mark_every_month() {
    let g = human_game();
    let save = SaveFile::of(&g);
    let turns: Vec<u32> = save.checkpoints.iter().map(|c| c.turn).collect();
    assert_eq!(turns, [1, 2, 3, 4]);
    assert_eq!(save.log.len(), 6);
    assert!(matches!(save.log[3], Step::Act(Action::EndTurn { .. })));
}

#[test]
fn verify_names_the_first_month_that_parts() {
    let good = SaveFile::of(&human_game());
    assert_eq!(format::verify(&good, "good.ron").unwrap(), None);
    // A package tabled in February changed: February parts.
    let text = good
        .to_ron()
        .replacen("[2, 3, 1, 1, 1, 1, 1, 1]", "[3, 3, 1, 1, 1, 1, 1, 1]", 1);
    let bad = format::parse(&text, "bad.ron").unwrap();
    assert_eq!(format::verify(&bad, "bad.ron").unwrap(), Some(1));
    // A step added in April (the third month): the first two still match.
    let mut later = good.clone();
    later.log.insert(
        5,
        Step::Act(Action::BackChannel {
            by: Delegation::Ukraine,
            with: Delegation::Europe,
        }),
    );
    assert_eq!(format::verify(&later, "later.ron").unwrap(), Some(3));
    // Only the end snapshot edited: the month under way at the end.
    let mut end = good.clone();
    end.end.capital[0] += 1;
    assert_eq!(format::verify(&end, "end.ron").unwrap(), Some(4));
}

#[test]
fn the_checkpoints_are_part_of_the_record() {
    let good = SaveFile::of(&human_game());
    let mut cases: Vec<(&str, SaveFile)> = Vec::new();
    let mut dropped = good.clone();
    dropped.checkpoints.remove(2);
    cases.push(("a checkpoint dropped", dropped));
    let mut none = good.clone();
    none.checkpoints.clear();
    cases.push(("every checkpoint dropped", none));
    let mut extra = good.clone();
    extra.checkpoints.push(good.checkpoints[1].clone());
    cases.push(("a checkpoint added", extra));
    let mut moved = good.clone();
    moved.checkpoints[1].step += 1;
    cases.push(("a checkpoint moved", moved));
    let mut digest = good.clone();
    digest.checkpoints[3].digest = "0000000000000000".into();
    cases.push(("a digest edited", digest));
    for (what, save) in cases {
        let e = format::load_text(&save.to_ron(), "c.ron").expect_err(what);
        assert!(matches!(e, LoadError::Diverged { .. }), "{what}: {e}");
    }
}

#[test]
fn a_crash_between_backup_and_rename_loses_nothing() {
    // Whatever step a write dies at, the save is there and loads: the
    // backup is a link or copy made beside it, then the finished
    // temporary file is renamed over it in one step.
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().to_path_buf());
    let mut g = human_game();
    let path = store.save("g", &g).unwrap();
    let first = std::fs::read_to_string(&path).unwrap();
    // Leftovers of a write killed after the backup and before the rename:
    // a full temporary file and a half-made backup link.
    std::fs::write(
        dir.path().join(".g.ron.tmp-99999"),
        &first[..first.len() / 2],
    )
    .unwrap();
    std::fs::write(dir.path().join(".g.ron.bak-99999"), "").unwrap();
    assert_eq!(store.load("g").unwrap().game.turn, 4);
    assert_eq!(store.list().len(), 1);
    // The next save goes through, and keeps the backup.
    g.apply(&Action::EndTurn {
        by: Delegation::Ukraine,
    })
    .unwrap();
    store.save("g", &g).unwrap();
    assert_eq!(store.load("g").unwrap().game.turn, 5);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("g.ron.bak")).unwrap(),
        first
    );
    // No temporary file of ours is left behind.
    let ours = format!(".g.ron.tmp-{}", std::process::id());
    assert!(!dir.path().join(ours).exists());
}

#[test]
fn a_save_that_does_not_replay_is_not_overwritten_either() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().to_path_buf());
    let text = SaveFile::of(&human_game()).to_ron().replacen(
        "[2, 3, 1, 1, 1, 1, 1, 1]",
        "[3, 3, 1, 1, 1, 1, 1, 1]",
        1,
    );
    let p = dir.path().join("t.ron");
    std::fs::write(&p, &text).unwrap();
    match store.save("t", &human_game()) {
        Err(SaveError::WouldOverwrite { reason, .. }) => {
            assert!(reason.contains("February 2025"), "{reason}")
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(std::fs::read_to_string(&p).unwrap(), text);
    assert!(!dir.path().join("t.ron.bak").exists());
}

#[cfg(unix)]
#[test]
fn devices_and_pipes_are_not_read() {
    // /dev/zero has no size and never ends: refused before reading.
    let e = load_path(Path::new("/dev/zero")).expect_err("/dev/zero");
    assert!(e.to_string().contains("not a regular file"), "{e}");
    let dir = tempfile::tempdir().unwrap();
    let e = load_path(dir.path()).expect_err("a folder");
    assert!(e.to_string().contains("not a regular file"), "{e}");
}

#[test]
fn a_name_finds_the_save_in_the_folder_first() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("saves"));
    store.save("game", &human_game()).unwrap();
    assert_eq!(
        store.locate("game"),
        dir.path().join("saves").join("game.ron")
    );
    assert_eq!(
        store.locate("../elsewhere.ron"),
        Path::new("../elsewhere.ron")
    );
    assert_eq!(
        store.locate("not-saved-yet"),
        dir.path().join("saves").join("not-saved-yet.ron")
    );
}
