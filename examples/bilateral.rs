//! Side by side with the automated-negotiation field: the field's reference
//! time-based pair and the game's generic negotiator, in the same
//! alternating-offers protocol on the field's own domains, measured the
//! field's way (agreement, rounds, utilities, distance to the Nash point and
//! to the Pareto frontier). See `--help`.

use armistice::ai::bilateral::{self, ARMISTICE_E, Frontier, Negotiation, Side, Space, Summary};
use armistice::domains::{self, Bilateral};
use clap::Parser;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// Runs bilateral alternating-offers negotiations on a benchmark domain in
/// two modes and prints the field's measures for each.
///
/// time-based: the field's reference pair (NegMAS BoulwareTBNegotiator vs
/// ConcederTBNegotiator): A concedes as 1 − t⁴, B as 1 − t^¼, t = (round +
/// 1)/(rounds + 1); each offers its lowest package at or above
/// r + (1 − r)·a(t) and accepts an offer at least that good.
///
/// armistice: both sides are the game's generic negotiator (time-dependent
/// target, offers on the frontier of its opponent model, AC_next).
///
/// A opens; in each round A, then B, answers the standing offer or counters.
/// Both modes are deterministic, so the N negotiations are the same one: N
/// only steadies the timing. Measures use the domain's exact utilities; a
/// disagreement counts at the reservation values.
#[derive(Parser, Debug)]
#[command(
    name = "bilateral",
    after_help = "DOMAIN is one of:\n  \
        FILE.json                 the benchmark format (shared/bench/domain_7x5.json)\n  \
        FOLDER                    a GENIUS folder: its *domain*.xml and two profiles\n                            \
                                  (--profiles, or the first two by name that are not\n                            \
                                  variants of another: England10.xml of England.xml)\n  \
        DOMAIN.xml A.xml B.xml    a GENIUS domain and the profiles of A and B\n\n\
        Examples:\n  \
        bilateral ../shared/bench/domain_7x5.json --negotiations 1000\n  \
        bilateral ../shared/peers/domains/party --profiles party1_utility.xml,party3_utility.xml\n  \
        bilateral ../shared/peers/domains/england-zimbabwe --profiles England10.xml,Zimbabwe10.xml"
)]
struct Cli {
    /// The domain: a JSON file, a GENIUS folder, or DOMAIN.xml A.xml B.xml.
    #[arg(required = true, num_args = 1..=3, value_name = "DOMAIN")]
    paths: Vec<PathBuf>,

    /// Negotiations per mode.
    #[arg(short, long, default_value_t = 200, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    negotiations: u32,

    /// The deadline, in rounds (each round: A then B).
    #[arg(short, long, default_value_t = 100, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    rounds: u32,

    /// In a GENIUS folder, the profiles of A and B (file names in it).
    #[arg(long, value_delimiter = ',', value_name = "A.xml,B.xml")]
    profiles: Option<Vec<String>>,

    /// Concession exponent of the generic negotiator playing A, in
    /// hundredths (100 linear, 25 Boulware like t⁴, 400 Conceder like t^¼).
    #[arg(long, default_value_t = ARMISTICE_E, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    e_a: u32,

