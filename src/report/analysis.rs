//! What the report computes from a game, as data: the months played, the
//! world at the end of each, the packages and their signatures, each
//! delegation's result against its aims, and the moments that moved the
//! talks. The Markdown sections (and a class handout) render these.

use crate::ai::negotiation::Bp;
use crate::core::game::Game;
use crate::core::ids::{Delegation, DelegationSet, EndState, Track};
use crate::core::news::{Answer, NewsItem, Reason};
use crate::core::scenario::Package;
use crate::story;

/// The world at one moment: tracks, and what fighting on is worth to each
/// delegation (basis points).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Point {
    pub tracks: [i32; Track::COUNT],
    pub batna: [Bp; 4],
}

impl Point {
    pub fn track(&self, t: Track) -> i32 {
        self.tracks[t.index()]
    }
}

/// The months of a game, and the world month by month.
#[derive(Clone, Debug)]
pub struct Months {
    /// The world before the first month's events.
    pub start: Point,
    /// One entry per month played in full: (turn, the world at its end).
    pub ends: Vec<(u32, Point)>,
    /// A stopped game's month under way: its events are dealt, its talks
    /// not finished.
    pub in_progress: Option<u32>,
}

impl Months {
    pub fn of(g: &Game) -> Months {
        let now = Point {
            tracks: g.world.tracks,
            batna: std::array::from_fn(|i| g.batna(Delegation::ALL[i])),
        };
        let start = g
            .history
            .first()
            .map(|h| Point {
                tracks: h.tracks,
                batna: h.batna,
            })
            .unwrap_or(now);
        let last = story::last_full_turn(g);
        let ends = (1..=last)
            .map(|m| {
                // A month's snapshot is taken after its war; a game that
                // ends before the war (a signature, a walk-out, a crisis)
                // has none for its last month: the world as it ended.
                let snap = g.history.iter().skip(1).rev().find(|h| h.turn == m);
                let p = snap.map_or(now, |h| Point {
                    tracks: h.tracks,
                    batna: h.batna,
                });
                (m, p)
            })
            .collect();
        let in_progress = (g.outcome.is_none()).then_some(g.turn);
        Months {
            start,
            ends,
            in_progress,
        }
    }

    /// The world at the end of month `m` (the start for month 0).
    pub fn at_end(&self, m: u32) -> Option<&Point> {
        if m == 0 {
            return Some(&self.start);
        }
        self.ends.iter().find(|(t, _)| *t == m).map(|(_, p)| p)
    }

    /// The world at the end of the last month played.
    pub fn last(&self) -> &Point {
        self.ends.last().map_or(&self.start, |(_, p)| p)
    }
}

/// A package as it was put on the table.
#[derive(Clone, Debug)]
pub struct Tabled<'a> {
    pub id: u32,
    pub by: Delegation,
    pub package: &'a Package,
    pub turn: u32,
    /// The event card that put it on the table, if any (its id).
    pub card: Option<&'a str>,
    /// Who must sign it.
    pub needs: DelegationSet,
    /// The package this delegation tabled before, if any.
    pub previous: Option<u32>,
}

/// Every package tabled, in order.
pub fn tabled(g: &Game) -> Vec<Tabled<'_>> {
    let mut v: Vec<Tabled<'_>> = Vec::new();
    for n in &g.news {
        if let NewsItem::Tabled {
            proposal,
            by,
            package,
            card,
        } = &n.item
        {
            let previous = v.iter().rev().find(|t| t.by == *by).map(|t| t.id);
            v.push(Tabled {
                id: *proposal,
                by: *by,
                package,
                turn: n.turn,
                card: card.as_deref(),
                needs: g.scenario.signatories(package),
                previous,
            });
        }
    }
    v
}

pub fn find<'a, 'b>(tabled: &'b [Tabled<'a>], id: u32) -> Option<&'b Tabled<'a>> {
    tabled.iter().find(|t| t.id == id)
}

