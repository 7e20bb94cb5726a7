//! From a scenario file to a checked [`Scenario`]: parse the RON (errors with
//! line and column), then resolve every id and check every number, collecting
//! all problems with the path of the bad item so a teacher can fix a file in
//! one pass.

use super::file::*;
use super::*;
use crate::core::ids::{Delegation, DelegationSet, Track};
use crate::core::rules::{Condition, Effect, RuleCtx};
use crate::core::world::World;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// One thing wrong with a scenario, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// Where in the file: `delegations[russia].redlines[no_nato].forbid`.
    pub path: String,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ScenarioError {
    /// The text is not valid RON for the format.
    #[error("{origin}:{line}:{column}: {message}")]
    Parse {
        origin: String,
        line: usize,
        column: usize,
        message: String,
    },
    /// The file parses but its content is inconsistent.
    #[error("{origin}: {} problem{}: {}", problems.len(), if problems.len() == 1 { "" } else { "s" }, problems.first().map(|p| p.to_string()).unwrap_or_default())]
    Invalid {
        origin: String,
        problems: Vec<Problem>,
    },
}

/// Parse and check a scenario. `origin` names the file in messages.
pub fn load(text: &str, origin: &str) -> Result<Scenario, ScenarioError> {
    let file = parse(text, origin)?;
    compile(&file, text, origin)
}

pub fn parse(text: &str, origin: &str) -> Result<ScenarioFile, ScenarioError> {
    let opts = ron::Options::default();
    opts.from_str::<ScenarioFile>(text)
        .map_err(|e| ScenarioError::Parse {
            origin: origin.to_string(),
            line: e.span.start.line,
            column: e.span.start.col,
            message: e.code.to_string(),
        })
}