    /// The same for B.
    #[arg(long, default_value_t = ARMISTICE_E, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    e_b: u32,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(line) => {
            eprintln!("bilateral: {line}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: &Cli) -> Result<(), String> {
    let (domain, source) = load(cli)?;
    let tables = [domain.parties[0].table(), domain.parties[1].table()];
    let reserve = [domain.parties[0].reservation, domain.parties[1].reservation];

    let setup = Instant::now();
    let space = Space::new(tables, reserve).map_err(|e| format!("{source}: {e}"))?;
    let ladders = bilateral::ladders(&space);
    let frontier = Frontier::new(&space);
    let setup = setup.elapsed();

    header(
        &domain,
        &source,
        &space,
        &frontier,
        setup.as_secs_f64(),
        cli,
    );

    let rounds = cli.rounds;
    let e = [cli.e_a, cli.e_b];
    let (sp, ld) = (&space, &ladders);
    let modes: [(String, Box<dyn Fn() -> Negotiation + '_>); 2] = [
        (
            "time-based".into(),
            Box::new(move || bilateral::time_based_pair(sp, ld, rounds)),
        ),
        (
            format!("armistice e={}/{}", fmt_e(e[0]), fmt_e(e[1])),
            Box::new(move || bilateral::armistice_pair(sp, e, rounds)),
        ),
    ];
    println!(
        "{:<22} {:>12} {:>7} {:>7} {:>7} {:>7} {:>8} {:>9}",
        "mode", "negotiations/s", "agree", "rounds", "uA", "uB", "d(Nash)", "d(Pareto)"
    );
    let mut firsts = Vec::new();
    for (name, negotiate) in &modes {
        let start = Instant::now();
        let results: Vec<Negotiation> = (0..cli.negotiations).map(|_| negotiate()).collect();
        let secs = start.elapsed().as_secs_f64();
        let s = Summary::new(&space, &frontier, &results);
        println!(
            "{:<22} {:>14} {:>6.1}% {:>7.1} {:>7.4} {:>7.4} {:>8} {:>9.4}",
            name,
            rate(results.len(), secs),
            100.0 * s.agreement_rate(),
            s.mean_rounds,
            s.mean_utility.0,
            s.mean_utility.1,
            s.mean_nash_distance
                .map_or("n/a".to_string(), |d| format!("{d:.4}")),
            s.mean_pareto_distance,
        );
        if let Some(first) = results.first() {
            firsts.push((name.clone(), first.clone()));
        }
    }
    println!();
    for (name, n) in firsts {
        match (n.agreement, n.accepted_by) {
            (Some(p), Some(by)) => println!(
                "{name}: {:?} agreed in round {} of {}, accepted by {}, after {} offers",
                space.package(p),
                n.rounds,
                rounds,
                party_name(&domain, by),
                n.offers
            ),
            _ => println!(
                "{name}: no agreement after {} rounds and {} offers",
                n.rounds, n.offers
            ),
        }
    }
    Ok(())
}

fn header(
    domain: &Bilateral,
    source: &str,
    space: &Space,
    frontier: &Frontier,
    setup_secs: f64,
    cli: &Cli,
) {
    let name = if domain.name.is_empty() {
        "(unnamed)"
    } else {
        &domain.name
    };
    println!("domain    {name}  ({source})");
    println!(
        "issues    {} with {:?} options: {} packages",
        domain.issues.len(),
        space.options(),
        thousands(space.len() as u64)
    );
    for (side, p) in [Side::A, Side::B].iter().zip(&domain.parties) {
        let discount = if p.discount < 1.0 {
            format!(", discount {} (not applied)", p.discount)
        } else {
            String::new()
        };
        println!(
            "{:?}         {:?}, reservation value {:.4}{discount}",
            side, p.name, p.reservation
        );
    }
    match frontier.nash() {
        Some(n) => {
            let (a, b) = space.point(n);
            println!(
                "frontier  {} Pareto-optimal points; Nash ({a:.4}, {b:.4}) at {:?}",
                frontier.points().len(),
                space.package(n)
            );
        }
        None => println!(
            "frontier  {} Pareto-optimal points; no package is acceptable to both (no Nash point)",
            frontier.points().len()
        ),
    }
    println!(
        "setup     {:.1} ms (utilities of every package, ladders, frontier)",
        setup_secs * 1000.0
    );
    println!(
        "protocol  alternating offers, A opens, deadline {} rounds; {} negotiations per mode",
        cli.rounds, cli.negotiations
    );
    println!();
}

fn party_name(domain: &Bilateral, side: Side) -> String {
    let p = &domain.parties[side.index()];
    format!("{:?} ({:?})", side, p.name)
}

fn fmt_e(e: u32) -> String {
    format!("{}.{:02}", e / 100, e % 100)
}

fn rate(n: usize, secs: f64) -> String {
    if secs <= 0.0 {
        return "n/a".into();
    }
    thousands(libm::round(n as f64 / secs) as u64)
}

fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

// ---------------------------------------------------------------------------
// Files
// ---------------------------------------------------------------------------

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

/// A domain error as one line: the file, then `line:column: message`.
fn located(path: &Path, e: domains::DomainError) -> String {
    format!("{}:{e}", path.display())
}

fn is_xml(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xml"))
}

fn load(cli: &Cli) -> Result<(Bilateral, String), String> {
    match cli.paths.as_slice() {
        [one] if one.is_dir() => genius_folder(one, cli.profiles.as_deref()),
        [one] if is_xml(one) => Err(format!(
            "{}: a GENIUS domain needs two profiles: give DOMAIN.xml A.xml B.xml, or the folder",
            one.display()
        )),
        [one] => {
            let text = read(one)?;
            let domain = domains::parse_json(&text).map_err(|e| located(one, e))?;
            Ok((domain, one.display().to_string()))
        }
        [domain, a, b] => {
            let d = genius(domain, a, b)?;
            Ok((d, domain.display().to_string()))
        }
        _ => Err("give one JSON file, one GENIUS folder, or DOMAIN.xml A.xml B.xml".into()),
    }
}

fn genius(domain: &Path, a: &Path, b: &Path) -> Result<Bilateral, String> {
    let text = read(domain)?;
    let d = domains::parse_genius_domain(&text).map_err(|e| located(domain, e))?;
    let mut parties = Vec::with_capacity(2);
    for path in [a, b] {
        let text = read(path)?;
        let name = path
            .file_stem()
            .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
        parties
            .push(domains::parse_genius_profile(&d, &name, &text).map_err(|e| located(path, e))?);
    }
    let [pa, pb]: [domains::Party; 2] = parties
        .try_into()
        .map_err(|_| "two profiles are needed".to_string())?;
    Ok(Bilateral::from_genius(d, pa, pb))
}

fn genius_folder(
    folder: &Path,
    profiles: Option<&[String]>,
) -> Result<(Bilateral, String), String> {
    let entries = std::fs::read_dir(folder).map_err(|e| format!("{}: {e}", folder.display()))?;
    let mut files: Vec<PathBuf> = Vec::new();
    for entry in entries {
        let path = entry
            .map_err(|e| format!("{}: {e}", folder.display()))?
            .path();
        if path.is_file() && is_xml(&path) {
            files.push(path);
        }
    }
    files.sort();
    let stem = |p: &Path| {
        p.file_stem()
            .map_or_else(String::new, |s| s.to_string_lossy().into_owned())
    };
    let (domain_files, candidates): (Vec<PathBuf>, Vec<PathBuf>) = files
        .into_iter()
        .partition(|p| stem(p).to_ascii_lowercase().contains("domain"));
    let domain = match domain_files.as_slice() {
        [one] => one.clone(),
        [] => {
            return Err(format!(
                "{}: no *domain*.xml file in this folder",
                folder.display()
            ));
        }
        _ => {
            return Err(format!(
                "{}: more than one *domain*.xml file; give DOMAIN.xml A.xml B.xml",
                folder.display()
            ));
        }
    };
    let chosen: Vec<PathBuf> = match profiles {
        Some([a, b]) => vec![folder.join(a), folder.join(b)],
        Some(other) => {
            return Err(format!(
                "--profiles takes two file names, A.xml,B.xml (got {})",
                other.len()
            ));
        }
        None => {
            let stems: Vec<String> = candidates.iter().map(|p| stem(p)).collect();
            // A variant (England10 of England) has another profile's whole
            // name as its start; the base profiles are the parties.
            candidates
                .iter()
                .zip(&stems)
                .filter(|(_, s)| !stems.iter().any(|t| t != *s && s.starts_with(t.as_str())))
                .map(|(p, _)| p.clone())
                .take(2)
                .collect()
        }
    };
    let [a, b] = chosen.as_slice() else {
        return Err(format!(
            "{}: two profiles are needed besides {}; found {}",
            folder.display(),
            domain.display(),
            chosen.len()
        ));
    };
    let d = genius(&domain, a, b)?;
    let source = format!(
        "{}: {} vs {}",
        domain.display(),
        a.file_name()
            .map_or_else(String::new, |s| s.to_string_lossy().into_owned()),
        b.file_name()
            .map_or_else(String::new, |s| s.to_string_lossy().into_owned()),
    );
    Ok((d, source))
}