/// For each news item that tables or answers a package: the package and
/// who had signed it just after (a package's author signs it when it is
/// among those who must; a yes adds a signature, a no withdraws it).
pub fn signatures(g: &Game) -> Vec<Option<(u32, DelegationSet)>> {
    let mut signed: Vec<(u32, DelegationSet)> = Vec::new();
    g.news
        .iter()
        .map(|n| match &n.item {
            NewsItem::Tabled {
                proposal,
                by,
                package,
                ..
            } => {
                let mut s = DelegationSet::EMPTY;
                if g.scenario.signatories(package).contains(*by) {
                    s.insert(*by);
                }
                signed.push((*proposal, s));
                Some((*proposal, s))
            }
            NewsItem::Answered(a) => {
                let entry = signed.iter_mut().find(|(id, _)| *id == a.proposal)?;
                if a.accept {
                    entry.1.insert(a.by);
                } else {
                    entry.1.remove(a.by);
                }
                Some(*entry)
            }
            _ => None,
        })
        .collect()
}

/// Every answer given, with its month, in order.
pub fn answers(g: &Game) -> Vec<(u32, &Answer)> {
    g.news
        .iter()
        .filter_map(|n| match &n.item {
            NewsItem::Answered(a) => Some((n.turn, a)),
            _ => None,
        })
        .collect()
}

// ----------------------------------------------------------------------
// Aims against what each delegation got

/// One issue of the final deal, from one delegation's side.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IssueResult {
    pub issue: usize,
    /// The issue's weight for this delegation (weights sum to 100).
    pub weight: i32,
    pub got: usize,
    /// Its best option on this issue.
    pub best: usize,
    /// Utility lost against its best option, in basis points.
    pub loss: Bp,
}

/// The best package another delegation offered, valued by this one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BestOffer {
    pub proposal: u32,
    pub by: Delegation,
    pub turn: u32,
    pub worth: Bp,
}

/// One delegation's result against its aims.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Aims {
    pub by: Delegation,
    /// The score, once the game is over.
    pub score: Option<u32>,
    /// The best any package could be worth to it.
    pub ideal: Bp,
    /// What fighting on was worth when the game ended (or was stopped).
    pub batna: Bp,
    /// The agreement issue by issue, most important first (empty without
    /// an agreement).
    pub issues: Vec<IssueResult>,
    pub best_offer: Option<BestOffer>,
}

/// Every delegation's result, valued with its preferences as the game
/// left them (the ones the scores use).
pub fn aims(g: &Game) -> [Aims; 4] {
    let tabled = tabled(g);
    std::array::from_fn(|i| {
        let d = Delegation::ALL[i];
        let prefs = &g.prefs[i];
        let weights = &g.profile(d).weights;
        let deal = g.outcome.as_ref().and_then(|o| o.package.as_ref());
        let mut issues: Vec<IssueResult> = match deal {
            None => Vec::new(),
            Some(p) => prefs
                .table
                .iter()
                .enumerate()
                .map(|(issue, row)| {
                    let got = p.option(issue);
                    let best = (0..row.len())
                        .max_by_key(|o| (row[*o], std::cmp::Reverse(*o)))
                        .unwrap_or(0);
                    let value = |o: usize| row.get(o).copied().unwrap_or(0);
                    IssueResult {
                        issue,
                        weight: weights.get(issue).copied().unwrap_or(0),
                        got,
                        best,
                        loss: value(best) - value(got),
                    }
                })
                .collect(),
        };
        issues.sort_by_key(|r| (std::cmp::Reverse(r.weight), r.issue));
        let best_offer = tabled
            .iter()
            .filter(|t| t.by != d)
            .map(|t| BestOffer {
                proposal: t.id,
                by: t.by,
                turn: t.turn,
                worth: prefs.utility(&t.package.0),
            })
            // The highest worth; among equals, the first offered.
            .min_by_key(|b| (std::cmp::Reverse(b.worth), b.proposal));
        Aims {
            by: d,
            score: g.outcome.as_ref().map(|o| o.scores[i]),
            ideal: prefs.max(),
            batna: g.batna(d),
            issues,
            best_offer,
        }
    })
}

