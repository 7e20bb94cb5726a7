//! The fixed vocabulary of the game: delegations, world tracks, seasons and
//! end states. These are closed sets the rules are written against, so they
//! are enums (a misspelt id in a scenario file is a parse error with a
//! position), while issues, options, cards and flags are open sets defined by
//! each scenario.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A delegation at the talks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Delegation {
    Us,
    Ukraine,
    Russia,
    Europe,
}

impl Delegation {
    pub const ALL: [Delegation; 4] = [
        Delegation::Us,
        Delegation::Ukraine,
        Delegation::Russia,
        Delegation::Europe,
    ];
    pub const COUNT: usize = 4;

    pub fn index(self) -> usize {
        self as usize
    }

    pub fn from_index(i: usize) -> Option<Delegation> {
        Self::ALL.get(i).copied()
    }

    /// The id used in files and on the command line.
    pub fn id(self) -> &'static str {
        match self {
            Delegation::Us => "us",
            Delegation::Ukraine => "ukraine",
            Delegation::Russia => "russia",
            Delegation::Europe => "europe",
        }
    }

    /// The name a player reads.
    pub fn name(self) -> &'static str {
        match self {
            Delegation::Us => "United States",
            Delegation::Ukraine => "Ukraine",
            Delegation::Russia => "Russia",
            Delegation::Europe => "Europe",
        }
    }

    pub fn parse(s: &str) -> Option<Delegation> {
        let s = s.trim().to_ascii_lowercase();
        Self::ALL
            .into_iter()
            .find(|d| d.id() == s || d.name().to_ascii_lowercase() == s)
            .or(match s.as_str() {
                "usa" | "united-states" | "united_states" => Some(Delegation::Us),
                "eu" => Some(Delegation::Europe),
                _ => None,
            })
    }
}

impl fmt::Display for Delegation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A small set of delegations (who must sign, who is human, ...).
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct DelegationSet(u8);

impl DelegationSet {
    pub const EMPTY: DelegationSet = DelegationSet(0);
    pub fn all() -> Self {
        DelegationSet(0b1111)
    }
    pub fn of(ds: &[Delegation]) -> Self {
        let mut s = Self::EMPTY;
        for d in ds {
            s.insert(*d);
        }
        s
    }
    pub fn insert(&mut self, d: Delegation) {
        self.0 |= 1 << d.index();
    }
    pub fn remove(&mut self, d: Delegation) {
        self.0 &= !(1 << d.index());
    }
    pub fn contains(self, d: Delegation) -> bool {
        self.0 & (1 << d.index()) != 0
    }
    pub fn union(self, o: DelegationSet) -> Self {
        DelegationSet(self.0 | o.0)
    }
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
    pub fn len(self) -> usize {
        self.0.count_ones() as usize
    }
    pub fn iter(self) -> impl Iterator<Item = Delegation> {
        Delegation::ALL
            .into_iter()
            .filter(move |d| self.contains(*d))
    }
}

/// A world track: one number of the war, the economies or the politics.
/// Units are integers so that replays are exact on every platform; each
/// variant's doc gives its unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Track {
    /// Share of Ukraine's territory under Russian occupation, in tenths of a percent (200 = 20.0%).
    Occupied,
    /// Battlefield momentum, −100 (Russia advancing) to +100 (Ukraine advancing).
    Momentum,
    /// Cumulative Russian killed and wounded, in thousands.
    RuCasualties,
    /// Russian casualties per day at the current tempo.
    RuCasualtyRate,
    /// Russian inflation, in tenths of a percent (95 = 9.5%).
    RuInflation,
    /// Russian central-bank key rate, in tenths of a percent (210 = 21%).
    RuKeyRate,
    /// Health of the Russian war economy, 0–100.
    RuEconomy,
    /// Russian manpower reserves without a new mobilisation, 0–100.
    RuManpower,
    /// Pressure on the Kremlin to order a mobilisation, 0–100.
    MobilisationPressure,
    /// Support from China, Iran and North Korea, 0–100.
    RuPartnerSupport,
    /// Ukrainian munitions, in tenths of a month of supply (100 = ten months).
    UaMunitions,
    /// Ukrainian manpower, 0–100.
    UaManpower,
    /// Ukrainian state finance, 0–100.
    UaFinance,
    /// US commitment to Ukraine, 0–100.
    UsCommitment,
    /// European cohesion, 0–100.
    EuCohesion,
    /// European defence spending, in tenths of a percent of GDP (20 = 2.0%).
    EuDefenceSpending,
    /// Pressure of Western sanctions on Russia, 0–100.
    SanctionsPressure,
    /// Ukraine's long-range strike campaign inside Russia, 0–100.
    LongStrike,
    /// Risk of escalation beyond Ukraine, 0–100.
    EscalationRisk,
}

impl Track {
    pub const ALL: [Track; 19] = [
        Track::Occupied,
        Track::Momentum,
        Track::RuCasualties,
        Track::RuCasualtyRate,
        Track::RuInflation,
        Track::RuKeyRate,
        Track::RuEconomy,
        Track::RuManpower,
        Track::MobilisationPressure,
        Track::RuPartnerSupport,
        Track::UaMunitions,
        Track::UaManpower,
        Track::UaFinance,
        Track::UsCommitment,
        Track::EuCohesion,
        Track::EuDefenceSpending,
        Track::SanctionsPressure,
        Track::LongStrike,
        Track::EscalationRisk,
    ];
    pub const COUNT: usize = 19;

    pub fn index(self) -> usize {
        self as usize
    }

