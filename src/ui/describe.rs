//! Rules in words: what an event card does and what triggers it, for the
//! card pop-up and the debrief.

use crate::core::game::Game;
use crate::core::rules::{Condition, Effect};

/// One effect as a reader would say it: "RU economy −3".
pub fn effect(g: &Game, e: &Effect) -> String {
    let s = &g.scenario;
    let signed = |v: i32| {
        if v >= 0 {
            format!("+{v}")
        } else {
            format!("−{}", v.unsigned_abs())
        }
    };
    match e {
        Effect::Move(t, v) => format!("{} {}", t.label(), signed(*v)),
        Effect::Set(t, v) => format!("{} set to {}", t.label(), t.format(*v)),
        Effect::Trust(a, b, v) => format!("trust of {} in {} {}", a.name(), b.name(), signed(*v)),
        Effect::Domestic(d, v) => format!("domestic pressure on {} {}", d.name(), signed(*v)),
        Effect::SetFlag(f) => format!("now: {}", flag(g, *f)),
        Effect::ClearFlag(f) => format!("no longer: {}", flag(g, *f)),
        Effect::Capital(d, v) => format!("political capital of {} {}", d.name(), signed(*v)),
        Effect::Batna(d, v) => format!("what fighting on is worth to {} {}", d.name(), signed(*v)),
        Effect::Concession(d, v) => {
            if *v >= 0 {
                format!("{} more ready to concede", d.name())
            } else {
                format!("{} less ready to concede", d.name())
            }
        }
        Effect::Utility(d, i, o, v) => format!(
            "{} values {} {}",
            d.name(),
            s.option_name(*i, *o),
            signed(*v)
        ),
        Effect::Reveal(a, b) => format!("{} learns something about {}", a.name(), b.name()),
        Effect::Table(d, _) => format!("{} puts a package on the table", d.name()),
    }
}

fn flag(g: &Game, f: usize) -> String {
    g.scenario
        .flags
        .get(f)
        .map(|n| n.replace('_', " "))
        .unwrap_or_else(|| "?".into())
}

/// A condition in words: "RU manpower at most 30 and winter".
pub fn condition(g: &Game, c: &Condition) -> String {
    let s = &g.scenario;
    match c {
        Condition::All(v) => join(g, v, " and "),
        Condition::Any(v) => join(g, v, " or "),
        Condition::Not(x) => match x.as_ref() {
            // "unless" reads better than a negated clause in brackets.
            Condition::Variant(v) => format!(
                "unless the game is played under \"{}\"",
                s.variants.get(*v).map(|x| x.name.as_str()).unwrap_or("?")
            ),
            Condition::OnTable(i, o) => {
                format!("{} not on the table", s.option_name(*i, *o))
            }
            Condition::CardPlayed(i) => format!(
                "before \"{}\"",
                s.cards.get(*i).map(|c| c.title.as_str()).unwrap_or("?")
            ),
            other => format!("not ({})", condition(g, other)),
        },
        Condition::TurnAtLeast(n) => format!("from {}", s.date_label(*n)),
        Condition::TurnAtMost(n) => format!("until {}", s.date_label(*n)),
        Condition::Season(x) => format!("{x:?}").to_lowercase(),
        Condition::Month(m) => format!("month {m}"),
        Condition::TrackAtLeast(t, v) => format!("{} at least {}", t.label(), t.format(*v)),
        Condition::TrackAtMost(t, v) => format!("{} at most {}", t.label(), t.format(*v)),
        Condition::TrustAtLeast(a, b, v) => {
            format!("trust of {} in {} at least {v}", a.name(), b.name())
        }
        Condition::TrustAtMost(a, b, v) => {
            format!("trust of {} in {} at most {v}", a.name(), b.name())
        }
        Condition::DomesticAtLeast(d, v) => format!("pressure on {} at least {v}", d.name()),
        Condition::Flag(f) => flag(g, *f),
        Condition::CardPlayed(i) => format!(
            "after \"{}\"",
            s.cards.get(*i).map(|c| c.title.as_str()).unwrap_or("?")
        ),
        Condition::Variant(v) => format!(
            "under \"{}\"",
            s.variants.get(*v).map(|x| x.name.as_str()).unwrap_or("?")
        ),
        Condition::OnTable(i, o) => format!("{} on the table", s.option_name(*i, *o)),
        Condition::Package(i, _) => format!(
            "a package's {}",
            s.issues
                .get(*i)
                .map(|x| x.name.to_lowercase())
                .unwrap_or_default()
        ),
        Condition::Human(d) => format!("{} played by a person", d.name()),
    }
}

fn join(g: &Game, v: &[Condition], sep: &str) -> String {
    v.iter()
        .map(|c| condition(g, c))
        .collect::<Vec<_>>()
        .join(sep)
}
