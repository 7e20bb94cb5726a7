//! Scenarios: the file format (`file`), the checked and indexed form the
//! engine runs on (this module), and the compiler between them (`compile`).

pub mod compile;
pub mod file;

use crate::core::ids::{Delegation, EndState, Season, Track};
use crate::core::rules::{Condition, Effect};
pub use compile::{Problem, ScenarioError};
pub use file::CardKind;

/// An option chosen on every issue, by index (issue order of the scenario).
#[derive(
    Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct Package(pub Vec<u8>);

impl Package {
    pub fn option(&self, issue: usize) -> usize {
        self.0.get(issue).copied().unwrap_or(0) as usize
    }
    pub fn issues(&self) -> usize {
        self.0.len()
    }
}

/// An issue on the table and its options.
#[derive(Clone, Debug)]
pub struct Issue {
    pub id: String,
    pub name: String,
    pub source: String,
    pub options: Vec<IssueOption>,
}

#[derive(Clone, Debug)]
pub struct IssueOption {
    pub id: String,
    pub name: String,
    pub source: String,
    /// Delegations that must sign a package with this option (always
    /// including Ukraine and Russia).
    pub needs: crate::core::ids::DelegationSet,
    pub end_state: Option<EndState>,
    pub capitulation: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TrackSpec {
    pub start: i32,
    pub min: i32,
    pub max: i32,
}

impl TrackSpec {
    pub fn clamp(&self, v: i32) -> i32 {
        v.clamp(self.min, self.max)
    }
}

#[derive(Clone, Debug)]
pub struct Redline {
    pub id: String,
    pub forbid: Condition,
    pub why: String,
    pub source: String,
}

#[derive(Clone, Debug)]
pub struct Batna {
    pub base: i32,
    /// (track, per, step): `per × (track − start) / step` utility points.
    pub terms: Vec<(Track, i32, i32)>,
    pub source: String,
}

#[derive(Clone, Debug)]
pub struct LeverRule {
    pub lever: usize,
    pub when: Condition,
    pub chance: u32,
}

#[derive(Clone, Debug)]
pub struct Doctrine {
    pub concession: u32,
    pub capital: u32,
    pub walk_out_at: Option<i32>,
    pub lever_rules: Vec<LeverRule>,
    pub source: String,
}

#[derive(Clone, Debug)]
pub struct Lever {
    pub id: String,
    pub name: String,
    pub text: String,
    pub source: String,
    pub cost: u32,
    pub cooldown: u32,
    pub requires: Option<Condition>,
    pub effects: Vec<Effect>,
}

/// One delegation's preferences, redlines, BATNA, doctrine and levers.
#[derive(Clone, Debug)]
pub struct Profile {
    pub delegation: Delegation,
    pub leader: String,
    pub aims: String,
    pub source: String,
    /// Per issue, summing to 100.
    pub weights: Vec<i32>,
    /// Per issue, per option, 0–100.
    pub utilities: Vec<Vec<i32>>,
    pub redlines: Vec<Redline>,
    pub batna: Batna,
    pub doctrine: Doctrine,
    pub levers: Vec<Lever>,
}

#[derive(Clone, Debug)]
pub struct Variant {
    pub id: String,
    pub name: String,
    pub description: String,
    pub source: String,
    /// Profiles replaced by this variant.
    pub profiles: Vec<Profile>,
    pub effects: Vec<Effect>,
}

#[derive(Clone, Debug)]
pub struct EventCard {
    pub id: String,
    pub title: String,
    pub text: String,
    pub source: String,
    pub kind: CardKind,
    pub trigger: Option<Condition>,
    pub when: Option<Condition>,
    pub weight: u32,
    pub weight_mods: Vec<(Condition, i32)>,
    pub once: bool,
    pub effects: Vec<Effect>,
}

/// A checked scenario: every id resolved, every number in range.
#[derive(Clone, Debug)]
pub struct Scenario {
    pub id: String,
    pub name: String,
    pub summary: String,
    pub source: String,
    /// The texts cited by `source` fields.
    pub references: Vec<Reference>,
    pub start_year: i32,
    pub start_month: u8,
    pub turns: u32,
    pub issues: Vec<Issue>,
    pub tracks: [TrackSpec; Track::COUNT],
    pub trust: [[i32; 4]; 4],
    pub domestic: [i32; 4],
    /// Flag names; conditions and effects refer to them by index.
    pub flags: Vec<String>,
    pub initial_flags: Vec<usize>,
    pub profiles: [Profile; 4],
    pub variants: Vec<Variant>,
    pub default_variant: usize,
    pub cards: Vec<EventCard>,
    pub opening: Vec<usize>,
    /// The issue whose options decide the end state.
    pub security_issue: usize,
    /// FNV-1a hash of the file's text, so a save knows its scenario.
    pub content_hash: u64,
    /// The file it was read from, for a scenario that is not built in (a
    /// save names the file, so it can find it again).
    pub file: Option<String>,
}

impl Scenario {
    /// How a save refers to this scenario: its file, or its built-in id.
    pub fn save_source(&self) -> String {
        self.file.clone().unwrap_or_else(|| self.id.clone())
    }
}

/// A source text the scenario cites ("B": an essay, its date).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reference {
    pub id: String,
    pub title: String,
    pub date: String,
}

