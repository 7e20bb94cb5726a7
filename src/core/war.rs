//! The war model: one month of fighting, economics and politics.
//!
//! It is deliberately small and readable, so a class can argue with it:
//! - **Attrition.** Russian casualties grow by the daily rate × 30
//!   (B¶5: 1,500 a day). Losses drain Russian manpower; low manpower
//!   raises the pressure to mobilise (B¶5).
//! - **Munitions.** Ukraine burns one month of supply a month (B¶6: stocks
//!   to "fight through 2025"); aid, production and purchases refill them.
//! - **Momentum and territory.** Each side's strength — Ukraine's from
//!   munitions, manpower and Western support; Russia's from manpower,
//!   partners (B¶9) and economy — sets where momentum drifts, with a die
//!   for the fortunes of war. Momentum moves the front by slivers (B¶6):
//!   at full momentum about half a percent of Ukraine a month.
//! - **Economy.** Sanctions and long-range strikes wear the Russian
//!   economy down, partners prop it up (B¶5, B¶9); inflation follows the
//!   economy and the key rate follows inflation (B¶5: 9.5% and 21%).
//! - **Politics.** Western support fades a little each month without
//!   action; domestic pressure rises with losses, mobilisation talk,
//!   inflation and lost ground.
//! - **Escalation.** Long-range strikes raise the risk; it decays slowly.
//!   Above [`CRISIS_ZONE`] each month risks an escalation crisis.
//!
//! All arithmetic is on integers, so a replay is exact everywhere.

use crate::core::game::Game;
use crate::core::ids::{Delegation, Track};

/// Escalation risk from which a crisis can break out.
pub const CRISIS_ZONE: i32 = 85;

/// Russia's standing advantage in mass, in strength points.
const RU_MASS: i32 = 15;

pub fn move_war(g: &mut Game) {
    use Track::*;
    let w = &g.world;
    let t = |x: Track| w.track(x);

    // Strength of each side, roughly 0–100.
    let ua_strength = t(UaMunitions).clamp(0, 120) * 40 / 120
        + t(UaManpower) * 25 / 100
        + (t(UsCommitment) + t(EuCohesion)) * 35 / 200;
    // Russia's mass (population, industry) is worth a standing margin.
    let ru_strength = RU_MASS
        + t(RuManpower) * 45 / 100
        + t(RuPartnerSupport) * 25 / 100
        + t(RuEconomy) * 30 / 100;
    let target = ((ua_strength - ru_strength) * 2).clamp(-100, 100);
    let swing = g.rng.war.range(-10, 10);
    let momentum = t(Momentum) + (target - t(Momentum)) / 3 + swing;

    // Attrition: casualties in thousands; the rate rises when Russia attacks.
    let rate = t(RuCasualtyRate);
    let casualties = rate * 30 / 1000;
    let manpower_loss = casualties / 15;
    let partner_men = if t(RuPartnerSupport) >= 60 { 1 } else { 0 };

    // Territory moves against momentum, by slivers (tenths of a percent).
    let ground = -momentum / 20;

    // Economy.
    // Calibrated so that the economy sags slowly under today's sanctions
    // (B¶5: strained, not broken, through 2025) and faster when the West
    // turns the screws; levers and events add their own shocks.
    let econ =
        -(t(SanctionsPressure) - 60) / 20 - t(LongStrike) / 40 + (t(RuPartnerSupport) - 50) / 20;
    let inflation_target = 80 + (60 - t(RuEconomy)).max(0) * 2;
    let inflation = (inflation_target - t(RuInflation)) / 4;
    let key_rate = (t(RuInflation) + 110 - t(RuKeyRate)) / 4;

    let mob_push = if t(RuManpower) < 60 {
        (60 - t(RuManpower)) / 8 + 1
    } else {
        -1
    };

    let escalation = t(LongStrike) / 25 - 2;
    let munitions_burn = -10;
    let finance = -2 + (t(EuCohesion) - 50) / 25;

    // Domestic pressure.
    let ru_domestic = (if t(MobilisationPressure) >= 70 { 3 } else { 0 })
        + (if t(RuInflation) >= 120 { 2 } else { 0 })
        + (if ground < 0 { 2 } else { 0 })
        - 1;
    let ua_domestic =
        (if ground > 0 { 2 } else { 0 }) + (if t(UaMunitions) < 30 { 3 } else { 0 }) - 1;

    let wm = &mut g.world;
    wm.set_track(Momentum, momentum);
    wm.move_track(RuCasualties, casualties);
    wm.move_track(RuManpower, -manpower_loss + partner_men);
    wm.move_track(Occupied, ground);
    wm.move_track(RuEconomy, econ);
    wm.move_track(RuInflation, inflation);
    wm.move_track(RuKeyRate, key_rate);
    wm.move_track(MobilisationPressure, mob_push);
    wm.move_track(EscalationRisk, escalation);
    wm.move_track(UaMunitions, munitions_burn);
    wm.move_track(UaFinance, finance);
    wm.move_track(UaManpower, -1);
    wm.move_track(LongStrike, -3);
    wm.move_track(EuCohesion, -1);
    wm.move_domestic(Delegation::Russia, ru_domestic);
    wm.move_domestic(Delegation::Ukraine, ua_domestic);
    // Offensive tempo fades back toward the baseline rate.
    let base_rate = wm.spec(RuCasualtyRate).start;
    let r = wm.track(RuCasualtyRate);
    wm.set_track(RuCasualtyRate, r + (base_rate - r) / 2);
}

/// The tracks a month's news mentions: those that moved.
pub fn headline_changes(
    before: &[i32; Track::COUNT],
    after: &[i32; Track::COUNT],
) -> Vec<(Track, i32, i32)> {
    const SHOWN: [Track; 7] = [
        Track::Occupied,
        Track::Momentum,
        Track::RuCasualties,
        Track::UaMunitions,
        Track::RuEconomy,
        Track::RuInflation,
        Track::EscalationRisk,
    ];
    // Sized for all of them: one allocation, not a growing list.
    let mut changes = Vec::with_capacity(SHOWN.len());
    changes.extend(
        SHOWN
            .iter()
            .filter(|t| before[t.index()] != after[t.index()])
            .map(|t| (*t, before[t.index()], after[t.index()])),
    );
    changes
}
