//! The command line: the title menu, play, scenarios, check, simulate.

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use armistice::builtin::{self, DEFAULT_SCENARIO};
use armistice::core::action::Step;
use armistice::core::dice::Difficulty;
use armistice::core::game::{Game, Setup};
use armistice::core::ids::{Delegation, DelegationSet};
use armistice::core::scenario::{Scenario, ScenarioError};
use armistice::save::{self, Store};
use armistice::ui::app::App;
use armistice::ui::command::Purpose;
use armistice::ui::storage::{NoStorage, Storage};
use armistice::ui::theme::{Theme, ThemeKind};
use armistice::{sim, story, ui};
use clap::{Parser, Subcommand};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

#[derive(Parser)]
#[command(
    name = "armistice",
    about = "A negotiation wargame: talks to end the Russia–Ukraine war",
    long_about = None,
    disable_version_flag = true
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Print the version and the save folder.
    #[arg(short = 'V', long)]
    version: bool,
    /// The folder for saved games (default: ARMISTICE_SAVES_DIR, else the
    /// platform's data folder).
    #[arg(long, global = true, value_name = "DIR")]
    saves_dir: Option<PathBuf>,
    /// Colours for the terminal UI: default, high-contrast (projectors) or
    /// monochrome. NO_COLOR in the environment always means monochrome.
    #[arg(long, global = true, value_parser = parse_theme)]
    theme: Option<ThemeKind>,
    /// Draw the map with half blocks instead of Braille (for fonts and
    /// terminals without Braille; automatic on the Linux console).
    #[arg(long, global = true)]
    half_blocks: bool,
}