impl Scenario {
    /// The references a `source` string cites ("B¶22, A¶3" cites B and
    /// A), in the order first cited.
    pub fn cited(&self, source: &str) -> Vec<&Reference> {
        let mut v: Vec<&Reference> = Vec::new();
        for (i, _) in source.match_indices('¶') {
            let before = &source[..i];
            let id_start = before.rfind(|c: char| !c.is_alphanumeric()).map_or(0, |j| {
                j + before[j..].chars().next().map_or(1, char::len_utf8)
            });
            let id = &before[id_start..];
            if let Some(r) = self.references.iter().find(|r| r.id == id) {
                if !v.iter().any(|x| x.id == r.id) {
                    v.push(r);
                }
            }
        }
        v
    }

    /// Month (1–12) and year of a turn (1-based).
    pub fn date_of_turn(&self, turn: u32) -> (i32, u8) {
        let m0 = self.start_month as i64 - 1 + turn.saturating_sub(1) as i64;
        (self.start_year + (m0 / 12) as i32, (m0 % 12 + 1) as u8)
    }

    pub fn season_of_turn(&self, turn: u32) -> Season {
        Season::of_month(self.date_of_turn(turn).1)
    }

    /// "February 2025".
    pub fn date_label(&self, turn: u32) -> String {
        let (y, m) = self.date_of_turn(turn);
        format!("{} {}", month_name(m), y)
    }

    pub fn variant_index(&self, id: &str) -> Option<usize> {
        self.variants.iter().position(|v| v.id == id)
    }

    /// The profiles in force under a variant.
    pub fn profiles_for(&self, variant: Option<usize>) -> [Profile; 4] {
        let mut p = self.profiles.clone();
        if let Some(v) = variant.and_then(|i| self.variants.get(i)) {
            for vp in &v.profiles {
                p[vp.delegation.index()] = vp.clone();
            }
        }
        p
    }

    /// How many packages there are.
    pub fn package_count(&self) -> u64 {
        self.issues.iter().map(|i| i.options.len() as u64).product()
    }

    /// Who must sign this package.
    pub fn signatories(&self, p: &Package) -> crate::core::ids::DelegationSet {
        let mut s = crate::core::ids::DelegationSet::of(&[Delegation::Ukraine, Delegation::Russia]);
        for (i, issue) in self.issues.iter().enumerate() {
            if let Some(o) = issue.options.get(p.option(i)) {
                s = s.union(o.needs);
            }
        }
        s
    }

    pub fn option_name(&self, issue: usize, option: usize) -> &str {
        self.issues
            .get(issue)
            .and_then(|i| i.options.get(option))
            .map(|o| o.name.as_str())
            .unwrap_or("?")
    }

    pub fn issue_index(&self, id: &str) -> Option<usize> {
        self.issues.iter().position(|i| i.id == id)
    }

    pub fn option_index(&self, issue: usize, id: &str) -> Option<usize> {
        self.issues
            .get(issue)?
            .options
            .iter()
            .position(|o| o.id == id)
    }

    /// One line: the security option and the territory-like first issue.
    pub fn package_headline(&self, p: &Package) -> String {
        let mut parts = Vec::new();
        for (i, issue) in self.issues.iter().enumerate().take(3) {
            let _ = issue;
            parts.push(self.option_name(i, p.option(i)).to_string());
        }
        parts.join(" · ")
    }

    /// Issue: option, one per line.
    pub fn package_lines(&self, p: &Package) -> Vec<String> {
        self.issues
            .iter()
            .enumerate()
            .map(|(i, issue)| format!("{}: {}", issue.name, self.option_name(i, p.option(i))))
            .collect()
    }
}

pub fn month_name(m: u8) -> &'static str {
    const N: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    N.get((m as usize).wrapping_sub(1)).copied().unwrap_or("?")
}
