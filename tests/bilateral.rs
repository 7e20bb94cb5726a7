#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]
//! The bilateral bench through the public API: the field's reference pair
//! reproduces NegMAS on the benchmark domain, the generic negotiator lands
//! nearer the Nash point, the GENIUS domains load and negotiate, broken
//! files give positioned errors and never a panic, and the measures agree
//! with a hand computation.

use armistice::ai::bilateral::{
    self, Agent, Frontier, Negotiation, Side, Space, Summary, TimeBased,
};
use armistice::domains::{self, Bilateral, DomainError};

const BENCH: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/bench/domain_7x5.json"
);
const PEERS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/peers/domains");

fn read(path: &str) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn space_of(d: &Bilateral) -> Space {
    Space::new(
        [d.parties[0].table(), d.parties[1].table()],
        [d.parties[0].reservation, d.parties[1].reservation],
    )
    .expect("enumerable")
}

fn bench() -> (Bilateral, Space) {
    let d = domains::parse_json(&read(BENCH)).expect("bench domain");
    let s = space_of(&d);
    (d, s)
}

fn genius(folder: &str, a: &str, b: &str) -> Bilateral {
    let dir = format!("{PEERS}/{folder}");
    let domain_file = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().contains("domain"))
        .unwrap();
    let d = domains::parse_genius_domain(&read(&domain_file.to_string_lossy())).unwrap();
    let pa = domains::parse_genius_profile(&d, a, &read(&format!("{dir}/{a}.xml"))).unwrap();
    let pb = domains::parse_genius_profile(&d, b, &read(&format!("{dir}/{b}.xml"))).unwrap();
    Bilateral::from_genius(d, pa, pb)
}

/// The 1-based line of the first occurrence of `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    let at = text.find(needle).expect("needle in text");
    text[..at].matches('\n').count() + 1
}

#[test]
fn bench_domain_matches_its_own_reference() {
    let (d, space) = bench();
    assert_eq!(d.issues.len(), 7);
    assert_eq!(space.len(), 78_125);
    let f = Frontier::new(&space);
    // The file's brute-force reference (bench_sao.py, numpy).
    assert_eq!(f.points().len(), 45);
    let nash = f.nash().expect("a Nash point");
    assert_eq!(space.package(nash), vec![0, 3, 3, 4, 0, 4, 4]);
    let (a, b) = space.point(nash);
    assert!((a - 0.73091102).abs() < 1e-7 && (b - 0.73663156).abs() < 1e-7);
}

/// NegMAS (BoulwareTBNegotiator vs ConcederTBNegotiator, 100 steps) agrees
/// "at round ~50" with utilities ≈ (0.963, 0.421). The utilities are given
/// to three decimals, so 0.001 covers their rounding with room to spare;
/// the round is given only roughly, so ±2. We agree in the 49th round
/// (index 48), which is NegMAS's `state.step` after the agreement; B
/// accepts A's offer, as in NegMAS, where A's Boulware level is still
/// above 0.95 when B's Conceder level has fallen below 0.42.
#[test]
fn time_based_pair_reproduces_negmas() {
    let (_, space) = bench();
    let ladders = bilateral::ladders(&space);
    let n = bilateral::time_based_pair(&space, &ladders, 100);
    let (ua, ub) = bilateral::outcome_point(&space, &n);
    assert!(n.agreement.is_some());
    assert!(n.rounds.abs_diff(50) <= 2, "round {}", n.rounds);
    assert!((ua - 0.963).abs() <= 0.001, "uA {ua}");
    assert!((ub - 0.421).abs() <= 0.001, "uB {ub}");
    assert_eq!(n.accepted_by, Some(Side::B));
    // Deterministic: the same again.
    assert_eq!(bilateral::time_based_pair(&space, &ladders, 100), n);
}

#[test]
fn time_based_levels_follow_the_curves() {
    let (_, space) = bench();
    let ladders = bilateral::ladders(&space);
    let a = TimeBased::new(&space, &ladders[0], bilateral::BOULWARE, 100);
    let b = TimeBased::new(&space, &ladders[1], bilateral::CONCEDER, 100);
    // t = (round + 1)/101; level = r + (1 − r)(1 − t^e) on this domain.
    let t: f64 = 51.0 / 101.0;
    assert!((a.level(50) - (0.3 + 0.7 * (1.0 - t.powi(4)))).abs() < 1e-9);
    assert!((b.level(50) - (0.25 + 0.75 * (1.0 - t.powf(0.25)))).abs() < 1e-9);
    // Offers are the lowest package at or above the level.
    let mut a = a;
    let p = a.propose(50).unwrap();
    let level = a.level(50);
    assert!(space.utility(Side::A, p) >= level);
    let below = (0..space.len())
        .filter(|q| {
            let u = space.utility(Side::A, *q);
            u >= level && u < space.utility(Side::A, p)
        })
        .count();
    assert_eq!(below, 0);
}