/// FNV-1a, 64 bits: small, stable across platforms and versions.
pub fn content_hash(text: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.as_bytes() {
        h ^= *b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

struct Ids {
    issues: Vec<(String, Vec<String>)>,
    flags: Vec<String>,
    /// Flags some effect sets, or set at the start.
    flags_set: BTreeSet<usize>,
    cards: Vec<String>,
    variants: Vec<String>,
    /// Months a turn of this scenario can fall in.
    months: BTreeSet<u8>,
    turns: u32,
    tracks: [TrackSpec; Track::COUNT],
}

struct Checker {
    problems: Vec<Problem>,
}

impl Checker {
    fn err(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.problems.push(Problem {
            path: path.into(),
            message: message.into(),
        });
    }
}

const MAX_OPTIONS: usize = 64;
const MAX_TURNS: u32 = 240;

pub fn compile(f: &ScenarioFile, text: &str, origin: &str) -> Result<Scenario, ScenarioError> {
    let mut ck = Checker { problems: vec![] };

    // --- Calendar -------------------------------------------------------
    if !(1..=12).contains(&f.start.month) {
        ck.err(
            "start.month",
            format!("{} is not a month (1–12)", f.start.month),
        );
    }
    if f.turns == 0 || f.turns > MAX_TURNS {
        ck.err(
            "turns",
            format!("{} turns: a game needs 1 to {MAX_TURNS}", f.turns),
        );
    }
    if f.id.trim().is_empty() {
        ck.err("id", "the scenario needs an id");
    }
    let mut refs = BTreeSet::new();
    for (i, r) in f.references.iter().enumerate() {
        let path = format!("references[{i}]");
        if r.id.trim().is_empty() || !r.id.chars().all(char::is_alphanumeric) {
            ck.err(
                &path,
                format!(
                    "reference id \"{}\" must be letters or digits (as in \"B¶22\")",
                    r.id
                ),
            );
        }
        if !refs.insert(r.id.clone()) {
            ck.err(&path, format!("reference id \"{}\" is used twice", r.id));
        }
        if r.title.trim().is_empty() {
            ck.err(&path, "a reference needs a title");
        }
    }
    let start_month = f.start.month.clamp(1, 12);
    let months: BTreeSet<u8> = (0..f.turns.min(12))
        .map(|t| ((start_month as u32 - 1 + t) % 12 + 1) as u8)
        .collect();

    // --- Issues ---------------------------------------------------------
    let mut issues = Vec::new();
    let mut seen = BTreeSet::new();
    if f.issues.is_empty() {
        ck.err("issues", "a scenario needs at least one issue");
    }
    for (ii, issue) in f.issues.iter().enumerate() {
        let path = format!("issues[{}]", name_or(&issue.id, ii));
        if !seen.insert(issue.id.clone()) {
            ck.err(&path, format!("issue id \"{}\" is used twice", issue.id));
        }
        if issue.options.is_empty() {
            ck.err(&path, "issue has no options");
        }
        if issue.options.len() > MAX_OPTIONS {
            ck.err(
                &path,
                format!("{} options: at most {MAX_OPTIONS}", issue.options.len()),
            );
        }
        let mut oseen = BTreeSet::new();
        let mut options = Vec::new();
        for (oi, o) in issue.options.iter().enumerate() {
            if !oseen.insert(o.id.clone()) {
                ck.err(
                    format!("{path}.options[{}]", name_or(&o.id, oi)),
                    format!("option id \"{}\" is used twice", o.id),
                );
            }
            let mut needs = DelegationSet::of(&[Delegation::Ukraine, Delegation::Russia]);
            for d in &o.needs {
                needs.insert(*d);
            }
            options.push(IssueOption {
                id: o.id.clone(),
                name: o.name.clone(),
                source: o.source.clone(),
                needs,
                end_state: o.end_state,
                capitulation: o.capitulation,
            });
        }
        issues.push(Issue {
            id: issue.id.clone(),
            name: issue.name.clone(),
            source: issue.source.clone(),
            options,
        });
    }
    // Exactly one issue decides the end state.
    let deciding: Vec<usize> = issues
        .iter()
        .enumerate()
        .filter(|(_, i)| i.options.iter().any(|o| o.end_state.is_some()))
        .map(|(n, _)| n)
        .collect();
    let security_issue = match deciding.as_slice() {
        [one] => {
            let i = &issues[*one];
            for o in &i.options {
                if o.end_state.is_none() {
                    ck.err(
                        format!("issues[{}].options[{}]", i.id, o.id),
                        "every option of the issue that decides the end state needs an end_state",
                    );
                } else if o.end_state.is_some_and(|e| !e.is_agreement()) {
                    ck.err(
                        format!("issues[{}].options[{}].end_state", i.id, o.id),
                        "an option must lead to an agreement end state, not a failure of the talks",
                    );
                }
            }
            *one
        }
        [] => {
            ck.err("issues", "no issue decides the end state: give the options of one issue (the security arrangement) an end_state");
            0
        }
        many => {
            let names: Vec<&str> = many.iter().map(|i| issues[*i].id.as_str()).collect();
            ck.err(
                "issues",
                format!(
                    "only one issue may carry end_state options, found {}",
                    names.join(", ")
                ),
            );
            many[0]
        }
    };

    // --- Tracks ---------------------------------------------------------
    let mut tracks = [TrackSpec {
        start: 0,
        min: 0,
        max: 0,
    }; Track::COUNT];
    let mut have = [false; Track::COUNT];
    for t in &f.tracks {
        let path = format!("tracks[{}]", t.track.id());
        if have[t.track.index()] {
            ck.err(&path, "track listed twice");
        }
        have[t.track.index()] = true;
        if t.min >= t.max {
            ck.err(&path, format!("min {} must be below max {}", t.min, t.max));
        } else if !(t.min..=t.max).contains(&t.start) {
            ck.err(
                &path,
                format!("start {} is outside {}..={}", t.start, t.min, t.max),
            );
        }
        tracks[t.track.index()] = TrackSpec {
            start: t.start,
            min: t.min,
            max: t.max.max(t.min),
        };
    }
    for t in Track::ALL {
        if !have[t.index()] {
            ck.err("tracks", format!("track {} is missing", t.id()));
        }
    }

    // --- Trust, domestic --------------------------------------------------
    let mut trust = [[50; 4]; 4];
    for d in Delegation::ALL {
        trust[d.index()][d.index()] = 100;
    }
    for (i, t) in f.trust.iter().enumerate() {
        if !(0..=100).contains(&t.value) {
            ck.err(
                format!("trust[{i}]"),
                format!("{} is outside 0..=100", t.value),
            );
        }
        if t.from == t.to {
            ck.err(
                format!("trust[{i}]"),
                "a delegation's trust in itself is fixed",
            );
        }
        trust[t.from.index()][t.to.index()] = t.value.clamp(0, 100);
    }
    let mut domestic = [30; 4];
    for (i, d) in f.domestic.iter().enumerate() {
        if !(0..=100).contains(&d.value) {
            ck.err(
                format!("domestic[{i}]"),
                format!("{} is outside 0..=100", d.value),
            );
        }
        domestic[d.delegation.index()] = d.value.clamp(0, 100);
    }

    // --- Ids that rules may name -------------------------------------------
    let mut flags: Vec<String> = Vec::new();
    let intern = |name: &str, flags: &mut Vec<String>| -> usize {
        if let Some(i) = flags.iter().position(|f| f == name) {
            i
        } else {
            flags.push(name.to_string());
            flags.len() - 1
        }
    };
    for fl in &f.flags {
        intern(fl, &mut flags);
    }
    let mut flags_set: BTreeSet<usize> = (0..flags.len()).collect();
    // Every flag any effect sets, anywhere in the file.
    let mut set_names = Vec::new();
    collect_set_flags(f, &mut set_names);
    for n in set_names {
        let i = intern(&n, &mut flags);
        flags_set.insert(i);
    }
    let initial_flags: Vec<usize> = (0..f.flags.len()).collect();

    let mut card_ids = Vec::new();
    for (ci, c) in f.cards.iter().enumerate() {
        if card_ids.contains(&c.id) {
            ck.err(
                format!("cards[{}]", name_or(&c.id, ci)),
                format!("card id \"{}\" is used twice", c.id),
            );
        }
        card_ids.push(c.id.clone());
    }
    let mut variant_ids = Vec::new();
    for (vi, v) in f.variants.iter().enumerate() {
        if variant_ids.contains(&v.id) {
            ck.err(
                format!("variants[{}]", name_or(&v.id, vi)),
                format!("variant id \"{}\" is used twice", v.id),
            );
        }
        variant_ids.push(v.id.clone());
    }

    let mut ids = Ids {
        issues: issues
            .iter()
            .map(|i| {
                (
                    i.id.clone(),
                    i.options.iter().map(|o| o.id.clone()).collect(),
                )
            })
            .collect(),
        flags,
        flags_set,
        cards: card_ids,
        variants: variant_ids,
        months,
        turns: f.turns,
        tracks,
    };

    // --- Delegations -------------------------------------------------------
    let mut profiles: [Option<Profile>; 4] = [None, None, None, None];
    for p in &f.delegations {
        let path = format!("delegations[{}]", p.delegation.id());
        if profiles[p.delegation.index()].is_some() {
            ck.err(&path, "delegation listed twice");
        }
        let prof = compile_profile(p, &path, &issues, &mut ids, &mut ck);
        profiles[p.delegation.index()] = Some(prof);
    }
    for d in Delegation::ALL {
        if profiles[d.index()].is_none() {
            ck.err("delegations", format!("delegation {} is missing", d.id()));
        }
    }

    // --- Variants ----------------------------------------------------------
    let mut variants = Vec::new();
    for v in &f.variants {
        let path = format!("variants[{}]", v.id);
        let mut vp = Vec::new();
        let mut vseen = DelegationSet::EMPTY;
        for p in &v.delegations {
            let pp = format!("{path}.delegations[{}]", p.delegation.id());
            if vseen.contains(p.delegation) {
                ck.err(&pp, "delegation listed twice in one variant");
            }
            vseen.insert(p.delegation);
            vp.push(compile_profile(p, &pp, &issues, &mut ids, &mut ck));
        }
        let effects = v
            .effects
            .iter()
            .enumerate()
            .map(|(i, e)| compile_effect(e, &format!("{path}.effects[{i}]"), &ids, &mut ck))
            .collect();
        variants.push(Variant {
            id: v.id.clone(),
            name: v.name.clone(),
            description: v.description.clone(),
            source: v.source.clone(),
            profiles: vp,
            effects,
        });
    }
    let default_variant = match &f.default_variant {
        Some(id) => match variants.iter().position(|v| &v.id == id) {
            Some(i) => i,
            None => {
                ck.err("default_variant", format!("unknown variant \"{id}\""));
                0
            }
        },
        None => 0,
    };

    // --- Cards --------------------------------------------------------------
    if f.cards.is_empty() {
        ck.err("cards", "the event deck is empty");
    }
    let mut cards = Vec::new();
    for c in &f.cards {
        let path = format!("cards[{}]", c.id);
        let trigger = c
            .trigger
            .as_ref()
            .map(|x| compile_world_condition(x, &format!("{path}.trigger"), &ids, &mut ck));
        let when = c
            .when
            .as_ref()
            .map(|x| compile_world_condition(x, &format!("{path}.when"), &ids, &mut ck));
        if trigger.is_none()
            && c.weight == 0
            && c.weight_mods.iter().all(|m| m.add <= 0)
            && !f.opening.contains(&c.id)
        {
            ck.err(&path, "card can never be played: it has no trigger, no weight, and is not an opening card");
        }
        let weight_mods = c
            .weight_mods
            .iter()
            .enumerate()
            .map(|(i, m)| {
                (
                    compile_world_condition(
                        &m.when,
                        &format!("{path}.weight_mods[{i}].when"),
                        &ids,
                        &mut ck,
                    ),
                    m.add,
                )
            })
            .collect();
        let effects = c
            .effects
            .iter()
            .enumerate()
            .map(|(i, e)| compile_effect(e, &format!("{path}.effects[{i}]"), &ids, &mut ck))
            .collect();
        cards.push(EventCard {
            id: c.id.clone(),
            title: c.title.clone(),
            text: c.text.clone(),
            source: c.source.clone(),
            kind: c.kind,
            trigger,
            when,
            weight: c.weight,
            weight_mods,
            once: c.once,
            effects,
        });
    }
    let mut opening = Vec::new();
    for (i, id) in f.opening.iter().enumerate() {
        match ids.cards.iter().position(|c| c == id) {
            Some(ci) => opening.push(ci),
            None => ck.err(format!("opening[{i}]"), format!("unknown card \"{id}\"")),
        }
    }

    ids.flags.shrink_to_fit();
    let profiles_ok = profiles.iter().all(|p| p.is_some());
    if !ck.problems.is_empty() || !profiles_ok {
        return Err(ScenarioError::Invalid {
            origin: origin.to_string(),
            problems: ck.problems,
        });
    }
    let [Some(p0), Some(p1), Some(p2), Some(p3)] = profiles else {
        return Err(ScenarioError::Invalid {
            origin: origin.to_string(),
            problems: ck.problems,
        });
    };

    let scenario = Scenario {
        id: f.id.clone(),
        name: f.name.clone(),
        summary: f.summary.clone(),
        source: f.source.clone(),
        references: f
            .references
            .iter()
            .map(|r| super::Reference {
                id: r.id.clone(),
                title: r.title.clone(),
                date: r.date.clone(),
            })
            .collect(),
        start_year: f.start.year,
        start_month,
        turns: f.turns,
        issues,
        tracks,
        trust,
        domestic,
        flags: ids.flags.clone(),
        initial_flags,
        profiles: [p0, p1, p2, p3],
        variants,
        default_variant,
        cards,
        opening,
        security_issue,
        content_hash: content_hash(text),
        file: None,
    };

    // --- Redlines that forbid everything -------------------------------------
    let mut problems = Vec::new();
    check_signable(&scenario, &mut problems);
    if !problems.is_empty() {
        return Err(ScenarioError::Invalid {
            origin: origin.to_string(),
            problems,
        });
    }
    Ok(scenario)
}

fn name_or(id: &str, i: usize) -> String {
    if id.is_empty() {
        i.to_string()
    } else {
        id.to_string()
    }
}

fn compile_profile(
    p: &ProfileFile,
    path: &str,
    issues: &[Issue],
    ids: &mut Ids,
    ck: &mut Checker,
) -> Profile {
    let mut weights = vec![0i32; issues.len()];
    let mut utilities: Vec<Vec<i32>> = issues.iter().map(|i| vec![0; i.options.len()]).collect();
    for (iid, w) in &p.weights {
        match issues.iter().position(|i| &i.id == iid) {
            Some(i) => weights[i] = *w as i32,
            None => ck.err(
                format!("{path}.weights"),
                format!("unknown issue \"{iid}\""),
            ),
        }
    }
    let total: i64 = p.weights.values().map(|w| *w as i64).sum();
    if total != 100 {
        ck.err(
            format!("{path}.weights"),
            format!("weights sum to {total}, not 100"),
        );
    }
    for issue in issues {
        if !p.weights.contains_key(&issue.id) {
            ck.err(
                format!("{path}.weights"),
                format!("no weight for issue \"{}\"", issue.id),
            );
        }
    }
    for (iid, opts) in &p.utilities {
        let Some(i) = issues.iter().position(|x| &x.id == iid) else {
            ck.err(
                format!("{path}.utilities"),
                format!("unknown issue \"{iid}\""),
            );
            continue;
        };
        for (oid, u) in opts {
            match issues[i].options.iter().position(|o| &o.id == oid) {
                Some(o) => {
                    if *u > 100 {
                        ck.err(
                            format!("{path}.utilities.{iid}.{oid}"),
                            format!("utility {u} is above 100"),
                        );
                    }
                    utilities[i][o] = (*u).min(100) as i32;
                }
                None => ck.err(
                    format!("{path}.utilities.{iid}"),
                    format!(
                        "unknown option \"{oid}\" (issue {iid} has: {})",
                        issues[i]
                            .options
                            .iter()
                            .map(|o| o.id.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ),
            }
        }
    }
    for issue in issues {
        match p.utilities.get(&issue.id) {
            None => ck.err(
                format!("{path}.utilities"),
                format!("no utilities for issue \"{}\"", issue.id),
            ),
            Some(m) => {
                for o in &issue.options {
                    if !m.contains_key(&o.id) {
                        ck.err(
                            format!("{path}.utilities.{}", issue.id),
                            format!("no utility for option \"{}\"", o.id),
                        );
                    }
                }
            }
        }
    }
    let mut rseen = BTreeSet::new();
    let redlines = p
        .redlines
        .iter()
        .enumerate()
        .map(|(ri, r)| {
            let rp = format!("{path}.redlines[{}]", name_or(&r.id, ri));
            if !rseen.insert(r.id.clone()) {
                ck.err(&rp, format!("redline id \"{}\" is used twice", r.id));
            }
            let forbid = compile_condition(&r.forbid, &format!("{rp}.forbid"), ids, ck, true);
            if !forbid.mentions_package() {
                ck.err(format!("{rp}.forbid"), "a redline must name the package terms it forbids (use Package(issue, [options]))");
            }
            Redline {
                id: r.id.clone(),
                forbid,
                why: r.why.clone(),
                source: r.source.clone(),
            }
        })
        .collect();
    let mut terms = Vec::new();
    for (ti, t) in p.batna.terms.iter().enumerate() {
        if t.step == 0 {
            ck.err(format!("{path}.batna.terms[{ti}]"), "step must not be 0");
        }
        terms.push((t.track, t.per, if t.step == 0 { 1 } else { t.step }));
    }
    if !(0..=100).contains(&p.batna.base) {
        ck.err(
            format!("{path}.batna.base"),
            format!("{} is outside 0..=100", p.batna.base),
        );
    }
    let mut levers = Vec::new();
    let mut lseen = BTreeSet::new();
    for (li, l) in p.levers.iter().enumerate() {
        let lp = format!("{path}.levers[{}]", name_or(&l.id, li));
        if !lseen.insert(l.id.clone()) {
            ck.err(&lp, format!("lever id \"{}\" is used twice", l.id));
        }
        let requires = l
            .requires
            .as_ref()
            .map(|c| compile_world_condition(c, &format!("{lp}.requires"), ids, ck));
        let effects = l
            .effects
            .iter()
            .enumerate()
            .map(|(i, e)| compile_effect(e, &format!("{lp}.effects[{i}]"), ids, ck))
            .collect();
        levers.push(Lever {
            id: l.id.clone(),
            name: l.name.clone(),
            text: l.text.clone(),
            source: l.source.clone(),
            cost: l.cost,
            cooldown: l.cooldown,
            requires,
            effects,
        });
    }
    let mut lever_rules = Vec::new();
    for (ri, r) in p.doctrine.lever_rules.iter().enumerate() {
        let rp = format!("{path}.doctrine.lever_rules[{ri}]");
        let when = compile_world_condition(&r.when, &format!("{rp}.when"), ids, ck);
        if r.chance > 100 {
            ck.err(&rp, format!("chance {} is above 100", r.chance));
        }
        match levers.iter().position(|l| l.id == r.lever) {
            Some(lever) => lever_rules.push(LeverRule {
                lever,
                when,
                chance: r.chance.min(100),
            }),
            None => ck.err(&rp, format!("unknown lever \"{}\"", r.lever)),
        }
    }
    if p.doctrine.concession == 0 || p.doctrine.concession > 1000 {
        ck.err(
            format!("{path}.doctrine.concession"),
            format!(
                "{} is outside 1..=1000 (hundredths of the exponent e)",
                p.doctrine.concession
            ),
        );
    }
    Profile {
        delegation: p.delegation,
        leader: p.leader.clone(),
        aims: p.aims.clone(),
        source: p.source.clone(),
        weights,
        utilities,
        redlines,
        batna: Batna {
            base: p.batna.base,
            terms,
            source: p.batna.source.clone(),
        },
        doctrine: Doctrine {
            concession: p.doctrine.concession.clamp(1, 1000),
            capital: p.doctrine.capital,
            walk_out_at: p.doctrine.walk_out_at,
            lever_rules,
            source: p.doctrine.source.clone(),
        },
        levers,
    }
}

fn compile_world_condition(
    c: &ConditionFile,
    path: &str,
    ids: &Ids,
    ck: &mut Checker,
) -> Condition {
    compile_condition(c, path, ids, ck, false)
}

fn resolve_issue(ids: &Ids, issue: &str) -> Result<usize, String> {
    ids.issues
        .iter()
        .position(|(i, _)| i == issue)
        .ok_or_else(|| format!("unknown issue \"{issue}\""))
}

fn resolve_option(ids: &Ids, issue: usize, option: &str) -> Result<usize, String> {
    let (iid, opts) = &ids.issues[issue];
    opts.iter().position(|o| o == option).ok_or_else(|| {
        format!(
            "unknown option \"{option}\" on issue {iid} (it has: {})",
            opts.join(", ")
        )
    })
}

fn compile_condition(
    c: &ConditionFile,
    path: &str,
    ids: &Ids,
    ck: &mut Checker,
    in_redline: bool,
) -> Condition {
    let out = compile_condition_inner(c, path, ids, ck, in_redline);
    if !can_hold(&out, ids) {
        ck.err(path, "this condition can never hold");
    }
    out
}

fn compile_condition_inner(
    c: &ConditionFile,
    path: &str,
    ids: &Ids,
    ck: &mut Checker,
    in_redline: bool,
) -> Condition {
    use ConditionFile as F;
    match c {
        F::All(v) => Condition::All(
            v.iter()
                .enumerate()
                .map(|(i, x)| {
                    compile_condition_inner(x, &format!("{path}.All[{i}]"), ids, ck, in_redline)
                })
                .collect(),
        ),
        F::Any(v) => Condition::Any(
            v.iter()
                .enumerate()
                .map(|(i, x)| {
                    compile_condition_inner(x, &format!("{path}.Any[{i}]"), ids, ck, in_redline)
                })
                .collect(),
        ),
        F::Not(x) => Condition::Not(Box::new(compile_condition_inner(
            x,
            &format!("{path}.Not"),
            ids,
            ck,
            in_redline,
        ))),
        F::TurnAtLeast(n) => Condition::TurnAtLeast(*n),
        F::TurnAtMost(n) => Condition::TurnAtMost(*n),
        F::Season(s) => Condition::Season(*s),
        F::Month(m) => {
            if !(1..=12).contains(m) {
                ck.err(path, format!("{m} is not a month (1–12)"));
            }
            Condition::Month(*m)
        }
        F::TrackAtLeast(t, v) => Condition::TrackAtLeast(*t, *v),
        F::TrackAtMost(t, v) => Condition::TrackAtMost(*t, *v),
        F::TrustAtLeast(a, b, v) => Condition::TrustAtLeast(*a, *b, *v),
        F::TrustAtMost(a, b, v) => Condition::TrustAtMost(*a, *b, *v),
        F::DomesticAtLeast(d, v) => Condition::DomesticAtLeast(*d, *v),
        F::Flag(name) => match ids.flags.iter().position(|f| f == name) {
            Some(i) => Condition::Flag(i),
            None => {
                ck.err(
                    path,
                    format!("flag \"{name}\" is never set, so this can never hold"),
                );
                Condition::Flag(usize::MAX)
            }
        },
        F::CardPlayed(id) => match ids.cards.iter().position(|c| c == id) {
            Some(i) => Condition::CardPlayed(i),
            None => {
                ck.err(path, format!("unknown card \"{id}\""));
                Condition::CardPlayed(usize::MAX)
            }
        },
        F::Variant(id) => match ids.variants.iter().position(|v| v == id) {
            Some(i) => Condition::Variant(i),
            None => {
                ck.err(path, format!("unknown variant \"{id}\""));
                Condition::Variant(usize::MAX)
            }
        },
        F::OnTable(issue, option) => {
            match resolve_issue(ids, issue).and_then(|i| Ok((i, resolve_option(ids, i, option)?))) {
                Ok((i, o)) => Condition::OnTable(i, o),
                Err(m) => {
                    ck.err(path, m);
                    Condition::OnTable(usize::MAX, 0)
                }
            }
        }
        F::Package(issue, options) => {
            if !in_redline {
                ck.err(path, "Package(...) tests the package being judged, so it only works inside a redline's forbid");
            }
            match resolve_issue(ids, issue) {
                Ok(i) => {
                    let mut mask = 0u64;
                    if options.is_empty() {
                        ck.err(path, "Package needs at least one option");
                    }
                    for o in options {
                        match resolve_option(ids, i, o) {
                            Ok(oi) => mask |= 1 << oi.min(63),
                            Err(m) => ck.err(path, m),
                        }
                    }
                    Condition::Package(i, mask)
                }
                Err(m) => {
                    ck.err(path, m);
                    Condition::Package(0, 0)
                }
            }
        }
        F::Human(d) => Condition::Human(*d),
    }
}

/// A conservative test: false only when the condition can certainly never
/// hold in this scenario (turn beyond the last, a threshold outside the
/// track's range, a month the calendar never reaches, a flag nothing sets,
/// contradictory bounds under one All).
fn can_hold(c: &Condition, ids: &Ids) -> bool {
    match c {
        Condition::All(v) => {
            if !v.iter().all(|x| can_hold(x, ids)) {
                return false;
            }
            let (mut lo, mut hi) = (1u32, ids.turns);
            let mut bounds: BTreeMap<usize, (i32, i32)> = BTreeMap::new();
            for x in v {
                match x {
                    Condition::TurnAtLeast(n) => lo = lo.max(*n),
                    Condition::TurnAtMost(n) => hi = hi.min(*n),
                    Condition::TrackAtLeast(t, val) => {
                        let s = ids.tracks[t.index()];
                        let b = bounds.entry(t.index()).or_insert((s.min, s.max));
                        b.0 = b.0.max(*val);
                    }
                    Condition::TrackAtMost(t, val) => {
                        let s = ids.tracks[t.index()];
                        let b = bounds.entry(t.index()).or_insert((s.min, s.max));
                        b.1 = b.1.min(*val);
                    }
                    _ => {}
                }
            }
            lo <= hi && bounds.values().all(|(a, b)| a <= b)
        }
        Condition::Any(v) => v.is_empty() || v.iter().any(|x| can_hold(x, ids)),
        Condition::Not(_) => true,
        Condition::TurnAtLeast(n) => *n <= ids.turns,
        Condition::TurnAtMost(n) => *n >= 1,
        Condition::Season(s) => ids.months.iter().any(|m| Season::of_month(*m) == *s),
        Condition::Month(m) => ids.months.contains(m),
        Condition::TrackAtLeast(t, v) => *v <= ids.tracks[t.index()].max,
        Condition::TrackAtMost(t, v) => *v >= ids.tracks[t.index()].min,
        Condition::TrustAtLeast(_, _, v) => *v <= 100,
        Condition::TrustAtMost(_, _, v) => *v >= 0,
        Condition::DomesticAtLeast(_, v) => *v <= 100,
        Condition::Flag(f) => ids.flags_set.contains(f),
        Condition::Package(_, mask) => *mask != 0,
        Condition::CardPlayed(_)
        | Condition::Variant(_)
        | Condition::OnTable(..)
        | Condition::Human(_) => true,
    }
}

fn compile_effect(e: &EffectFile, path: &str, ids: &Ids, ck: &mut Checker) -> Effect {
    use EffectFile as F;
    match e {
        F::Move(t, v) => Effect::Move(*t, *v),
        F::Set(t, v) => {
            let s = ids.tracks[t.index()];
            if !(s.min..=s.max).contains(v) {
                ck.err(
                    path,
                    format!(
                        "{v} is outside the range of {} ({}..={})",
                        t.id(),
                        s.min,
                        s.max
                    ),
                );
            }
            Effect::Set(*t, *v)
        }
        F::Trust(a, b, v) => {
            if a == b {
                ck.err(path, "a delegation's trust in itself is fixed");
            }
            Effect::Trust(*a, *b, *v)
        }
        F::Domestic(d, v) => Effect::Domestic(*d, *v),
        F::SetFlag(n) => {
            Effect::SetFlag(ids.flags.iter().position(|f| f == n).unwrap_or(usize::MAX))
        }
        F::ClearFlag(n) => match ids.flags.iter().position(|f| f == n) {
            Some(i) => Effect::ClearFlag(i),
            None => {
                ck.err(path, format!("flag \"{n}\" is never set"));
                Effect::ClearFlag(usize::MAX)
            }
        },
        F::Capital(d, v) => Effect::Capital(*d, *v),
        F::Batna(d, v) => Effect::Batna(*d, *v),
        F::Concession(d, v) => Effect::Concession(*d, *v),
        F::Utility(d, issue, option, v) => {
            match resolve_issue(ids, issue).and_then(|i| Ok((i, resolve_option(ids, i, option)?))) {
                Ok((i, o)) => Effect::Utility(*d, i, o, *v),
                Err(m) => {
                    ck.err(path, m);
                    Effect::Utility(*d, 0, 0, 0)
                }
            }
        }
        F::Reveal(a, b) => {
            if a == b {
                ck.err(path, "a delegation cannot reveal itself to itself");
            }
            Effect::Reveal(*a, *b)
        }
        F::Table(d, pkg) => Effect::Table(*d, compile_package(pkg, path, ids, ck)),
    }
}

fn compile_package(pkg: &PackageFile, path: &str, ids: &Ids, ck: &mut Checker) -> Package {
    let mut out = vec![0u8; ids.issues.len()];
    for (iid, oid) in pkg {
        match resolve_issue(ids, iid).and_then(|i| Ok((i, resolve_option(ids, i, oid)?))) {
            Ok((i, o)) => out[i] = o as u8,
            Err(m) => ck.err(path, m),
        }
    }
    for (iid, _) in &ids.issues {
        if !pkg.contains_key(iid) {
            ck.err(
                path,
                format!("the package names no option for issue \"{iid}\""),
            );
        }
    }
    Package(out)
}

fn collect_set_flags(f: &ScenarioFile, out: &mut Vec<String>) {
    let mut effects: Vec<&EffectFile> = Vec::new();
    let profiles = f
        .delegations
        .iter()
        .chain(f.variants.iter().flat_map(|v| v.delegations.iter()));
    for p in profiles {
        for l in &p.levers {
            effects.extend(l.effects.iter());
        }
    }
    for v in &f.variants {
        effects.extend(v.effects.iter());
    }
    for c in &f.cards {
        effects.extend(c.effects.iter());
    }
    for e in effects {
        if let EffectFile::SetFlag(n) = e {
            out.push(n.clone());
        }
    }
}

/// Every profile (base and variants) must leave some package it could sign
/// at the start; otherwise its redlines make the talks pointless.
fn check_signable(s: &Scenario, problems: &mut Vec<Problem>) {
    if s.package_count() > 5_000_000 {
        return;
    }
    let world = World::new(s);
    let cards_played = vec![false; s.cards.len()];
    let mut all: Vec<(String, &Profile)> = s
        .profiles
        .iter()
        .map(|p| (format!("delegations[{}]", p.delegation.id()), p))
        .collect();
    for v in &s.variants {
        for p in &v.profiles {
            all.push((
                format!("variants[{}].delegations[{}]", v.id, p.delegation.id()),
                p,
            ));
        }
    }
    for (path, p) in all {
        if p.redlines.is_empty() {
            continue;
        }
        let mut found = false;
        let mut pkg = Package(vec![0; s.issues.len()]);
        'outer: loop {
            let ctx = RuleCtx {
                world: &world,
                turn: 1,
                month: s.start_month,
                variant: None,
                cards_played: &cards_played,
                table: &[],
                humans: DelegationSet::EMPTY,
                package: Some(&pkg),
            };
            if !p.redlines.iter().any(|r| r.forbid.holds(&ctx)) {
                found = true;
                break;
            }
            // Next package in mixed radix.
            for i in 0..pkg.0.len() {
                pkg.0[i] += 1;
                if (pkg.0[i] as usize) < s.issues[i].options.len() {
                    continue 'outer;
                }
                pkg.0[i] = 0;
            }
            break;
        }
        if !found {
            problems.push(Problem {
                path: format!("{path}.redlines"),
                message:
                    "these redlines forbid every package: the delegation could never sign anything"
                        .into(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINI: &str = include_str!("../../../tests/fixtures/mini.ron");

    fn problems(text: &str) -> Vec<String> {
        match load(text, "t.ron") {
            Ok(_) => vec![],
            Err(ScenarioError::Invalid { problems, .. }) => {
                problems.iter().map(|p| p.to_string()).collect()
            }
            Err(e) => vec![e.to_string()],
        }
    }

    fn edited(from: &str, to: &str) -> Vec<String> {
        assert!(MINI.contains(from), "fixture lacks {from}");
        problems(&MINI.replacen(from, to, 1))
    }

    fn has(ps: &[String], needle: &str) -> bool {
        ps.iter().any(|p| p.contains(needle))
    }

    #[test]
    fn the_fixture_is_valid() {
        assert_eq!(problems(MINI), Vec::<String>::new());
    }

    #[test]
    fn parse_errors_have_line_and_column() {
        let text = MINI.replacen("turns: 4", "turns: \"four\"", 1);
        match load(&text, "t.ron") {
            Err(ScenarioError::Parse { line, column, .. }) => {
                let want = text
                    .lines()
                    .position(|l| l.contains("\"four\""))
                    .map(|i| i + 1);
                assert_eq!(Some(line), want);
                assert!(column > 1);
            }
            other => panic!("expected a parse error, got {other:?}"),
        }
    }

    #[test]
    fn unknown_ids_name_the_item() {
        let ps = edited(
            "\"freeze\": 60, \"cede\": 100",
            "\"frieze\": 60, \"cede\": 100",
        );
        assert!(
            has(&ps, "delegations[russia].utilities.territory"),
            "{ps:?}"
        );
        assert!(has(&ps, "unknown option \"frieze\""), "{ps:?}");
        let ps = edited("lever: \"offensive\"", "lever: \"blitz\"");
        assert!(
            has(
                &ps,
                "delegations[russia].doctrine.lever_rules[0]: unknown lever \"blitz\""
            ),
            "{ps:?}"
        );
        let ps = edited("opening: [\"C2\"]", "opening: [\"C9\"]");
        assert!(has(&ps, "opening[0]: unknown card \"C9\""), "{ps:?}");
        let ps = edited(
            "Table(us, {\"territory\": \"freeze\",",
            "Table(us, {\"territory\": \"thaw\",",
        );
        assert!(has(&ps, "cards[C2].effects[0]"), "{ps:?}");
    }

    #[test]
    fn an_issue_without_options() {
        let ps = edited(
            "(id: \"nato\", name: \"NATO\", needs: [us, europe], end_state: Some(nato_full)),\n            (id: \"israel\", name: \"Israel model\", needs: [us], end_state: Some(israel_model)),\n            (id: \"neutral\", name: \"Neutrality\", end_state: Some(neutrality)),",
            "",
        );
        assert!(has(&ps, "issues[security]: issue has no options"), "{ps:?}");
    }

    #[test]
    fn conditions_that_can_never_hold() {
        let ps = edited("when: TurnAtLeast(1)", "when: TurnAtLeast(5)");
        assert!(
            has(&ps, "lever_rules[0].when: this condition can never hold"),
            "{ps:?}"
        );
        let ps = edited(
            "TrackAtLeast(ru_casualties, 1000)",
            "TrackAtLeast(ru_casualties, 5000)",
        );
        assert!(
            has(&ps, "cards[C3].trigger: this condition can never hold"),
            "{ps:?}"
        );
        let ps = edited("TrackAtLeast(ru_casualties, 1000)", "Season(autumn)");
        assert!(
            has(&ps, "can never hold"),
            "a four-month game from February has no autumn: {ps:?}"
        );
        let ps = edited("TrackAtLeast(ru_casualties, 1000)", "Flag(\"kursk\")");
        assert!(has(&ps, "flag \"kursk\" is never set"), "{ps:?}");
        let ps = edited(
            "TrackAtLeast(ru_casualties, 1000)",
            "All([TrackAtLeast(ru_economy, 70), TrackAtMost(ru_economy, 50)])",
        );
        assert!(has(&ps, "can never hold"), "{ps:?}");
        // A Package test outside a redline.
        let ps = edited(
            "TrackAtLeast(ru_casualties, 1000)",
            "Package(\"territory\", [\"cede\"])",
        );
        assert!(has(&ps, "only works inside a redline"), "{ps:?}");
    }

    #[test]
    fn numbers_out_of_range() {
        let ps = edited(
            "weights: {\"territory\": 40, \"security\": 60},\n         utilities: {\"territory\": {\"restore\": 80",
            "weights: {\"territory\": 45, \"security\": 60},\n         utilities: {\"territory\": {\"restore\": 80",
        );
        assert!(
            has(&ps, "delegations[us].weights: weights sum to 105, not 100"),
            "{ps:?}"
        );
        let ps = edited(
            "(track: occupied, start: 200, min: 0, max: 1000)",
            "(track: occupied, start: 2000, min: 0, max: 1000)",
        );
        assert!(
            has(&ps, "tracks[occupied]: start 2000 is outside 0..=1000"),
            "{ps:?}"
        );
        let ps = edited("(track: momentum, start: 0, min: -100, max: 100),\n", "");
        assert!(has(&ps, "tracks: track momentum is missing"), "{ps:?}");
    }

    #[test]
    fn redlines_that_forbid_everything() {
        let ps = edited(
            "forbid: Package(\"territory\", [\"cede\"])",
            "forbid: Package(\"territory\", [\"restore\", \"freeze\", \"cede\"])",
        );
        assert!(
            has(
                &ps,
                "delegations[ukraine].redlines: these redlines forbid every package"
            ),
            "{ps:?}"
        );
    }

    #[test]
    fn a_redline_must_name_package_terms() {
        let ps = edited(
            "forbid: Package(\"security\", [\"nato\"])",
            "forbid: TurnAtLeast(1)",
        );
        assert!(
            has(
                &ps,
                "redlines[no_nato].forbid: a redline must name the package terms"
            ),
            "{ps:?}"
        );
    }

    #[test]
    fn deeply_nested_input_is_an_error_not_a_crash() {
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert!(matches!(
            load(&deep, "t.ron"),
            Err(ScenarioError::Parse { .. })
        ));
    }
}
