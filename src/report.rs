//! The after-action report: a finished (or stopped) game told in Markdown
//! for a class to read.

use crate::core::game::Game;

/// The report for a game, in Markdown.
pub fn markdown(g: &Game) -> String {
    // First cut: the headless summary. The full report (timeline, scores,
    // charts) replaces this.
    let you: Vec<_> = g.setup.humans.iter().collect();
    format!(
        "# Armistice — {}\n\n```\n{}```\n",
        g.scenario.name,
        crate::story::summary(g, &you)
    )
}