#[test]
fn armistice_lands_nearer_the_nash_point() {
    let (_, space) = bench();
    let f = Frontier::new(&space);
    let ladders = bilateral::ladders(&space);
    let reference = [bilateral::time_based_pair(&space, &ladders, 100)];
    let ours = [bilateral::armistice_pair(
        &space,
        [bilateral::ARMISTICE_E; 2],
        100,
    )];
    let reference = Summary::new(&space, &f, &reference);
    let ours = Summary::new(&space, &f, &ours);
    assert_eq!(ours.agreements, 1);
    let (dr, d) = (
        reference.mean_nash_distance.unwrap(),
        ours.mean_nash_distance.unwrap(),
    );
    assert!((dr - 0.39).abs() < 0.01, "reference {dr}");
    assert!(d < dr / 2.0, "armistice {d} vs time-based {dr}");
}

#[test]
fn genius_domains_load_and_negotiate() {
    for (folder, a, b, packages) in [
        ("england-zimbabwe", "England", "Zimbabwe", 576),
        ("england-zimbabwe", "England10", "Zimbabwe10", 576),
        ("party", "party1_utility", "party2_utility", 3_072),
    ] {
        let d = genius(folder, a, b);
        assert_eq!(d.package_count(), packages, "{folder}");
        for p in &d.parties {
            let sum: f64 = p.weights.iter().sum();
            assert!((sum - 1.0).abs() < 1e-6, "{}: weights sum {sum}", p.name);
            // Evaluations are normalised by the issue's largest.
            for row in &p.values {
                let max = row.iter().copied().fold(0.0, f64::max);
                assert!((max - 1.0).abs() < 1e-12, "{}", p.name);
            }
        }
        let space = space_of(&d);
        let f = Frontier::new(&space);
        assert!(f.nash().is_some());
        let ladders = bilateral::ladders(&space);
        for n in [
            bilateral::time_based_pair(&space, &ladders, 100),
            bilateral::armistice_pair(&space, [bilateral::ARMISTICE_E; 2], 100),
        ] {
            let p = n.agreement.expect("agreement");
            let (ua, ub) = space.point(p);
            assert!(ua >= space.reserve(Side::A) && ub >= space.reserve(Side::B));
            assert!(ua <= 1.0 + 1e-9 && ub <= 1.0 + 1e-9);
        }
    }
    // Spot checks against the files.
    let ez = genius("england-zimbabwe", "England10", "Zimbabwe10");
    assert_eq!(ez.parties[0].reservation, 0.00617677);
    assert_eq!(ez.parties[1].reservation, 0.84001);
    assert_eq!(ez.parties[1].discount, 1.0);
    assert_eq!(ez.issues[2].name, "Zimbabwe Trade Policy");
    // England: "$50 Billion" is 7 of 9 on Size of Fund.
    assert!((ez.parties[0].values[0][1] - 7.0 / 9.0).abs() < 1e-12);
    let party = genius("party", "party1_utility", "party2_utility");
    assert_eq!(party.issues[4].options, vec!["MP3", "DJ", "Band"]);
    assert_eq!(party.parties[0].reservation, 0.0);
}

#[test]
fn truncated_json_gives_a_position_at_every_length() {
    let text = read(BENCH);
    // Cutting only the trailing newline leaves a whole document.
    let whole = text.trim_end().len();
    let mut cut = 0;
    while cut < whole {
        let err = domains::parse_json(&text[..cut]).expect_err("a prefix is not a domain");
        assert!(err.position().is_some(), "{cut}: {err}");
        cut += 1;
        while cut < text.len() && !text.is_char_boundary(cut) {
            cut += 1;
        }
    }
    let err = domains::parse_json(&text[..1500]).unwrap_err();
    let (line, _) = err.position().unwrap();
    assert_eq!(line, text[..1500].matches('\n').count() + 1, "{err}");
}

