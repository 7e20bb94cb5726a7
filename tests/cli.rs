#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]
//! The binary's headless commands, as a user runs them.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_armistice"));
    c.env("NO_COLOR", "1");
    c
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("the binary runs")
}

fn text(o: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

fn asset(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("assets/scenarios")
        .join(name)
}

fn broken_copy(dir: &Path, name: &str, edit: impl Fn(&str) -> String) -> PathBuf {
    let text = std::fs::read_to_string(asset("riyadh-2025.ron")).expect("asset");
    let path = dir.join(name);
    std::fs::write(&path, edit(&text)).expect("write");
    path
}

#[test]
fn builtin_scenarios_pass_check() {
    let a = asset("riyadh-2025.ron");
    let b = asset("thanksgiving-2025.ron");
    let o = run(&[
        "check",
        a.to_str().expect("utf8"),
        b.to_str().expect("utf8"),
    ]);
    let (out, err) = text(&o);
    assert!(o.status.success(), "check failed:\n{out}\n{err}");
    assert_eq!(out.matches(": ok").count(), 2, "{out}");
}

/// The RON position of the first error: `file:line:column: message`.
fn assert_positioned(err: &str, file: &Path) {
    let first = err.lines().next().unwrap_or_default();
    let prefix = format!("{}:", file.display());
    assert!(first.starts_with(&prefix), "no file name in: {first}");
    let rest = &first[prefix.len()..];
    let mut parts = rest.splitn(3, ':');
    let line: usize = parts.next().and_then(|x| x.parse().ok()).unwrap_or(0);
    let col: usize = parts.next().and_then(|x| x.parse().ok()).unwrap_or(0);
    assert!(line > 0 && col > 0, "no line:column in: {first}");
}

#[test]
fn a_file_cut_in_half_is_refused_with_a_position() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = broken_copy(dir.path(), "half.ron", |t| t[..t.len() / 2].to_string());
    let o = run(&["check", path.to_str().expect("utf8")]);
    let (_, err) = text(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert_positioned(&err, &path);
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn a_string_where_a_number_belongs_is_refused_with_a_position() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = broken_copy(dir.path(), "string.ron", |t| {
        t.replacen("turns: 12", "turns: \"twelve\"", 1)
    });
    let o = run(&["check", path.to_str().expect("utf8")]);
    let (_, err) = text(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert_positioned(&err, &path);
    let line: usize = err
        .split(':')
        .nth(1)
        .and_then(|x| x.parse().ok())
        .unwrap_or(0);
    let want = std::fs::read_to_string(&path)
        .expect("read")
        .lines()
        .position(|l| l.contains("\"twelve\""))
        .map(|i| i + 1);
    assert_eq!(
        Some(line),
        want,
        "the error points at the wrong line: {err}"
    );
}

#[test]
fn an_unknown_option_id_is_refused_with_its_path() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = broken_copy(dir.path(), "unknown.ron", |t| {
        t.replacen("\"freeze_de_facto\":", "\"freeze_de_fakto\":", 1)
    });
    let o = run(&["check", path.to_str().expect("utf8")]);
    let (_, err) = text(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("freeze_de_fakto"), "{err}");
    assert!(
        err.contains("delegations["),
        "no path to the bad item: {err}"
    );
}

#[test]
fn an_unknown_track_is_refused_with_a_position() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = broken_copy(dir.path(), "track.ron", |t| {
        t.replacen("track: ru_economy", "track: ru_happiness", 1)
    });
    let o = run(&["check", path.to_str().expect("utf8")]);
    let (_, err) = text(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert_positioned(&err, &path);
    assert!(err.contains("ru_happiness"), "{err}");
}

#[test]
fn an_issue_without_options_is_refused_with_its_path() {
    let dir = tempfile::tempdir().expect("tempdir");
    // Empty the territory issue: every option line up to the next issue goes.
    let path = broken_copy(dir.path(), "empty-issue.ron", |t| {
        let start = t.find("options: [\n").expect("first options list") + "options: [".len();
        let end = start
            + t[start..]
                .find("\n        ]),")
                .expect("end of first issue");
        format!("{}{}", &t[..start], &t[end..])
    });
    let o = run(&["check", path.to_str().expect("utf8")]);
    let (_, err) = text(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(
        err.contains("issues[territory]"),
        "no path to the issue: {err}"
    );
}

#[test]
fn a_condition_that_can_never_hold_is_refused_with_its_path() {
    let dir = tempfile::tempdir().expect("tempdir");
    // A lever rule for turn 40 in a twelve-turn game.
    let path = broken_copy(dir.path(), "never.ron", |t| {
        t.replacen(
            "when: TurnAtLeast(2), chance: 45",
            "when: TurnAtLeast(40), chance: 45",
            1,
        )
    });
    let o = run(&["check", path.to_str().expect("utf8")]);
    let (_, err) = text(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("can never hold"), "{err}");
    assert!(err.contains("lever_rules["), "no path to the rule: {err}");
}

#[test]
fn missing_file_is_one_line() {
    let o = run(&["check", "/nonexistent/armistice.ron"]);
    let (_, err) = text(&o);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(err.trim().lines().count(), 1, "{err}");
}

#[test]
fn scenarios_lists_both_with_variants() {
    let o = run(&["scenarios"]);
    let (out, _) = text(&o);
    assert!(o.status.success());
    for w in [
        "riyadh-2025",
        "thanksgiving-2025",
        "quick-deal",
        "back-ukraine",
    ] {
        assert!(out.contains(w), "{w} missing from:\n{out}");
    }
}

fn sim_json(seed: &str, variant: &str) -> serde_json::Value {
    let o = run(&[
        "simulate",
        "--scenario",
        "riyadh-2025",
        "--variant",
        variant,
        "--games",
        "40",
        "--seed",
        seed,
        "--jobs",
        "2",
        "--json",
    ]);
    let (out, err) = text(&o);
    assert!(o.status.success(), "{err}");
    serde_json::from_str(&out).expect("JSON")
}

fn without_timing(mut v: serde_json::Value) -> serde_json::Value {
    if let Some(m) = v.as_object_mut() {
        m.remove("elapsed_ms");
        m.remove("games_per_second");
    }
    v
}

#[test]
fn simulate_is_reproducible_and_seeds_differ() {
    let a = sim_json("11", "back-ukraine");
    for key in [
        "scenario",
        "variant",
        "games",
        "seed",
        "agreements",
        "end_states",
        "mean_score",
        "mean_turns",
        "elapsed_ms",
        "games_per_second",
    ] {
        assert!(a.get(key).is_some(), "JSON lacks {key}");
    }
    let total: u64 = a["end_states"]
        .as_object()
        .expect("map")
        .values()
        .map(|v| v.as_u64().unwrap_or(0))
        .sum();
    assert_eq!(total, 40);
    let b = sim_json("11", "back-ukraine");
    assert_eq!(without_timing(a.clone()), without_timing(b));
    let c = sim_json("12", "back-ukraine");
    assert_ne!(
        without_timing(a),
        without_timing(c),
        "different seeds gave identical statistics"
    );
}

#[test]
fn simulate_table_is_readable() {
    let o = run(&[
        "simulate",
        "--scenario",
        "thanksgiving-2025",
        "--games",
        "20",
        "--seed",
        "3",
    ]);
    let (out, err) = text(&o);
    assert!(o.status.success(), "{err}");
    assert!(out.contains("Agreements:"), "{out}");
    assert!(out.contains("frozen_conflict"), "{out}");
}

#[test]
fn autoplay_tells_the_story_to_the_end() {
    let o = run(&[
        "play",
        "--scenario",
        "riyadh-2025",
        "--as",
        "ukraine",
        "--seed",
        "4",
        "--autoplay",
    ]);
    let (out, err) = text(&o);
    assert!(o.status.success(), "{err}");
    assert!(out.contains("== Turn 1: February 2025 =="), "{out}");
    assert!(out.contains("EVENT"), "{out}");
    assert!(out.contains("tabled by"), "{out}");
    assert!(out.contains("OUTCOME:"), "{out}");
}

#[test]
fn autoplay_stops_after_k_turns() {
    let o = run(&[
        "play",
        "--scenario",
        "riyadh-2025",
        "--as",
        "us",
        "--seed",
        "4",
        "--autoplay",
        "--turns",
        "2",
    ]);
    let (out, _) = text(&o);
    assert!(o.status.success());
    assert!(!out.contains("== Turn 3"), "{out}");
}

#[test]
fn user_mistakes_are_one_line_and_non_zero() {
    for args in [
        vec!["simulate", "--scenario", "nowhere-1999", "--games", "1"],
        vec!["simulate", "--variant", "make-believe", "--games", "1"],
        vec!["play", "--as", "china", "--autoplay"],
        vec!["play", "--difficulty", "brutal", "--autoplay"],
    ] {
        let o = run(&args);
        let (_, err) = text(&o);
        assert!(!o.status.success(), "{args:?} succeeded");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert!(err.trim().lines().count() <= 3, "{args:?}: {err}");
    }
}
