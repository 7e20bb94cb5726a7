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
    target_at(reserve, max, concession(t_num, t_den, e_hundredths))
}

/// The share of the way from `max` still held at time `t_num / t_den`:
/// `1 − t^(1/e)`. A pure function of its arguments, so a caller may keep
/// it (the AI reuses it for every delegation with the same exponent).
pub fn concession(t_num: u32, t_den: u32, e_hundredths: u32) -> f64 {
    let t = if t_den == 0 {
        1.0
    } else {
        (t_num as f64 / t_den as f64).clamp(0.0, 1.0)
    };
    let e = (e_hundredths.max(1) as f64) / 100.0;
    1.0 - libm::pow(t, 1.0 / e)
}

/// [`target`] from a [`concession`] factor `f`.
pub fn target_at(reserve: Bp, max: Bp, f: f64) -> Bp {
    if max <= reserve {
        return reserve;
    }
    reserve + libm::round((max - reserve) as f64 * f) as Bp
}

/// The weight a stated or revealed priority adds to its issue.
pub const PRIORITY_WEIGHT: u32 = 20;

/// A frequency model of one opponent, after HardHeaded: options it offers
/// often score higher, and issues on which it keeps its option fixed weigh
/// more.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FrequencyModel {
    /// How often each option was asked for, issue after issue (a flat
    /// table: sixteen models are made per game, and one block is cheap to
    /// copy).
    counts: Vec<u32>,
    /// Per issue: where its options start in `counts`, how many, its
    /// (unnormalised) weight, and its largest count.
    issues: Vec<IssueStats>,
    /// The weights' sum. It and each largest count are kept in step by
    /// the mutators (counts only grow), so an estimate never scans for
    /// them.
    wsum: u64,
    last: Option<Vec<u8>>,
    /// Bumped by every change, so a reader can keep what it worked out
    /// from this model until the next change.
    version: u64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct IssueStats {
    start: usize,
    width: usize,
    weight: u32,
    max: u32,
}

impl FrequencyModel {
    pub fn new(domain: &Domain) -> FrequencyModel {
        let mut start = 0;
        let issues = domain
            .options
            .iter()
            .map(|n| {
                let s = IssueStats {
                    start,
                    width: *n,
                    weight: 10,
                    max: 0,
                };
                start += *n;
                s
            })
            .collect();
        FrequencyModel {
            counts: vec![0; start],
            issues,
            wsum: 10 * domain.options.len() as u64,
            last: None,
            version: 0,
        }
    }

    /// Issue `i`'s counts, one per option (empty if there is no such issue).
    pub fn counts(&self, i: usize) -> &[u32] {
        self.issues
            .get(i)
            .and_then(|s| self.counts.get(s.start..s.start + s.width))
            .unwrap_or(&[])
    }

    /// How many changes the model has seen: the same version, the same
    /// model.
    pub fn version(&self) -> u64 {
        self.version
    }

    /// Issue `i`'s unnormalised weight (0 if there is no such issue).
    pub fn weight(&self, i: usize) -> u32 {
        self.issues.get(i).map_or(0, |s| s.weight)
    }

    /// Count option `option` of `issue` `k` more times (nothing if there
    /// is no such option).
    pub fn add_count(&mut self, issue: usize, option: usize, k: u32) {
        self.version += 1;
        if let Some(s) = self.issues.get_mut(issue) {
            Self::count(&mut self.counts, s, option, k);
        }
    }

    fn count(counts: &mut [u32], s: &mut IssueStats, option: usize, k: u32) {
        if option < s.width {
            if let Some(c) = counts.get_mut(s.start + option) {
                *c += k;
                s.max = s.max.max(*c);
            }
        }
    }

    /// Weigh `issue` `k` more (nothing if there is no such issue).
    pub fn add_weight(&mut self, issue: usize, k: u32) {
        self.version += 1;
        if let Some(s) = self.issues.get_mut(issue) {
            s.weight += k;
            self.wsum += u64::from(k);
        }
    }

    /// The opponent proposed (or accepted, with a smaller `strength`) this.
    pub fn observe(&mut self, package: &[u8], strength: u32) {
        self.version += 1;
        for (s, o) in self.issues.iter_mut().zip(package) {
            Self::count(&mut self.counts, s, *o as usize, strength);
        }
        match &mut self.last {
            Some(last) => {
                for (s, (a, b)) in self.issues.iter_mut().zip(last.iter().zip(package)) {
                    if a == b {
                        s.weight += 2;
                        self.wsum += 2;
                    }
                }
                last.clear();
                last.extend_from_slice(package);
            }
            None => self.last = Some(package.to_vec()),
        }
    }