#[test]
fn wrong_shapes_in_json_are_located() {
    let text = read(BENCH);
    // B's third value-utility row loses its last value.
    let row = "[\n     1.0,\n     0.6923,\n     0.4882,\n     0.3758,\n     0.0\n    ]";
    let short = "[\n     1.0,\n     0.6923,\n     0.4882,\n     0.3758\n    ]";
    assert_eq!(text.matches(row).count(), 1);
    let broken = text.replace(row, short);
    let err = domains::parse_json(&broken).unwrap_err();
    let line = line_of(&broken, short);
    assert!(
        matches!(&err, DomainError::At { line: l, column: 5, message }
            if *l == line && message.contains("row 3 has 4 values")),
        "{err}"
    );

    // Weights missing: serde says so at the end of the party.
    let err = domains::parse_json(&text.replacen("\"weights\"", "\"weightz\"", 1)).unwrap_err();
    assert!(err.to_string().contains("missing field `weights`"), "{err}");
    assert!(err.position().is_some());

    // One weight too many.
    let broken = text.replacen("0.0576\n", "0.0576,\n    0.0\n", 1);
    let err = domains::parse_json(&broken).unwrap_err();
    assert_eq!(
        err.position().map(|p| p.0),
        Some(line_of(&broken, "\"weights\""))
    );
    assert!(err.to_string().contains("8 weights for 7 issues"), "{err}");

    // A value utility out of range, pointed at itself.
    let broken = text.replacen("0.1279", "1.1279", 1);
    let err = domains::parse_json(&broken).unwrap_err();
    assert_eq!(
        err.position().map(|p| p.0),
        Some(line_of(&broken, "1.1279"))
    );

    // Not JSON at all, and the wrong type.
    assert!(
        domains::parse_json("<domain/>")
            .unwrap_err()
            .position()
            .is_some()
    );
    let err = domains::parse_json(&text.replacen("0.3,", "\"0.3\",", 1)).unwrap_err();
    assert_eq!(err.position().map(|p| p.0), Some(line_of(&text, "0.3,")));
}

#[test]
fn broken_xml_is_located_and_never_panics() {
    let dir = format!("{PEERS}/party");
    let domain = domains::parse_genius_domain(&read(&format!("{dir}/party_domain.xml"))).unwrap();
    let profile = read(&format!("{dir}/party1_utility.xml"));

    // A misspelt closing tag.
    let broken = profile.replacen("</issue>", "</isue>", 1);
    let err = domains::parse_genius_profile(&domain, "p", &broken).unwrap_err();
    assert_eq!(
        err.position().map(|p| p.0),
        Some(line_of(&broken, "</isue>")),
        "{err}"
    );

    // An option the domain does not have.
    let broken = profile.replacen("value=\"Beer Only\"", "value=\"Wine Only\"", 1);
    let err = domains::parse_genius_profile(&domain, "p", &broken).unwrap_err();
    let line = line_of(&broken, "Wine Only");
    assert!(
        err.position()
            .is_some_and(|(l, _)| l + 1 >= line && l <= line),
        "{err}"
    );

    // A weight that is not a number, pointed at its value.
    let broken = profile.replacen("value=\"0.28\"", "value=\"heavy\"", 1);
    let err = domains::parse_genius_profile(&domain, "p", &broken).unwrap_err();
    assert_eq!(
        err.position().map(|p| p.0),
        Some(line_of(&broken, "heavy")),
        "{err}"
    );

    // A missing weight.
    let broken = profile.replacen("<weight index=\"4\" value=\"0.05\">\n</weight>", "", 1);
    assert_ne!(broken, profile);
    let err = domains::parse_genius_profile(&domain, "p", &broken).unwrap_err();
    assert!(err.to_string().contains("no weight for issue 4"), "{err}");

    // A domain file where a profile belongs.
    let err =
        domains::parse_genius_profile(&domain, "p", &read(&format!("{dir}/party_domain.xml")))
            .unwrap_err();
    assert_eq!(err.position(), Some((1, 1)));

    // Every prefix and a sprinkling of corrupted bytes: errors, not panics.
    let mut cut = 0;
    while cut < profile.len() {
        let err = domains::parse_genius_profile(&domain, "p", &profile[..cut]).unwrap_err();
        assert!(err.position().is_some(), "{cut}: {err}");
        cut += 7;
        while cut < profile.len() && !profile.is_char_boundary(cut) {
            cut += 1;
        }
    }
    for (i, c) in profile.char_indices().step_by(11) {
        for with in ["<", "\"", "x", ">"] {
            let mut s = profile.clone();
            s.replace_range(i..i + c.len_utf8(), with);
            let _ = domains::parse_genius_profile(&domain, "p", &s);
            let _ = domains::parse_genius_domain(&s);
        }
    }
}

/// Two issues; lexicographic package indices 0..6 are
/// [0,0] [0,1] [0,2] [1,0] [1,1] [1,2] with
/// uA = 0, 0.1, 0.4, 0.6, 0.7, 1.0 and uB = 1.0, 0.7, 0.5, 0.5, 0.2, 0.
const TINY: &str = r#"{
  "name": "tiny",
  "issues": [{"name": "x", "values": [0, 1]}, {"name": "y", "values": ["lo", "mid", "hi"]}],
  "parties": [
    {"name": "A", "reservation_value": 0.0, "weights": [0.6, 0.4],
     "value_utilities": [[0.0, 1.0], [0.0, 0.25, 1.0]]},
    {"name": "B", "reservation_value": 0.0, "weights": [0.5, 0.5],
     "value_utilities": [[1.0, 0.0], [1.0, 0.4, 0.0]]}
  ]
}"#;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-12
}