// ----------------------------------------------------------------------
// The moments that moved the talks

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MomentKind {
    /// A card the state of the war or the talks triggered.
    Triggered {
        card: usize,
    },
    /// A delegation's first yes to a package not its own.
    FirstYes {
        by: Delegation,
        proposal: u32,
    },
    /// A package came within one signature of an agreement and was not
    /// signed (the holdouts, whose last answers tell why): the first to
    /// come this close, and the closest call.
    NearMiss {
        proposal: u32,
        signed: usize,
        needed: usize,
        holdouts: Vec<Delegation>,
        /// The first package to come this close.
        first: bool,
        /// The one whose holdouts came nearest to a yes.
        closest: bool,
        /// How many packages came this close.
        of: usize,
    },
    /// What fighting on is worth to a delegation moved a lot in a month.
    Batna {
        by: Delegation,
        from: Bp,
        to: Bp,
    },
    /// The month the war moved most: its biggest changes.
    War {
        changes: Vec<(Track, i32, i32)>,
    },
    /// A public commitment.
    Statement {
        by: Delegation,
        issue: u8,
        option: u8,
    },
    WalkOut {
        by: Delegation,
    },
    /// The facilitator stepped in (news index).
    Facilitator {
        news: usize,
    },
    Agreement {
        proposal: u32,
    },
    End {
        state: EndState,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Moment {
    pub turn: u32,
    pub kind: MomentKind,
}

/// Tracks whose swings make a month of war stand out.
pub const WAR_TRACKS: [Track; 8] = [
    Track::Occupied,
    Track::Momentum,
    Track::RuEconomy,
    Track::UaMunitions,
    Track::UsCommitment,
    Track::EuCohesion,
    Track::SanctionsPressure,
    Track::EscalationRisk,
];

/// A BATNA move of at least this much in one month is a moment.
pub const BATNA_MOVE: Bp = 300;
/// At most this many BATNA moves are told (the largest).
const BATNA_MOMENTS: usize = 3;

/// The moments that moved the talks, in the order they happened.
pub fn moments(g: &Game, months: &Months) -> Vec<Moment> {
    let mut v: Vec<(usize, Moment)> = Vec::new();
    // Rank within a month: the news order, then computed moments last.
    let late = g.news.len();
    let mut seen_yes = DelegationSet::EMPTY;
    let tabled = tabled(g);
    for (k, n) in g.news.iter().enumerate() {
        let kind = match &n.item {
            NewsItem::Event {
                card,
                triggered: true,
            } => Some(MomentKind::Triggered { card: *card }),
            NewsItem::Answered(a) if a.accept && !seen_yes.contains(a.by) => {
                let own = find(&tabled, a.proposal).is_some_and(|t| t.by == a.by);
                (!own).then(|| {
                    seen_yes.insert(a.by);
                    MomentKind::FirstYes {
                        by: a.by,
                        proposal: a.proposal,
                    }
                })
            }
            NewsItem::Statement { by, issue, option } => Some(MomentKind::Statement {
                by: *by,
                issue: *issue,
                option: *option,
            }),
            NewsItem::WalkOut { by } => Some(MomentKind::WalkOut { by: *by }),
            NewsItem::Facilitator(_) => Some(MomentKind::Facilitator { news: k }),
            NewsItem::Agreement { proposal } => Some(MomentKind::Agreement {
                proposal: *proposal,
            }),
            NewsItem::End { state } => Some(MomentKind::End { state: *state }),
            _ => None,
        };
        if let Some(kind) = kind {
            v.push((k, Moment { turn: n.turn, kind }));
        }
    }
    // Near misses: packages that stood one signature short and were
    // never signed. The first tells when the talks came close; the
    // closest call is the one whose holdouts were nearest to a yes.
    let sigs = signatures(g);
    let signed_id = g.news.iter().find_map(|n| match n.item {
        NewsItem::Agreement { proposal } => Some(proposal),
        _ => None,
    });
    let mut misses: Vec<(usize, u32, usize, usize, Vec<Delegation>, Bp)> = Vec::new();
    for t in &tabled {
        if Some(t.id) == signed_id {
            continue;
        }
        let needed = t.needs.len();
        let closest = sigs
            .iter()
            .enumerate()
            .filter_map(|(k, s)| s.filter(|(id, _)| *id == t.id).map(|(_, set)| (k, set)))
            // Two signatures at least: a package's author signs its own.
            .rfind(|(_, set)| set.len() >= 2 && set.len() + 1 >= needed);
        if let Some((k, set)) = closest {
            let holdouts: Vec<Delegation> = t.needs.iter().filter(|d| !set.contains(*d)).collect();
            let gap = holdouts
                .iter()
                .map(|d| gap_to_yes(g, *d, t.id))
                .max()
                .unwrap_or(Bp::MAX);
            misses.push((k, t.id, set.len(), needed, holdouts, gap));
        }
    }
    misses.sort_by_key(|m| m.0);
    let of = misses.len();
    let closest_id = misses
        .iter()
        .min_by_key(|m| (m.5, std::cmp::Reverse(m.0)))
        .map(|m| m.1);
    for (i, (k, proposal, signed, needed, holdouts, _)) in misses.into_iter().enumerate() {
        let first = i == 0;
        let closest = Some(proposal) == closest_id;
        if first || closest {
            v.push((
                k,
                Moment {
                    turn: g.news.get(k).map_or(0, |n| n.turn),
                    kind: MomentKind::NearMiss {
                        proposal,
                        signed,
                        needed,
                        holdouts,
                        first,
                        closest,
                        of,
                    },
                },
            ));
        }
    }
    // BATNA moves: the largest month-on-month changes.
    let mut moves: Vec<(Bp, u32, Delegation, Bp, Bp)> = Vec::new();
    let mut prev = &months.start;
    for (m, p) in &months.ends {
        for d in Delegation::ALL {
            let (a, b) = (prev.batna[d.index()], p.batna[d.index()]);
            if (b - a).abs() >= BATNA_MOVE {
                moves.push(((b - a).abs(), *m, d, a, b));
            }
        }
        prev = p;
    }
    moves.sort_by_key(|(size, m, d, _, _)| (std::cmp::Reverse(*size), *m, *d));
    for (_, m, d, from, to) in moves.into_iter().take(BATNA_MOMENTS) {
        v.push((
            late,
            Moment {
                turn: m,
                kind: MomentKind::Batna { by: d, from, to },
            },
        ));
    }
    // The war's biggest month, by the summed swing of the main tracks as
    // a share of their ranges.
    let spec = |t: Track| g.scenario.tracks[t.index()];
    let mut prev = &months.start;
    // (total swing, month, its changes: (swing, track, from, to)).
    type Swing = (i64, u32, Vec<(i64, Track, i32, i32)>);
    let mut biggest: Option<Swing> = None;
    for (m, p) in &months.ends {
        let mut changes: Vec<(i64, Track, i32, i32)> = WAR_TRACKS
            .iter()
            .filter_map(|t| {
                let (a, b) = (prev.track(*t), p.track(*t));
                let range = i64::from((spec(*t).max - spec(*t).min).max(1));
                let swing = i64::from((b - a).abs()) * 1000 / range;
                (a != b).then_some((swing, *t, a, b))
            })
            .collect();
        let total: i64 = changes.iter().map(|c| c.0).sum();
        changes.sort_by_key(|c| (std::cmp::Reverse(c.0), c.1));
        if total > 0 && biggest.as_ref().is_none_or(|(b, _, _)| total > *b) {
            biggest = Some((total, *m, changes));
        }
        prev = p;
    }
    if let Some((_, m, changes)) = biggest {
        let changes = changes
            .into_iter()
            .take(3)
            .map(|(_, t, a, b)| (t, a, b))
            .collect();
        v.push((
            late,
            Moment {
                turn: m,
                kind: MomentKind::War { changes },
            },
        ));
    }
    v.sort_by_key(|(k, m)| (m.turn, *k));
    v.into_iter().map(|(_, m)| m).collect()
}

/// The last answer a delegation gave to a package, if any.
pub fn last_answer(g: &Game, by: Delegation, proposal: u32) -> Option<&Answer> {
    g.news.iter().rev().find_map(|n| match &n.item {
        NewsItem::Answered(a) if a.by == by && a.proposal == proposal => Some(a),
        _ => None,
    })
}

/// How far a delegation's last no to a package was from a yes: its utility
/// short of what fighting on is worth or of its target (basis points); a
/// redline, or no answer, is as far as it gets.
pub fn gap_to_yes(g: &Game, by: Delegation, proposal: u32) -> Bp {
    let Some(a) = last_answer(g, by, proposal) else {
        return Bp::MAX;
    };
    if a.accept {
        return 0;
    }
    let mut gap: Option<Bp> = None;
    for r in &a.reasons {
        match r {
            Reason::Redline { .. } => return Bp::MAX,
            Reason::BelowBatna { utility, batna } => {
                gap = Some(gap.unwrap_or(0).max(batna - utility));
            }
            Reason::BelowTarget { utility, target } => {
                gap = Some(gap.unwrap_or(0).max(target - utility));
            }
            _ => {}
        }
    }
    gap.unwrap_or(Bp::MAX)
}
