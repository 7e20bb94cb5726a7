//! A generic multi-issue negotiation engine, nothing in it specific to
//! Ukraine: a domain is issues × options; each party has additive utilities
//! in basis points (0–10,000), a reservation value, and a concession
//! exponent. GENIUS's time-dependent tactic gives the target; a frequency
//! model (HardHeaded-style) estimates the others.

/// Utility in basis points: 10,000 is a party's ideal package.
pub type Bp = i32;

/// The shape of a domain: how many options each issue has.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Domain {
    pub options: Vec<usize>,
}

impl Domain {
    pub fn package_count(&self) -> u64 {
        self.options.iter().map(|n| *n as u64).product()
    }
}

/// One party's additive preferences: `table[issue][option]` is
/// weight × utility in basis points, so a package's utility is a sum.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Prefs {
    pub table: Vec<Vec<Bp>>,
}

impl Prefs {
    /// From weights (summing to 100) and option utilities (0–100).
    pub fn from_weights(weights: &[i32], utilities: &[Vec<i32>]) -> Prefs {
        Prefs {
            table: weights
                .iter()
                .zip(utilities)
                .map(|(w, us)| us.iter().map(|u| w * u).collect())
                .collect(),
        }
    }

    pub fn utility(&self, package: &[u8]) -> Bp {
        self.table
            .iter()
            .zip(package)
            .map(|(row, o)| row.get(*o as usize).copied().unwrap_or(0))
            .sum()
    }

    /// The best utility reachable (ignoring redlines).
    pub fn max(&self) -> Bp {
        self.table
            .iter()
            .map(|r| r.iter().copied().max().unwrap_or(0))
            .sum()
    }

    pub fn min(&self) -> Bp {
        self.table
            .iter()
            .map(|r| r.iter().copied().min().unwrap_or(0))
            .sum()
    }
}

/// GENIUS's time-dependent target: from `max` at t = 0 down to `reserve` at
/// t = 1, `target(t) = reserve + (max − reserve)·(1 − t^(1/e))`. `e` is in
/// hundredths: below 100 concedes late (Boulware), above 100 early
/// (Conceder). `libm` keeps the power identical on every platform.
pub fn target(reserve: Bp, max: Bp, t_num: u32, t_den: u32, e_hundredths: u32) -> Bp {
    if max <= reserve {
        return reserve;
    }
    let t = if t_den == 0 {
        1.0
    } else {
        (t_num as f64 / t_den as f64).clamp(0.0, 1.0)
    };
    let e = (e_hundredths.max(1) as f64) / 100.0;
    let f = 1.0 - libm::pow(t, 1.0 / e);
    reserve + libm::round((max - reserve) as f64 * f) as Bp
}

/// A frequency model of one opponent, after HardHeaded: options it offers
/// often score higher, and issues on which it keeps its option fixed weigh
/// more.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FrequencyModel {
    /// counts[issue][option]
    pub counts: Vec<Vec<u32>>,
    /// Unnormalised issue weights.
    pub weights: Vec<u32>,
    last: Option<Vec<u8>>,
}

impl FrequencyModel {
    pub fn new(domain: &Domain) -> FrequencyModel {
        FrequencyModel {
            counts: domain.options.iter().map(|n| vec![0; *n]).collect(),
            weights: vec![10; domain.options.len()],
            last: None,
        }
    }

    /// The opponent proposed (or accepted, with a smaller `strength`) this.
    pub fn observe(&mut self, package: &[u8], strength: u32) {
        for (i, o) in package.iter().enumerate() {
            if let Some(c) = self.counts.get_mut(i).and_then(|r| r.get_mut(*o as usize)) {
                *c += strength;
            }
        }
        if let Some(last) = &self.last {
            for (i, (a, b)) in last.iter().zip(package).enumerate() {
                if a == b {
                    if let Some(w) = self.weights.get_mut(i) {
                        *w += 2;
                    }
                }
            }
        }
        self.last = Some(package.to_vec());
    }

    /// The opponent said this issue matters most to it.
    pub fn learn_priority(&mut self, issue: usize) {
        if let Some(w) = self.weights.get_mut(issue) {
            *w += 20;
        }
    }

    /// Estimated utility of a package to the opponent, in basis points.
    pub fn estimate(&self, package: &[u8]) -> Bp {
        let wsum: u64 = self.weights.iter().map(|w| *w as u64).sum::<u64>().max(1);
        let mut acc: u64 = 0;
        for (i, o) in package.iter().enumerate() {
            let row = &self.counts[i];
            let max = row.iter().copied().max().unwrap_or(0);
            let c = row.get(*o as usize).copied().unwrap_or(0);
            // Laplace-smoothed share of the issue's most offered option.
            let v = (c as u64 * 2 + 1) * 10_000 / (max as u64 * 2 + 2);
            acc += v * self.weights[i] as u64;
        }
        (acc / wsum) as Bp
    }

    /// The same as `estimate`, as a per-issue table (for fast search).
    pub fn as_prefs(&self) -> Prefs {
        let wsum: u64 = self.weights.iter().map(|w| *w as u64).sum::<u64>().max(1);
        Prefs {
            table: self
                .counts
                .iter()
                .zip(&self.weights)
                .map(|(row, w)| {
                    let max = row.iter().copied().max().unwrap_or(0) as u64;
                    row.iter()
                        .map(|c| {
                            ((*c as u64 * 2 + 1) * 10_000 / (max * 2 + 2) * *w as u64 / wsum) as Bp
                        })
                        .collect()
                })
                .collect(),
        }
    }
}

/// Visit every package in mixed-radix order, with its utility for `own`
/// computed incrementally.
pub fn for_each_package(domain: &Domain, mut f: impl FnMut(&[u8])) {
    let n = domain.options.len();
    if domain.options.contains(&0) {
        return;
    }
    let mut p = vec![0u8; n];
    loop {
        f(&p);
        let mut i = 0;
        loop {
            if i == n {
                return;
            }
            p[i] += 1;
            if (p[i] as usize) < domain.options[i] {
                break;
            }
            p[i] = 0;
            i += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn target_runs_from_max_to_reserve() {
        assert_eq!(target(3000, 9000, 0, 10, 100), 9000);
        assert_eq!(target(3000, 9000, 10, 10, 100), 3000);
        assert_eq!(target(3000, 9000, 5, 10, 100), 6000);
        // Boulware holds out longer than Conceder at the same time.
        assert!(target(3000, 9000, 5, 10, 30) > target(3000, 9000, 5, 10, 300));
    }

    #[test]
    fn additive_utility() {
        let p = Prefs::from_weights(&[60, 40], &[vec![100, 0], vec![0, 50, 100]]);
        assert_eq!(p.utility(&[0, 2]), 10_000);
        assert_eq!(p.utility(&[1, 1]), 2_000);
        assert_eq!(p.max(), 10_000);
    }

    #[test]
    fn frequency_model_prefers_what_was_offered() {
        let d = Domain {
            options: vec![3, 3],
        };
        let mut m = FrequencyModel::new(&d);
        m.observe(&[0, 2], 2);
        m.observe(&[0, 1], 2);
        assert!(m.estimate(&[0, 1]) > m.estimate(&[2, 1]));
        // Issue 0 was kept fixed, so it weighs more than issue 1.
        assert!(m.weights[0] > m.weights[1]);
    }

    #[test]
    fn visits_every_package() {
        let d = Domain {
            options: vec![2, 3, 4],
        };
        let mut n = 0;
        for_each_package(&d, |_| n += 1);
        assert_eq!(n, 24);
    }
}