#[derive(Subcommand)]
enum Command {
    /// List the built-in scenarios and their variants.
    Scenarios,
    /// Validate scenario files; errors name the file, line and column or the bad item.
    Check {
        /// Scenario files (.ron).
        #[arg(required = true)]
        files: Vec<String>,
    },
    /// Play AI-only games and show the distribution of outcomes.
    Simulate {
        /// Built-in scenario id or path to a .ron file.
        #[arg(long, default_value = DEFAULT_SCENARIO)]
        scenario: String,
        /// Scenario variant (e.g. quick-deal, back-ukraine).
        #[arg(long)]
        variant: Option<String>,
        /// Number of games.
        #[arg(long, default_value_t = 100)]
        games: u64,
        /// Batch seed: the same seed gives the same results.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Worker threads (default: all cores).
        #[arg(long)]
        jobs: Option<usize>,
        /// AI difficulty.
        #[arg(long, default_value = "normal", value_parser = parse_difficulty)]
        difficulty: Difficulty,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Play a game. With --autoplay the machine plays every seat and prints the story.
    Play {
        /// Built-in scenario id or path to a .ron file.
        #[arg(long, default_value = DEFAULT_SCENARIO)]
        scenario: String,
        /// Your delegation(s): us, ukraine, russia, europe (comma-separated).
        #[arg(long = "as", default_value = "ukraine", value_parser = parse_delegations)]
        as_: DelegationSet,
        /// Game seed.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Scenario variant.
        #[arg(long)]
        variant: Option<String>,
        /// AI difficulty: easy, normal or hard.
        #[arg(long, default_value = "normal", value_parser = parse_difficulty)]
        difficulty: Difficulty,
        /// Headless: the machine plays your seat too.
        #[arg(long)]
        autoplay: bool,
        /// With --autoplay: stop after this many turns.
        #[arg(long)]
        turns: Option<u32>,
        /// Classroom: a facilitator steers the game (f at the table: the
        /// all-seeing view, injects, adjustments, the clock).
        #[arg(long)]
        facilitator: bool,
        /// Classroom: minutes for each delegation's turn; at zero the turn ends.
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..=120))]
        turn_minutes: Option<u32>,
        /// Headless: play the steps in this RON file for the people's seats.
        #[arg(long, value_name = "FILE")]
        script: Option<PathBuf>,
        /// Headless (--autoplay or --script): write the game to this file.
        #[arg(long, value_name = "FILE")]
        save: Option<PathBuf>,
    },
    /// Continue a saved game in the terminal UI (a save name or a file).
    Load {
        save: String,
        /// Classroom: the facilitator's view (f).
        #[arg(long)]
        facilitator: bool,
        /// Classroom: minutes for each delegation's turn.
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..=120))]
        turn_minutes: Option<u32>,
    },
    /// Step through a saved game; with --verify, check it replays exactly.
    Replay {
        save: String,
        /// Headless: replay and compare; exit 1 naming the first month that differs.
        #[arg(long)]
        verify: bool,
    },
    /// Write the after-action report of a saved game (Markdown).
    Report {
        save: String,
        /// Write to this file instead of the screen.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

fn parse_theme(s: &str) -> Result<ThemeKind, String> {
    ThemeKind::parse(s)
        .ok_or_else(|| format!("\"{s}\" is not a theme (default, high-contrast, monochrome)"))
}

fn parse_difficulty(s: &str) -> Result<Difficulty, String> {
    Difficulty::parse(s).ok_or_else(|| format!("\"{s}\" is not a difficulty (easy, normal, hard)"))
}

fn parse_delegations(s: &str) -> Result<DelegationSet, String> {
    let mut set = DelegationSet::EMPTY;
    for part in s.split(',') {
        let d = Delegation::parse(part).ok_or_else(|| {
            format!("\"{part}\" is not a delegation (us, ukraine, russia, europe)")
        })?;
        set.insert(d);
    }
    if set.is_empty() {
        return Err("name at least one delegation".into());
    }
    Ok(set)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let folder = Store::resolve(cli.saves_dir.clone());
    if cli.version {
        println!("armistice {}", env!("CARGO_PKG_VERSION"));
        match &folder {
            Some(d) => println!("saves: {}", d.display()),
            None => println!("saves: no folder (set ARMISTICE_SAVES_DIR or use --saves-dir)"),
        }
        return ExitCode::SUCCESS;
    }
    let mut storage: Box<dyn Storage> = match &folder {
        Some(d) => Box::new(Store::open(d.clone())),
        None => Box::new(NoStorage(
            "no save folder: set ARMISTICE_SAVES_DIR or use --saves-dir".into(),
        )),
    };
    let no_color = std::env::var("NO_COLOR").ok();
    let theme = Theme::new(ThemeKind::resolve(cli.theme, no_color.as_deref()));
    let braille = !cli.half_blocks && std::env::var("TERM").map_or(true, |t| t != "linux");
    let result = match cli.command {
        None => title_menu(theme, braille, storage.as_mut()),
        Some(Command::Load {
            save,
            facilitator,
            turn_minutes,
        }) => open_save(
            theme,
            braille,
            &folder,
            &save,
            Purpose::Load,
            ui::app::ClassOptions {
                facilitator,
                turn_minutes,
            },
            storage.as_mut(),
        ),
        Some(Command::Replay { save, verify }) => {
            if verify {
                return verify_save(&folder, &save);
            }
            open_save(
                theme,
                braille,
                &folder,
                &save,
                Purpose::Replay,
                ui::app::ClassOptions::default(),
                storage.as_mut(),
            )
        }
        Some(Command::Report { save, output }) => report(&folder, &save, output.as_deref()),
        Some(Command::Scenarios) => scenarios(),
        Some(Command::Check { files }) => return check(&files),
        Some(Command::Simulate {
            scenario,
            variant,
            games,
            seed,
            jobs,
            difficulty,
            json,
        }) => simulate(
            &scenario,
            variant.as_deref(),
            games,
            seed,
            jobs,
            difficulty,
            json,
        ),
        Some(Command::Play {
            scenario,
            as_,
            seed,
            variant,
            difficulty,
            autoplay,
            turns,
            facilitator,
            turn_minutes,
            script,
            save,
        }) => play(
            storage.as_mut(),
            script.as_deref(),
            save.as_deref(),
            theme,
            braille,
            &scenario,
            as_,
            seed,
            variant.as_deref(),
            difficulty,
            autoplay,
            turns,
            ui::app::ClassOptions {
                facilitator,
                turn_minutes,
            },
        ),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("armistice: {e}");
            ExitCode::from(e.code())
        }
    }
}