    pub fn id(self) -> &'static str {
        match self {
            Track::Occupied => "occupied",
            Track::Momentum => "momentum",
            Track::RuCasualties => "ru_casualties",
            Track::RuCasualtyRate => "ru_casualty_rate",
            Track::RuInflation => "ru_inflation",
            Track::RuKeyRate => "ru_key_rate",
            Track::RuEconomy => "ru_economy",
            Track::RuManpower => "ru_manpower",
            Track::MobilisationPressure => "mobilisation_pressure",
            Track::RuPartnerSupport => "ru_partner_support",
            Track::UaMunitions => "ua_munitions",
            Track::UaManpower => "ua_manpower",
            Track::UaFinance => "ua_finance",
            Track::UsCommitment => "us_commitment",
            Track::EuCohesion => "eu_cohesion",
            Track::EuDefenceSpending => "eu_defence_spending",
            Track::SanctionsPressure => "sanctions_pressure",
            Track::LongStrike => "long_strike",
            Track::EscalationRisk => "escalation_risk",
        }
    }

    /// A short label for tables and charts.
    pub fn label(self) -> &'static str {
        match self {
            Track::Occupied => "Occupied",
            Track::Momentum => "Momentum",
            Track::RuCasualties => "RU casualties",
            Track::RuCasualtyRate => "RU casualties/day",
            Track::RuInflation => "RU inflation",
            Track::RuKeyRate => "RU key rate",
            Track::RuEconomy => "RU economy",
            Track::RuManpower => "RU manpower",
            Track::MobilisationPressure => "Mobilisation pressure",
            Track::RuPartnerSupport => "RU partners",
            Track::UaMunitions => "UA munitions",
            Track::UaManpower => "UA manpower",
            Track::UaFinance => "UA finance",
            Track::UsCommitment => "US commitment",
            Track::EuCohesion => "EU cohesion",
            Track::EuDefenceSpending => "EU defence",
            Track::SanctionsPressure => "Sanctions",
            Track::LongStrike => "Long strikes",
            Track::EscalationRisk => "Escalation risk",
        }
    }

    /// The value as a reader expects it, with its unit.
    pub fn format(self, v: i32) -> String {
        match self {
            Track::Occupied | Track::RuInflation | Track::RuKeyRate | Track::EuDefenceSpending => {
                format!("{}.{}%", v / 10, (v % 10).abs())
            }
            Track::RuCasualties => {
                if v >= 1000 {
                    format!("{}.{:02} million", v / 1000, (v % 1000) / 10)
                } else {
                    format!("{v},000")
                }
            }
            Track::RuCasualtyRate => format!("{v}/day"),
            Track::UaMunitions => format!("{}.{} months", v / 10, (v % 10).abs()),
            Track::Momentum => format!("{v:+}"),
            _ => format!("{v}/100"),
        }
    }
}

impl fmt::Display for Track {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// A season of the calendar, for cards and doctrine (Russia presses in
/// summer, strikes energy in winter).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Season {
    Winter,
    Spring,
    Summer,
    Autumn,
}

impl Season {
    /// Northern-hemisphere meteorological seasons: Dec–Feb is winter.
    pub fn of_month(month: u8) -> Season {
        match month {
            12 | 1 | 2 => Season::Winter,
            3..=5 => Season::Spring,
            6..=8 => Season::Summer,
            _ => Season::Autumn,
        }
    }
}

/// How a game ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EndState {
    NatoFull,
    NatoWestGermany,
    NatoNorway,
    IsraelModel,
    EuropeanGuarantee,
    GuaranteedNeutrality,
    Neutrality,
    Capitulation,
    FrozenConflict,
    Collapse,
    Escalation,
}

impl EndState {
    pub const ALL: [EndState; 11] = [
        EndState::NatoFull,
        EndState::NatoWestGermany,
        EndState::NatoNorway,
        EndState::IsraelModel,
        EndState::EuropeanGuarantee,
        EndState::GuaranteedNeutrality,
        EndState::Neutrality,
        EndState::Capitulation,
        EndState::FrozenConflict,
        EndState::Collapse,
        EndState::Escalation,
    ];

    pub fn id(self) -> &'static str {
        match self {
            EndState::NatoFull => "nato_full",
            EndState::NatoWestGermany => "nato_west_germany",
            EndState::NatoNorway => "nato_norway",
            EndState::IsraelModel => "israel_model",
            EndState::EuropeanGuarantee => "european_guarantee",
            EndState::GuaranteedNeutrality => "guaranteed_neutrality",
            EndState::Neutrality => "neutrality",
            EndState::Capitulation => "capitulation",
            EndState::FrozenConflict => "frozen_conflict",
            EndState::Collapse => "collapse",
            EndState::Escalation => "escalation",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            EndState::NatoFull => "NATO membership",
            EndState::NatoWestGermany => "NATO membership, West Germany model",
            EndState::NatoNorway => "NATO membership, Norway model",
            EndState::IsraelModel => "Israel model: an armed Ukraine with indirect US support",
            EndState::EuropeanGuarantee => "European security guarantee",
            EndState::GuaranteedNeutrality => "Neutrality with guarantors",
            EndState::Neutrality => "Neutrality without guarantees",
            EndState::Capitulation => "Capitulation: neutral, disarmed, ceded",
            EndState::FrozenConflict => "Frozen conflict: no deal, the war goes on",
            EndState::Collapse => "Collapse of the talks",
            EndState::Escalation => "Escalation crisis",
        }
    }

    /// Whether this end state is a signed agreement.
    pub fn is_agreement(self) -> bool {
        !matches!(
            self,
            EndState::FrozenConflict | EndState::Collapse | EndState::Escalation
        )
    }

    /// Neutral end states, the ones that can turn into capitulation.
    pub fn is_neutral(self) -> bool {
        matches!(self, EndState::GuaranteedNeutrality | EndState::Neutrality)
    }
}

impl fmt::Display for EndState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}