    /// The opponent said this issue matters most to it.
    pub fn learn_priority(&mut self, issue: usize) {
        self.add_weight(issue, PRIORITY_WEIGHT);
    }

    /// Each issue's counts with its stats.
    fn rows(&self) -> impl Iterator<Item = (&[u32], &IssueStats)> {
        self.issues.iter().map(|s| {
            (
                self.counts.get(s.start..s.start + s.width).unwrap_or(&[]),
                s,
            )
        })
    }

    /// Estimated utility of a package to the opponent, in basis points.
    pub fn estimate(&self, package: &[u8]) -> Bp {
        let wsum: u64 = self.wsum.max(1);
        let mut acc: u64 = 0;
        for ((row, s), o) in self.rows().zip(package) {
            let c = row.get(*o as usize).copied().unwrap_or(0);
            // Laplace-smoothed share of the issue's most offered option.
            let v = (c as u64 * 2 + 1) * 10_000 / (s.max as u64 * 2 + 2);
            acc += v * s.weight as u64;
        }
        (acc / wsum) as Bp
    }

    /// Add `w` × the estimate, issue by issue, into `obj[issue][option]`
    /// (the search's objective) without building a table.
    pub fn add_estimate(&self, w: i64, obj: &mut [Vec<i64>]) {
        self.add_estimate_with(w, obj, true);
    }

    /// As [`Self::add_estimate`]; without `weighted` every issue counts the
    /// same — a cruder model that only knows which options were asked for,
    /// not which issues the opponent holds fixed.
    pub fn add_estimate_with(&self, w: i64, obj: &mut [Vec<i64>], weighted: bool) {
        let total = self.total(weighted);
        for ((row, s), out) in self.rows().zip(obj.iter_mut()) {
            add_row(w, row, s, out, &total);
        }
    }

    /// As [`Self::add_estimate_with`], into a flat table: issue after
    /// issue, each with as many entries as it has options.
    pub fn add_estimate_flat(&self, w: i64, obj: &mut [i64], weighted: bool) {
        let total = self.total(weighted);
        let mut rest = obj;
        for (row, s) in self.rows() {
            let (out, tail) = rest.split_at_mut(row.len().min(rest.len()));
            rest = tail;
            add_row(w, row, s, out, &total);
        }
    }

    /// As [`Self::add_estimate_flat`] with `extra[i]` more weight on issue
    /// `i` (an empty `extra`: none) — an observer's private knowledge on
    /// top of the public record, without a copy of the model.
    pub fn add_estimate_flat_plus(&self, w: i64, obj: &mut [i64], weighted: bool, extra: &[u32]) {
        if extra.is_empty() || !weighted {
            return self.add_estimate_flat(w, obj, weighted);
        }
        let more: u64 = extra.iter().map(|k| u64::from(*k)).sum();
        let total = self.total_of(self.wsum + more, weighted);
        let mut rest = obj;
        for (i, (row, s)) in self.rows().enumerate() {
            let (out, tail) = rest.split_at_mut(row.len().min(rest.len()));
            rest = tail;
            let s = IssueStats {
                weight: s.weight + extra.get(i).copied().unwrap_or(0),
                ..*s
            };
            add_row(w, row, &s, out, &total);
        }
    }

    /// What the issue weights are divided by.
    fn total(&self, weighted: bool) -> Total {
        self.total_of(self.wsum, weighted)
    }

    /// [`Self::total`] for weights summing to `wsum`.
    fn total_of(&self, wsum: u64, weighted: bool) -> Total {
        let sum = if weighted {
            wsum.max(1)
        } else {
            self.issues.len().max(1) as u64
        };
        Total {
            sum,
            weighted,
            fast: (2..=u32::MAX as u64)
                .contains(&sum)
                .then(|| Reciprocal::new(sum as u32)),
        }
    }

