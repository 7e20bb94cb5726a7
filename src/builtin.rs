//! The built-in scenarios, compiled into the binary, and finding a scenario
//! by id or by path.

use crate::core::scenario::{Scenario, ScenarioError, compile};
use std::path::Path;

/// (id, RON text) of each built-in scenario; the first is the default.
pub const BUILTIN: [(&str, &str); 2] = [
    (
        "riyadh-2025",
        include_str!("../assets/scenarios/riyadh-2025.ron"),
    ),
    (
        "thanksgiving-2025",
        include_str!("../assets/scenarios/thanksgiving-2025.ron"),
    ),
];

pub const DEFAULT_SCENARIO: &str = "riyadh-2025";

#[derive(Debug, thiserror::Error)]
pub enum FindError {
    #[error("unknown scenario \"{0}\" (built-in: {list}; or give the path of a .ron file)", list = builtin_ids().join(", "))]
    Unknown(String),
    #[error("cannot read {path}: {reason}")]
    Read { path: String, reason: String },
    #[error("{0}")]
    Scenario(#[from] ScenarioError),
}

pub fn builtin_ids() -> Vec<&'static str> {
    BUILTIN.iter().map(|(id, _)| *id).collect()
}

/// A built-in scenario by id.
pub fn builtin(id: &str) -> Option<Result<Scenario, ScenarioError>> {
    BUILTIN
        .iter()
        .find(|(i, _)| *i == id)
        .map(|(i, text)| compile::load(text, &format!("{i}.ron (built-in)")))
}

/// A scenario by built-in id, or else by file path.
pub fn find(id_or_path: &str) -> Result<Scenario, FindError> {
    if let Some(s) = builtin(id_or_path) {
        return Ok(s?);
    }
    let path = Path::new(id_or_path);
    if path.extension().is_some_and(|e| e == "ron") || path.exists() {
        let text = read_text(path)?;
        let mut s = compile::load(&text, id_or_path)?;
        s.file = Some(id_or_path.to_string());
        return Ok(s);
    }
    Err(FindError::Unknown(id_or_path.to_string()))
}

/// Read a file as UTF-8 text, with a one-line error.
pub fn read_text(path: &Path) -> Result<String, FindError> {
    let bytes = std::fs::read(path).map_err(|e| FindError::Read {
        path: path.display().to_string(),
        reason: e.kind().to_string(),
    })?;
    String::from_utf8(bytes).map_err(|e| FindError::Read {
        path: path.display().to_string(),
        reason: format!(
            "not UTF-8 text (bad byte at offset {})",
            e.utf8_error().valid_up_to()
        ),
    })
}