#[test]
fn measures_on_a_tiny_domain_are_the_hand_computed_ones() {
    let d = domains::parse_json(TINY).unwrap();
    assert_eq!(d.issues[1].options, vec!["lo", "mid", "hi"]);
    let space = space_of(&d);
    let expected = [
        (0.0, 1.0),
        (0.1, 0.7),
        (0.4, 0.5),
        (0.6, 0.5),
        (0.7, 0.2),
        (1.0, 0.0),
    ];
    for (p, (a, b)) in expected.iter().enumerate() {
        let (ua, ub) = space.point(p);
        assert!(close(ua, *a) && close(ub, *b), "{p}: {ua} {ub}");
    }
    let f = Frontier::new(&space);
    // [0,2] = (0.4, 0.5) is dominated by [1,0] = (0.6, 0.5); the rest are
    // on the frontier.
    assert_eq!(f.packages(), &[5, 4, 3, 1, 0]);
    // Nash products 0, 0.07, 0.2, 0.3, 0.14, 0: package [1,0].
    assert_eq!(f.nash(), Some(3));
    assert!(close(f.distance((0.4, 0.5)), 0.2));
    // The disagreement point (0, 0) is nearest to (0.1, 0.7): √0.5.
    assert!(close(f.distance((0.0, 0.0)), 0.5f64.sqrt()));

    let results = [
        Negotiation {
            agreement: Some(2),
            rounds: 3,
            offers: 5,
            accepted_by: Some(Side::A),
        },
        Negotiation {
            agreement: None,
            rounds: 10,
            offers: 20,
            accepted_by: None,
        },
    ];
    let s = Summary::new(&space, &f, &results);
    assert_eq!((s.negotiations, s.agreements), (2, 1));
    assert!(close(s.agreement_rate(), 0.5));
    assert!(close(s.mean_rounds, 6.5));
    assert!(close(s.mean_utility.0, 0.2) && close(s.mean_utility.1, 0.25));
    let to_nash = (0.2 + 0.61f64.sqrt()) / 2.0;
    assert!(close(s.mean_nash_distance.unwrap(), to_nash));
    assert!(close(s.mean_pareto_distance, (0.2 + 0.5f64.sqrt()) / 2.0));

    // Reservation values move the Nash point: with B needing 0.6, only
    // [0,0] and [0,1] qualify, and (0.1 − 0)(0.7 − 0.6) beats 0.
    let high_b = TINY.replacen(
        "\"reservation_value\": 0.0, \"weights\": [0.5",
        "\"reservation_value\": 0.6, \"weights\": [0.5",
        1,
    );
    let space = space_of(&domains::parse_json(&high_b).unwrap());
    assert_eq!(bilateral::nash(&space), Some(1));
    // And with nothing acceptable to both there is none.
    let none = TINY.replacen(
        "\"reservation_value\": 0.0",
        "\"reservation_value\": 1.0",
        2,
    );
    let space = space_of(&domains::parse_json(&none).unwrap());
    assert_eq!(bilateral::nash(&space), None);
}

/// An agent that offers a fixed package and accepts from a given round.
struct Scripted {
    offer: usize,
    accept_from: u32,
    seen: Vec<usize>,
}

impl Agent for Scripted {
    fn accepts(&mut self, _package: usize, round: u32) -> bool {
        round >= self.accept_from
    }
    fn propose(&mut self, _round: u32) -> Option<usize> {
        Some(self.offer)
    }
    fn observe(&mut self, package: usize) {
        self.seen.push(package);
    }
}

#[test]
fn protocol_a_opens_and_b_answers_in_the_same_round() {
    let script = |offer, accept_from| Scripted {
        offer,
        accept_from,
        seen: Vec::new(),
    };
    // B accepts from round 2: A's offer of round 2 is taken in round 2.
    let (mut a, mut b) = (script(1, u32::MAX), script(2, 2));
    let n = bilateral::alternate(&mut a, &mut b, 10);
    assert_eq!(n.agreement, Some(1));
    assert_eq!((n.rounds, n.offers, n.accepted_by), (3, 5, Some(Side::B)));
    assert_eq!(b.seen, vec![1, 1, 1]);
    assert_eq!(a.seen, vec![2, 2]);
    // A accepts from round 1: B's offer of round 0 is taken at the start
    // of round 1.
    let (mut a, mut b) = (script(1, 1), script(2, u32::MAX));
    let n = bilateral::alternate(&mut a, &mut b, 10);
    assert_eq!((n.agreement, n.rounds, n.offers), (Some(2), 2, 2));
    // Nobody accepts: the deadline.
    let (mut a, mut b) = (script(1, u32::MAX), script(2, u32::MAX));
    let n = bilateral::alternate(&mut a, &mut b, 4);
    assert_eq!((n.agreement, n.rounds, n.offers), (None, 4, 8));
}