    /// The same as `estimate`, as a per-issue table (for fast search),
    /// worked out from the counts alone.
    pub fn as_prefs(&self) -> Prefs {
        let wsum: u64 = self
            .rows()
            .map(|(_, s)| s.weight as u64)
            .sum::<u64>()
            .max(1);
        Prefs {
            table: self
                .rows()
                .map(|(row, s)| {
                    let max = row.iter().copied().max().unwrap_or(0) as u64;
                    row.iter()
                        .map(|c| {
                            ((*c as u64 * 2 + 1) * 10_000 / (max * 2 + 2) * s.weight as u64 / wsum)
                                as Bp
                        })
                        .collect()
                })
                .collect(),
        }
    }
}

/// The divisor of an estimate: the weights' sum (or, unweighted, the
/// number of issues), and its reciprocal when it fits 32 bits and is not 1.
struct Total {
    sum: u64,
    weighted: bool,
    fast: Option<Reciprocal>,
}

/// `w` × one issue's estimates into `out`.
#[inline]
fn add_row(w: i64, row: &[u32], s: &IssueStats, out: &mut [i64], total: &Total) {
    let iw = if total.weighted { s.weight as u64 } else { 1 };
    let den = s.max as u64 * 2 + 2;
    // The same integers in 32 bits when they fit (they always do in play:
    // counts and weights grow by a few a month), and each division then by
    // a reciprocal: exact for 32-bit operands (see `Reciprocal`), and this
    // runs for every option of every model at every offer the AI makes.
    match total.fast {
        Some(wsum) if den < 400_000 && iw < 400_000 => {
            let den = match DEN_RECIPROCALS.get(s.max as usize) {
                Some(r) => Reciprocal(*r),
                None => Reciprocal::new(den as u32),
            };
            let iw = iw as u32;
            for (c, o) in row.iter().zip(out.iter_mut()) {
                // (2c + 1)·10⁴ < 2³² since den = 2·max + 2 < 400,000, and
                // the quotient is below 10⁴, so times iw it is below 2³².
                let q = den.div((*c * 2 + 1) * 10_000);
                *o += w * wsum.div(q * iw) as i64;
            }
        }
        _ => {
            for (c, o) in row.iter().zip(out.iter_mut()) {
                let v = (*c as u64 * 2 + 1) * 10_000 / den * iw / total.sum;
                *o += w * v as i64;
            }
        }
    }
}

/// Division of 32-bit numbers by a fixed divisor `d` ≥ 2 as a multiply:
/// with `m = ⌈2⁶⁴ / d⌉ = ⌊(2⁶⁴ − 1) / d⌋ + 1`, `⌊n·m / 2⁶⁴⌋ = ⌊n / d⌋` for
/// every `n < 2³²`. (`n·m / 2⁶⁴ = n/d + n·e / (d·2⁶⁴)` with `e < d`, an
/// error below `n / 2⁶⁴ < 2⁻³² ≤ 1/d`, while `n/d` is at least `1/d`
/// short of the next integer.) A multiply is several times faster than a
/// division, and the estimate divides twice per option.
#[derive(Clone, Copy, Debug)]
struct Reciprocal(u64);

/// `Reciprocal::new(2·max + 2)` for the counts an issue reaches in a game,
/// worked out when the program is built: a division is slow, and every
/// estimate needs one per issue.
static DEN_RECIPROCALS: [u64; 512] = {
    let mut t = [0u64; 512];
    let mut max = 0;
    while max < t.len() {
        t[max] = u64::MAX / (2 * max as u64 + 2) + 1;
        max += 1;
    }
    t
};

impl Reciprocal {
    fn new(d: u32) -> Reciprocal {
        debug_assert!(d >= 2);
        Reciprocal(u64::MAX / u64::from(d.max(2)) + 1)
    }