#[derive(Debug, thiserror::Error)]
enum CliError {
    #[error("{0}")]
    Find(#[from] builtin::FindError),
    #[error("scenario {scenario} has no variant \"{variant}\" (it has: {list})")]
    Variant {
        scenario: String,
        variant: String,
        list: String,
    },
    #[error("{0}")]
    Usage(String),
    /// A file or save that cannot be used (exit 1).
    #[error("{0}")]
    Failed(String),
}

impl CliError {
    fn code(&self) -> u8 {
        match self {
            CliError::Usage(_) => 2,
            _ => 1,
        }
    }
}

fn load(id: &str) -> Result<Arc<Scenario>, CliError> {
    Ok(Arc::new(builtin::find(id)?))
}

fn resolve_variant(s: &Scenario, v: Option<&str>) -> Result<Option<usize>, CliError> {
    match v {
        None => Ok(if s.variants.is_empty() {
            None
        } else {
            Some(s.default_variant)
        }),
        Some(id) => s
            .variant_index(id)
            .map(Some)
            .ok_or_else(|| CliError::Variant {
                scenario: s.id.clone(),
                variant: id.to_string(),
                list: s
                    .variants
                    .iter()
                    .map(|v| v.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            }),
    }
}

fn scenarios() -> Result<(), CliError> {
    for id in builtin::builtin_ids() {
        let s = load(id)?;
        println!(
            "{id}  {} — {} turns from {}",
            s.name,
            s.turns,
            s.date_label(1)
        );
        for (i, v) in s.variants.iter().enumerate() {
            let default = if i == s.default_variant {
                " (default)"
            } else {
                ""
            };
            println!("    --variant {:<14} {}{default}", v.id, v.name);
            println!("    {:<24} {}", "", v.description.trim());
        }
        println!();
    }
    Ok(())
}

fn check(files: &[String]) -> ExitCode {
    let mut bad = false;
    for f in files {
        let text = match builtin::read_text(std::path::Path::new(f)) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("{e}");
                bad = true;
                continue;
            }
        };
        match armistice::core::scenario::compile::load(&text, f) {
            Ok(s) => println!(
                "{f}: ok — {} ({}), {} issues, {} packages, {} cards, {} variants",
                s.name,
                s.id,
                s.issues.len(),
                s.package_count(),
                s.cards.len(),
                s.variants.len()
            ),
            Err(ScenarioError::Invalid { origin, problems }) => {
                bad = true;
                for p in problems {
                    eprintln!("{origin}: {p}");
                }
            }
            Err(e) => {
                bad = true;
                eprintln!("{e}");
            }
        }
    }
    if bad {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn simulate(
    scenario: &str,
    variant: Option<&str>,
    games: u64,
    seed: u64,
    jobs: Option<usize>,
    difficulty: Difficulty,
    json: bool,
) -> Result<(), CliError> {
    let s = load(scenario)?;
    let v = resolve_variant(&s, variant)?;
    if games == 0 {
        return Err(CliError::Usage("--games must be at least 1".into()));
    }
    let mut pool = rayon::ThreadPoolBuilder::new();
    if let Some(j) = jobs {
        if j == 0 {
            return Err(CliError::Usage("--jobs must be at least 1".into()));
        }
        pool = pool.num_threads(j);
    }
    let pool = pool
        .build()
        .map_err(|e| CliError::Usage(format!("cannot start worker threads: {e}")))?;
    // A progress bar for long runs, on a terminal only: piped output and
    // JSON stay clean.
    let bar = (games >= PROGRESS_FROM && std::io::stderr().is_terminal()).then(|| {
        let pb = indicatif::ProgressBar::new(games);
        if let Ok(style) = indicatif::ProgressStyle::with_template(
            "{bar:40} {pos}/{len} games  {per_sec}  eta {eta}",
        ) {
            pb.set_style(style);
        }
        pb
    });
    let start = Instant::now();
    let results = pool.install(|| {
        sim::simulate(&s, v, games, seed, difficulty, &|_| {
            if let Some(pb) = &bar {
                pb.inc(1);
            }
        })
    });
    let elapsed = start.elapsed().as_secs_f64() * 1000.0;
    if let Some(pb) = bar {
        pb.finish_and_clear();
    }
    let report = sim::report(&s, v, seed, &results, elapsed);
    if json {
        match serde_json::to_string_pretty(&report) {
            Ok(t) => println!("{t}"),
            Err(e) => return Err(CliError::Usage(format!("cannot write JSON: {e}"))),
        }
    } else {
        print!("{}", sim::table(&report, &s));
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn play(
    storage: &mut dyn Storage,
    script: Option<&Path>,
    save_to: Option<&Path>,
    theme: Theme,
    braille: bool,
    scenario: &str,
    you: DelegationSet,
    seed: u64,
    variant: Option<&str>,
    difficulty: Difficulty,
    autoplay: bool,
    turns: Option<u32>,
    class: ui::app::ClassOptions,
) -> Result<(), CliError> {
    let s = load(scenario)?;
    let v = resolve_variant(&s, variant)?;
    let headless = autoplay || script.is_some();
    if !headless {
        if turns.is_some() {
            return Err(CliError::Usage("--turns needs --autoplay".into()));
        }
        if save_to.is_some() {
            return Err(CliError::Usage(
                "--save is for headless games (--autoplay or --script); at the table press s"
                    .into(),
            ));
        }
        let mut app = App::new(theme, scenario_list(s.clone()));
        app.braille = braille;
        app.class = class;
        let index = app
            .scenarios
            .iter()
            .position(|x| Arc::ptr_eq(x, &s))
            .unwrap_or(0);
        app.start_with(index, v, you, difficulty, seed);
        return ui::run(app, storage).map_err(|e| CliError::Usage(e.to_string()));
    }
    if class.facilitator || class.turn_minutes.is_some() {
        return Err(CliError::Usage(
            "--facilitator and --turn-minutes are for a class at the keyboard, not a headless game"
                .into(),
        ));
    }
    if autoplay && script.is_some() {
        return Err(CliError::Usage(
            "--script plays the people's seats; --autoplay lets the machine play them: choose one"
                .into(),
        ));
    }
    if turns == Some(0) {
        return Err(CliError::Usage("--turns must be at least 1".into()));
    }
    let g = match script {
        Some(path) => {
            if turns.is_some() {
                return Err(CliError::Usage("--turns needs --autoplay".into()));
            }
            run_script(s, v, you, seed, difficulty, path)?
        }
        None => {
            let mut g = Game::new(
                s,
                Setup {
                    seed,
                    variant: v,
                    humans: DelegationSet::EMPTY,
                    difficulty,
                },
            );
            g.play_to_end(turns);
            g
        }
    };
    let you: Vec<Delegation> = you.iter().collect();
    print!("{}", story::summary(&g, &you));
    if let Some(path) = save_to {
        save::write_save(path, &save::SaveFile::of(&g))
            .map_err(|e| CliError::Failed(e.to_string()))?;
        eprintln!("saved: {}", path.display());
    }
    Ok(())
}

/// Play a RON list of steps for the people's seats (see the README).
fn run_script(
    s: Arc<Scenario>,
    variant: Option<usize>,
    humans: DelegationSet,
    seed: u64,
    difficulty: Difficulty,
    path: &Path,
) -> Result<Game, CliError> {
    let origin = path.display().to_string();
    let text = builtin::read_text(path).map_err(|e| CliError::Failed(e.to_string()))?;
    let steps: Vec<Step> = ron::Options::default()
        .with_recursion_limit(save::format::RECURSION_LIMIT)
        .from_str(&text)
        .map_err(|e| {
            CliError::Failed(format!(
                "{origin}:{}:{}: {}",
                e.span.start.line, e.span.start.col, e.code
            ))
        })?;
    let mut g = Game::new(
        s,
        Setup {
            seed,
            variant,
            humans,
            difficulty,
        },
    );
    for (i, st) in steps.iter().enumerate() {
        g.step(st).map_err(|e| {
            CliError::Failed(format!(
                "{origin}: step {} ({}) is refused: {e}",
                i + 1,
                save::format::step_words(st)
            ))
        })?;
    }
    Ok(g)
}

/// A save by name in the folder, or by path.
fn load_save(folder: &Option<PathBuf>, save: &str) -> Result<save::Loaded, CliError> {
    let store = Store::open(folder.clone().unwrap_or_default());
    store
        .load(save)
        .map_err(|e| CliError::Failed(e.to_string()))
}

/// The save's name for later saves: its file stem.
fn save_name(save: &str) -> String {
    Path::new(save)
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .filter(|n| save::check_name(n).is_ok())
        .unwrap_or_else(|| "loaded-game".into())
}

/// `load` and `replay`: open a save in the UI.
fn open_save(
    theme: Theme,
    braille: bool,
    folder: &Option<PathBuf>,
    save: &str,
    purpose: Purpose,
    class: ui::app::ClassOptions,
    storage: &mut dyn Storage,
) -> Result<(), CliError> {
    let loaded = load_save(folder, save)?;
    let game = loaded.game;
    let mut app = App::new(theme, scenario_list(game.scenario.clone()));
    app.braille = braille;
    app.class = class;
    let name = save_name(save);
    match purpose {
        Purpose::Load => app.resume(&name, game).map_err(CliError::Failed)?,
        Purpose::Replay => app.open_replay(&name, game),
    }
    ui::run(app, storage).map_err(|e| CliError::Usage(e.to_string()))
}

/// `replay --verify`: exit 0 when the save replays exactly, 1 naming the
/// first month that differs.
fn verify_save(folder: &Option<PathBuf>, save: &str) -> ExitCode {
    match load_save(folder, save) {
        Ok(l) => {
            let g = &l.game;
            println!(
                "{save}: ok — {} steps, {} months checked, {}",
                l.save.log.len(),
                l.save.checkpoints.len().saturating_sub(1),
                match &g.outcome {
                    Some(o) => format!("ended: {}", o.state.title()),
                    None => format!("stopped in {}", g.scenario.date_label(g.turn)),
                }
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("armistice: {e}");
            ExitCode::FAILURE
        }
    }
}

/// `report`: the after-action report of a save, in Markdown.
fn report(folder: &Option<PathBuf>, save: &str, output: Option<&Path>) -> Result<(), CliError> {
    let loaded = load_save(folder, save)?;
    if let Some(out) = output {
        // `-o` onto the save itself would replace the game with its report.
        let from = Store::open(folder.clone().unwrap_or_default()).locate(save);
        let same = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        };
        if same(out, &from) {
            return Err(CliError::Failed(format!(
                "{} is the save itself: write the report to another file",
                out.display()
            )));
        }
    }
    let text = armistice::report::markdown(&loaded.game);
    match output {
        None => {
            print!("{text}");
            Ok(())
        }
        Some(path) => {
            std::fs::write(path, text).map_err(|e| {
                CliError::Failed(format!("cannot write {}: {}", path.display(), e.kind()))
            })?;
            eprintln!("wrote {}", path.display());
            Ok(())
        }
    }
}

/// Batches from this size show a progress bar (on a terminal).
const PROGRESS_FROM: u64 = 2_000;

/// With no command: the title menu.
fn title_menu(theme: Theme, braille: bool, storage: &mut dyn Storage) -> Result<(), CliError> {
    let mut list = Vec::new();
    for id in builtin::builtin_ids() {
        list.push(Arc::new(builtin::find(id)?));
    }
    let mut app = App::new(theme, list);
    app.braille = braille;
    ui::run(app, storage).map_err(|e| CliError::Usage(e.to_string()))
}

/// The built-in scenarios, with `extra` among them (replacing the built-in
/// of the same id, or added first when it came from a file).
fn scenario_list(extra: Arc<Scenario>) -> Vec<Arc<Scenario>> {
    let mut list: Vec<Arc<Scenario>> = vec![extra.clone()];
    for id in builtin::builtin_ids() {
        if id != extra.id {
            if let Ok(s) = builtin::find(id) {
                list.push(Arc::new(s));
            }
        }
    }
    list
}
