//! The world tracks, trust between delegations, domestic pressure and flags:
//! everything the war and the politics are made of. Values are integers and
//! always inside their ranges (every write clamps).

use crate::core::ids::{Delegation, Track};
use crate::core::scenario::{Scenario, TrackSpec};
use serde::{Deserialize, Serialize};

/// Trust and domestic pressure run 0–100.
pub const GAUGE_MIN: i32 = 0;
pub const GAUGE_MAX: i32 = 100;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct World {
    pub tracks: [i32; Track::COUNT],
    /// trust[a][b]: how far a trusts b.
    pub trust: [[i32; 4]; 4],
    pub domestic: [i32; 4],
    pub flags: Vec<bool>,
    #[serde(skip)]
    specs: Option<[TrackSpec; Track::COUNT]>,
}

impl World {
    pub fn new(s: &Scenario) -> World {
        let mut flags = vec![false; s.flags.len()];
        for f in &s.initial_flags {
            if let Some(x) = flags.get_mut(*f) {
                *x = true;
            }
        }
        World {
            tracks: std::array::from_fn(|i| s.tracks[i].start),
            trust: s.trust,
            domestic: s.domestic,
            flags,
            specs: Some(s.tracks),
        }
    }

    pub fn track(&self, t: Track) -> i32 {
        self.tracks[t.index()]
    }

    pub fn spec(&self, t: Track) -> TrackSpec {
        self.specs.map(|s| s[t.index()]).unwrap_or(TrackSpec {
            start: 0,
            min: i32::MIN,
            max: i32::MAX,
        })
    }

    pub fn set_track(&mut self, t: Track, v: i32) {
        self.tracks[t.index()] = self.spec(t).clamp(v);
    }

    pub fn move_track(&mut self, t: Track, by: i32) {
        self.set_track(t, self.track(t).saturating_add(by));
    }

    pub fn trust(&self, a: Delegation, b: Delegation) -> i32 {
        self.trust[a.index()][b.index()]
    }

    pub fn move_trust(&mut self, a: Delegation, b: Delegation, by: i32) {
        if a == b {
            return;
        }
        let t = &mut self.trust[a.index()][b.index()];
        *t = t.saturating_add(by).clamp(GAUGE_MIN, GAUGE_MAX);
    }

    pub fn domestic(&self, d: Delegation) -> i32 {
        self.domestic[d.index()]
    }

    pub fn move_domestic(&mut self, d: Delegation, by: i32) {
        let t = &mut self.domestic[d.index()];
        *t = t.saturating_add(by).clamp(GAUGE_MIN, GAUGE_MAX);
    }

    pub fn flag(&self, f: usize) -> bool {
        self.flags.get(f).copied().unwrap_or(false)
    }

    pub fn set_flag(&mut self, f: usize, on: bool) {
        if let Some(x) = self.flags.get_mut(f) {
            *x = on;
        }
    }

    /// Every track inside its range (an invariant the tests check).
    pub fn in_range(&self) -> bool {
        Track::ALL.iter().all(|t| {
            let s = self.spec(*t);
            (s.min..=s.max).contains(&self.track(*t))
        }) && self
            .trust
            .iter()
            .flatten()
            .chain(self.domestic.iter())
            .all(|v| (GAUGE_MIN..=GAUGE_MAX).contains(v))
    }
}