    #[inline]
    fn div(self, n: u32) -> u32 {
        ((u128::from(n) * u128::from(self.0)) >> 64) as u32
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

/// The best package for the others, as `obj` scores them, among those that
/// give the searcher at least `target` by its own table `own` — a point on
/// the Pareto frontier of (own, obj), ties broken toward the searcher.
///
/// Exact branch and bound over the issues in order, exploiting additivity:
/// the bound on what the unassigned issues can still add is the Lagrangian
/// relaxation of the own-utility constraint, `Σ max(obj + λ·own) − λ·need`,
/// the tightest of a few fixed λ (any λ ≥ 0 gives a valid bound, so the
/// search stays exact); options are tried best-for-the-bound first. `prune`
/// is asked after each issue is set (with the issues set so far) whether
/// the partial package is already forbidden — redlines, for instance — so
/// forbidden branches are cut as soon as they are decided. `allowed[i]`, a
/// bit per option, rules options out before the search (a rule on one
/// issue needs no call at all); an empty slice allows everything.
///
/// Integer arithmetic throughout: the same offer on every machine.
pub fn frontier_offer(
    own: &[Vec<Bp>],
    obj: &[Vec<i64>],
    target: Bp,
    allowed: &[u64],
    prune: &mut dyn FnMut(usize, &[u8]) -> bool,
) -> Option<Offer> {
    let n = own.len();
    if n == 0
        || obj.len() != n
        || own
            .iter()
            .zip(obj)
            .any(|(a, b)| a.is_empty() || a.len() != b.len())
    {
        return None;
    }
    let widths: Vec<usize> = own.iter().map(Vec::len).collect();
    let own: Vec<Bp> = own.concat();
    let obj: Vec<i64> = obj.concat();
    let mut scratch = FrontierScratch::default();
    frontier_offer_flat(&mut scratch, &widths, &own, &obj, target, allowed, prune)
}

/// Buffers for [`frontier_offer_flat`], kept between searches so that a
/// search allocates nothing but the package it returns: the AI searches
/// about fifty times a game, ~30 nodes each, so the set-up is most of the
/// cost.
#[derive(Clone, Debug, Default)]
pub struct FrontierScratch {
    /// The allowed options of every issue, one issue after another, each
    /// issue's in search order.
    opts: Vec<Choice>,
    /// Per issue, then one past the last: its options in `opts` and the
    /// bounds on what it and the issues after it can add.
    levels: Vec<Level>,
    cur: Vec<u8>,
}

/// One allowed option as the search sees it: kept together so that the
/// sort moves one thing and a node reads one place.
#[derive(Clone, Copy, Debug, Default)]
struct Choice {
    /// The sort key, 8·obj + λ·own for the root's tightest λ.
    key: i64,
    own: i64,
    obj: i64,
    o: u8,
}

/// Issue `i` of the search: its options are `opts[a..b]`; `own_rest` is
/// the most that issues `i..` can add to own, `suffix[k]` the most they
/// can add to 8·obj + λₖ·own.
#[derive(Clone, Copy, Debug, Default)]
struct Level {
    a: usize,
    b: usize,
    own_rest: i64,
    suffix: [i64; LAMBDAS.len()],
}

/// [`frontier_offer`] on flat tables: issue `i` has `widths[i]` options,
/// and `own`, `obj` list every issue's options one issue after another.
/// The same search, the same offer.
pub fn frontier_offer_flat<F: FnMut(usize, &[u8]) -> bool + ?Sized>(
    s: &mut FrontierScratch,
    widths: &[usize],
    own: &[Bp],
    obj: &[i64],
    target: Bp,
    allowed: &[u64],
    prune: &mut F,
) -> Option<Offer> {
    let n = widths.len();
    let total: usize = widths.iter().sum();
    if n == 0 || widths.contains(&0) || own.len() != total || obj.len() != total {
        return None;
    }
    const K: usize = LAMBDAS.len();
    // Room for every option; the allowed ones are written in place (no
    // push, whose length update would keep the bounds out of registers).
    s.opts.resize(total, Choice::default());
    s.levels.clear();
    s.levels.reserve(n + 1);
    let mut base = 0;
    let mut k = 0;
    for (i, &w) in widths.iter().enumerate() {
        let (own_row, obj_row) = (&own[base..base + w], &obj[base..base + w]);
        base += w;
        let mask = allowed.get(i).copied().unwrap_or(u64::MAX);
        let a = k;
        // With each allowed option kept, the bounds for the first two λ
        // (the rest only if needed, below) and the best own utility.
        let (mut b0, mut b1, mut top) = (i64::MIN, i64::MIN, i64::MIN);
        let mut take = |o: usize, k: &mut usize| {
            let (ow, ob) = (own_row[o] as i64, obj_row[o]);
            if let Some(c) = s.opts.get_mut(*k) {
                *c = Choice {
                    key: 0,
                    own: ow,
                    obj: ob,
                    o: o as u8,
                };
            }
            *k += 1;
            let o8 = 8 * ob;
            top = top.max(ow);
            b0 = b0.max(o8);
            b1 = b1.max(o8 + 2 * ow);
        };
        // The allowed options in index order: a mask's set bits (options
        // past the 64th are always allowed).
        let mut bits = if w < 64 {
            mask & !(u64::MAX << w)
        } else {
            mask
        };
        while bits != 0 {
            take(bits.trailing_zeros() as usize, &mut k);
            bits &= bits - 1;
        }
        for o in 64..w {
            take(o, &mut k);
        }
        if k == a {
            return None;
        }
        let mut suffix = [0; K];
        (suffix[0], suffix[1]) = (b0, b1);
        s.levels.push(Level {
            a,
            b: k,
            own_rest: top,
            suffix,
        });
    }
    s.opts.truncate(k);
    let m = s.opts.len();
    s.levels.push(Level {
        a: m,
        b: m,
        own_rest: 0,
        suffix: [0; K],
    });
    let target = target as i64;
    let need = target.max(0);
    let own_max: i64 = s.levels.iter().map(|lv| lv.own_rest).sum();
    if own_max < target {
        return None;
    }
    // The bound Σᵢ maxₒ(8·obj + λ·own) − λ·need is convex in λ (a sum of
    // maxima of lines, less a line), so if the second λ does no better
    // than the first at the root, none after it does, and the first is
    // the tightest: the others are not worked out, and the search prunes
    // with the two (any λ gives a valid bound, so the offer is the same).
    let at_root = |k: usize, levels: &[Level]| {
        levels[..n].iter().map(|lv| lv.suffix[k]).sum::<i64>() - LAMBDAS[k] * need
    };
    let known = if at_root(1, &s.levels) >= at_root(0, &s.levels) {
        2
    } else {
        for lv in &mut s.levels[..n] {
            let mut best = [i64::MIN; K];
            for c in &s.opts[lv.a..lv.b] {
                let (ow, o8) = (c.own, 8 * c.obj);
                best[2] = best[2].max(o8 + 4 * ow);
                best[3] = best[3].max(o8 + 8 * ow);
                best[4] = best[4].max(o8 + 16 * ow);
                best[5] = best[5].max(o8 + 32 * ow);
                best[6] = best[6].max(o8 + 64 * ow);
                best[7] = best[7].max(o8 + 256 * ow);
            }
            lv.suffix[2..].copy_from_slice(&best[2..]);
        }
        K
    };
    // Per issue so far; summed from the last issue back.
    for i in (0..n).rev() {
        let next = s.levels[i + 1];
        let here = &mut s.levels[i];
        here.own_rest += next.own_rest;
        for (h, nx) in here.suffix[..known].iter_mut().zip(next.suffix) {
            *h += nx;
        }
    }
    let root = s.levels[0];
    // The λ with the tightest bound at the root orders the options:
    // best for the bound first, then best for us, then by index (options
    // are distinct, so the order is total).
    let bound = |k: usize| root.suffix[k] - LAMBDAS[k] * need;
    let kstar = (0..known).min_by_key(|k| (bound(*k), *k)).unwrap_or(0);
    let lam = LAMBDAS[kstar];
    for c in s.opts.iter_mut() {
        c.key = 8 * c.obj + lam * c.own;
    }
    for lv in &s.levels[..n] {
        let list = &mut s.opts[lv.a..lv.b];
        // Insertion sort, largest (key, own) first: a handful of options.
        // It is stable and the options start in index order, so ties go
        // to the lower index.
        for j in 1..list.len() {
            let c = list[j];
            let mut k = j;
            while k > 0 && (list[k - 1].key, list[k - 1].own) < (c.key, c.own) {
                list[k] = list[k - 1];
                k -= 1;
            }
            list[k] = c;
        }
    }
    // Every entry is written before it is read.
    s.cur.resize(n, 0);

    struct S<'a, F: ?Sized> {
        opts: &'a [Choice],
        levels: &'a [Level],
        target: i64,
        n: usize,
        cur: &'a mut [u8],
        /// How many λ the levels' `suffix` holds.
        known: usize,
        /// (obj, own) of the best package so far, which is in `best_pkg`.
        best: Option<(i64, i64)>,
        best_pkg: Vec<u8>,
        prune: &'a mut F,
        nodes: u64,
    }
    impl<F: FnMut(usize, &[u8]) -> bool + ?Sized> S<'_, F> {
        fn go(&mut self, i: usize, own_acc: i64, obj_acc: i64) {
            // The caller has checked that own can still reach the target.
            self.nodes += 1;
            let lv = &self.levels[i];
            if i == self.n {
                let better = match self.best {
                    None => true,
                    Some((bo, bu)) => obj_acc > bo || (obj_acc == bo && own_acc > bu),
                };
                if better {
                    self.best = Some((obj_acc, own_acc));
                    self.best_pkg.clear();
                    self.best_pkg.extend_from_slice(self.cur);
                }
                return;
            }
            if let Some((bo, bu)) = self.best {
                // The bound is ub = obj_acc + ⌊minₖ(suffixₖ − λₖ·need) / 8⌋;
                // cut when ub < bo, or ub = bo and we cannot beat `bu` on
                // own: that is ub < bo + tie, i.e. some k with
                // suffixₖ − λₖ·need < 8·(bo + tie − obj_acc).
                let tie = i64::from(own_acc + lv.own_rest <= bu);
                let lim = 8 * (bo + tie - obj_acc);
                let need = (self.target - own_acc).max(0);
                // The first two λ are always known (most searches know no
                // more): tested without a loop.
                if lv.suffix[0] < lim
                    || lv.suffix[1] - LAMBDAS[1] * need < lim
                    || lv.suffix[2..self.known]
                        .iter()
                        .zip(&LAMBDAS[2..])
                        .any(|(sk, l)| sk - l * need < lim)
                {
                    return;
                }
            }
            let opts: &[Choice] = &self.opts[lv.a..lv.b];
            let rest = self.levels[i + 1].own_rest;
            for c in opts {
                // A child that cannot reach the target is not visited.
                let own = own_acc + c.own;
                if own + rest < self.target {
                    continue;
                }
                self.cur[i] = c.o;
                if (self.prune)(i, &self.cur[..=i]) {
                    continue;
                }
                self.go(i + 1, own, obj_acc + c.obj);
            }
        }
    }
    let mut st = S {
        opts: &s.opts,
        levels: &s.levels,
        target,
        n,
        cur: &mut s.cur,
        known,
        best: None,
        best_pkg: Vec::with_capacity(n),
        prune,
        nodes: 0,
    };
    st.go(0, 0, 0);
    let nodes = st.nodes;
    st.best.map(|(obj, own)| Offer {
        package: st.best_pkg,
        own: own as Bp,
        obj,
        nodes,
    })
}

/// The multipliers of the Lagrangian bound in [`frontier_offer`]:
/// λ = LAMBDAS[k] / 8.
/// (The set-up in [`frontier_offer_flat`] spells them out.)
const LAMBDAS: [i64; 8] = [0, 2, 4, 8, 16, 32, 64, 256];
const _: () = assert!(
    LAMBDAS[0] == 0
        && LAMBDAS[1] == 2
        && LAMBDAS[2] == 4
        && LAMBDAS[3] == 8
        && LAMBDAS[4] == 16
        && LAMBDAS[5] == 32
        && LAMBDAS[6] == 64
        && LAMBDAS[7] == 256
);

/// A package found by [`frontier_offer`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Offer {
    pub package: Vec<u8>,
    /// Its utility to the searcher.
    pub own: Bp,
    /// Its score for the others.
    pub obj: i64,
    /// Search nodes visited (for benchmarks and tests).
    pub nodes: u64,
}

/// A generic negotiator: additive preferences, a reservation value, the
/// time-dependent tactic for its target, frequency models of its opponents,
/// offers on the modelled frontier and AC_next acceptance. The game's
/// delegations are this plus redlines and politics; the `bilateral` example
/// pits it against the field's reference agents.
#[derive(Clone, Debug)]
pub struct Negotiator {
    pub prefs: Prefs,
    /// Reservation value (BATNA), basis points.
    pub reserve: Bp,
    /// Concession exponent e, in hundredths.
    pub e_hundredths: u32,
    /// One model per opponent.
    pub models: Vec<FrequencyModel>,
}

impl Negotiator {
    pub fn new(prefs: Prefs, reserve: Bp, e_hundredths: u32, opponents: usize) -> Negotiator {
        let domain = Domain {
            options: prefs.table.iter().map(|r| r.len()).collect(),
        };
        Negotiator {
            models: vec![FrequencyModel::new(&domain); opponents],
            prefs,
            reserve,
            e_hundredths,
        }
    }

    pub fn target(&self, t: u32, deadline: u32) -> Bp {
        target(
            self.reserve,
            self.prefs.max(),
            t,
            deadline,
            self.e_hundredths,
        )
    }

    /// The offer at time `t`: at or above the target, best for the modelled
    /// opponents (equally weighted).
    pub fn offer(&self, t: u32, deadline: u32) -> Option<Offer> {
        let mut obj: Vec<Vec<i64>> = self.prefs.table.iter().map(|r| vec![0; r.len()]).collect();
        for m in &self.models {
            m.add_estimate(1, &mut obj);
        }
        let bar = self.target(t, deadline).max(self.reserve);
        frontier_offer(&self.prefs.table, &obj, bar, &[], &mut |_, _| false)
    }

    /// AC_next: accept what is at least the target now, or at least what
    /// our own next offer would give us; never below the reservation value.
    pub fn accepts(&self, package: &[u8], t: u32, deadline: u32) -> bool {
        let u = self.prefs.utility(package);
        if u < self.reserve {
            return false;
        }
        if u >= self.target(t, deadline) {
            return true;
        }
        let next = self.target(t + 1, deadline).max(self.reserve);
        // Our next offer gives at least `next`: below that, no need to look.
        if u < next {
            return false;
        }
        self.offer(t + 1, deadline).is_some_and(|o| u >= o.own)
    }

    /// Opponent `who` offered this package.
    pub fn observe(&mut self, who: usize, package: &[u8]) {
        if let Some(m) = self.models.get_mut(who) {
            m.observe(package, 2);
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
        assert!(m.weight(0) > m.weight(1));
    }

    /// The flat estimate reads the largest counts and the weights' sum
    /// kept by the mutators; they must agree with a table worked out from
    /// the counts alone.
    #[test]
    fn flat_estimate_matches_a_table_from_scratch() {
        let d = Domain {
            options: vec![3, 5, 2, 4],
        };
        let mut m = FrequencyModel::new(&d);
        let mut x = 7u64;
        for step in 0..60u32 {
            step_lcg(&mut x);
            let p: Vec<u8> = d
                .options
                .iter()
                .enumerate()
                .map(|(i, n)| ((x >> (8 * i + 16)) % *n as u64) as u8)
                .collect();
            match step % 4 {
                0 | 1 => m.observe(&p, 1 + step % 3),
                2 => m.add_count(step as usize % 5, (x >> 40) as usize % 6, 2),
                _ => m.add_weight(step as usize % 5, 3),
            }
            let table = m.as_prefs().table;
            let mut flat = vec![0i64; 14];
            m.add_estimate_flat(2, &mut flat, true);
            let want: Vec<i64> = table.concat().iter().map(|v| 2 * *v as i64).collect();
            assert_eq!(flat, want);
        }
    }

    #[test]
    fn reciprocal_divides_exactly() {
        let mut x = 1u64;
        let mut ds: Vec<u32> = (2..2000).collect();
        ds.extend([
            u32::MAX,
            u32::MAX - 1,
            1 << 31,
            (1 << 31) + 1,
            65_536,
            400_000,
            399_999,
        ]);
        for d in ds {
            let r = Reciprocal::new(d);
            let mut ns = vec![0, 1, d - 1, d, d.wrapping_add(1), u32::MAX, u32::MAX - 1];
            ns.extend((0..200).map(|_| (step_lcg(&mut x) >> 32) as u32));
            // Just below and at multiples of d near the top.
            let k = u32::MAX / d;
            ns.extend([k * d, k * d - 1, (k / 2 * d).wrapping_sub(1), k / 2 * d]);
            for n in ns {
                assert_eq!(r.div(n), n / d, "{n} / {d}");
            }
        }
    }

    #[test]
    fn reciprocal_table_is_the_reciprocals() {
        for (max, r) in DEN_RECIPROCALS.iter().enumerate() {
            assert_eq!(*r, Reciprocal::new(2 * max as u32 + 2).0);
        }
    }

    /// A tiny seeded generator for test data (Knuth's MMIX constants):
    /// advances `x` and returns it.
    fn step_lcg(x: &mut u64) -> u64 {
        *x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        *x
    }

    /// Brute force: the best obj among packages with own ≥ target.
    fn brute(own: &[Vec<Bp>], obj: &[Vec<i64>], target: Bp) -> Option<(i64, i64)> {
        let d = Domain {
            options: own.iter().map(|r| r.len()).collect(),
        };
        let mut best: Option<(i64, i64)> = None;
        for_each_package(&d, |p| {
            let u: i64 = p
                .iter()
                .enumerate()
                .map(|(i, o)| own[i][*o as usize] as i64)
                .sum();
            let v: i64 = p.iter().enumerate().map(|(i, o)| obj[i][*o as usize]).sum();
            if u >= target as i64 && best.is_none_or(|b| (v, u) > b) {
                best = Some((v, u));
            }
        });
        best
    }

    proptest::proptest! {
        #[test]
        fn frontier_offer_is_exact(
            own in proptest::collection::vec(proptest::collection::vec(0i32..2000, 1..6), 1..6),
            seed in 0u64..1000,
            target in 0i32..9000,
        ) {
            let mut x = seed;
            let obj: Vec<Vec<i64>> = own.iter().map(|r| r.iter().map(|_| {
                ((step_lcg(&mut x) >> 33) % 5000) as i64
            }).collect()).collect();
            let got = frontier_offer(&own, &obj, target, &[], &mut |_, _| false).map(|o| (o.obj, o.own as i64));
            proptest::prop_assert_eq!(got, brute(&own, &obj, target));
        }

        /// With options ruled out by the masks: the same as the brute
        /// force over what is left.
        #[test]
        fn frontier_offer_with_masks_is_exact(
            own in proptest::collection::vec(proptest::collection::vec(0i32..2000, 1..6), 1..6),
            seed in 0u64..1000,
            target in 0i32..9000,
        ) {
            let mut x = seed;
            let mut next = || step_lcg(&mut x) >> 33;
            let obj: Vec<Vec<i64>> =
                own.iter().map(|r| r.iter().map(|_| (next() % 5000) as i64).collect()).collect();
            let allowed: Vec<u64> = own.iter().map(|_| next() | next() << 31).collect();
            let got = frontier_offer(&own, &obj, target, &allowed, &mut |_, _| false)
                .map(|o| (o.obj, o.own as i64));
            // Ruled-out options cost the brute force everything.
            let own_left: Vec<Vec<Bp>> = own
                .iter()
                .zip(&allowed)
                .map(|(r, m)| {
                    r.iter()
                        .enumerate()
                        .map(|(o, u)| if m >> o & 1 == 1 { *u } else { -1_000_000 })
                        .collect()
                })
                .collect();
            proptest::prop_assert_eq!(got, brute(&own_left, &obj, target));
        }
    }

    #[test]
    fn pruned_branches_are_never_offered() {
        let own = vec![vec![0, 5000], vec![0, 5000]];
        let obj = vec![vec![10, 0], vec![10, 0]];
        // Forbid option 0 on issue 1.
        let o =
            frontier_offer(&own, &obj, 5000, &[], &mut |i, p| i == 1 && p[1] == 0).expect("offer");
        assert_eq!(o.package, vec![0, 1]);
        // The same through the allowed masks: option 0 of issue 1 ruled out.
        let o = frontier_offer(&own, &obj, 5000, &[0b11, 0b10], &mut |_, _| false).expect("offer");
        assert_eq!(o.package, vec![0, 1]);
        // Nothing allowed on an issue: no offer.
        assert!(frontier_offer(&own, &obj, 0, &[0b11, 0], &mut |_, _| false).is_none());
    }

    #[test]
    fn ac_next_accepts_what_the_next_offer_would_give() {
        let prefs = Prefs::from_weights(&[50, 50], &[vec![0, 40, 70, 100], vec![0, 40, 70, 100]]);
        let mut n = Negotiator::new(prefs, 2000, 100, 1);
        // The opponent keeps asking for option 1 on both issues, once 2.
        for _ in 0..3 {
            n.observe(0, &[1, 1]);
        }
        n.observe(0, &[2, 2]);
        // At t = 5 of 10 the target is 6000, at t = 6 it is 5200; the next
        // offer is the package the opponent likes best above 5200: worth
        // 5500 to us.
        assert_eq!(n.target(5, 10), 6000);
        assert_eq!(n.offer(6, 10).map(|o| o.own), Some(5500));
        // So 5500 is accepted now although it is below the target...
        assert!(n.prefs.utility(&[2, 1]) < n.target(5, 10));
        assert!(n.accepts(&[2, 1], 5, 10));
        // ...but 4000 is not.
        assert!(!n.accepts(&[1, 1], 5, 10));
        // Never below the reservation value, even at the deadline.
        assert!(n.accepts(&[0, 1], 10, 10));
        assert!(!n.accepts(&[0, 0], 10, 10));
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
