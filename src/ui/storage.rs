//! The UI's window on the save folder. `App` never touches files: it asks
//! for saves through `Effect`s, and the loop carries them out with a
//! `Storage` — the real save folder in the program, a temporary one or a
//! list in memory in tests.

use crate::core::game::Game;

/// A save as the load and replay lists show it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SaveEntry {
    /// The save name (what `Storage::load` takes).
    pub name: String,
    /// One line: scenario, delegation, month, when saved — or why it
    /// cannot be read.
    pub label: String,
    /// False when the file cannot be read (listed, not loadable).
    pub ok: bool,
}

/// Saving and loading by save name.
pub trait Storage {
    /// Write `game` as `name`; on success, where it went (for the player).
    fn save(&mut self, name: &str, game: &Game) -> Result<String, String>;
    /// The saves in the folder, newest first.
    fn list(&mut self) -> Vec<SaveEntry>;
    /// Read and check a save; the game rebuilt from it.
    fn load(&mut self, name: &str) -> Result<Game, String>;
    /// Write the after-action report of `game` as `name`'s report; where
    /// it went.
    fn report(&mut self, _name: &str, _game: &Game) -> Result<String, String> {
        Err("no save folder to write it to".into())
    }
}

/// No save folder: every save fails with a reason, the list is empty.
pub struct NoStorage(pub String);

impl Storage for NoStorage {
    fn save(&mut self, _name: &str, _game: &Game) -> Result<String, String> {
        Err(self.0.clone())
    }
    fn list(&mut self) -> Vec<SaveEntry> {
        Vec::new()
    }
    fn load(&mut self, _name: &str) -> Result<Game, String> {
        Err(self.0.clone())
    }
}

/// The real save folder.
impl Storage for crate::save::Store {
    fn save(&mut self, name: &str, game: &Game) -> Result<String, String> {
        crate::save::Store::save(self, name, game)
            .map(|p| p.display().to_string())
            .map_err(|e| e.to_string())
    }

    fn list(&mut self) -> Vec<SaveEntry> {
        crate::save::Store::list(self)
            .into_iter()
            .map(|s| match s.info {
                Ok(i) => SaveEntry {
                    label: format!(
                        "{} · {} · {}{} · saved {}",
                        i.scenario,
                        if i.humans.is_empty() {
                            "machine only".to_string()
                        } else {
                            i.humans
                                .iter()
                                .map(|d| d.name())
                                .collect::<Vec<_>>()
                                .join(" + ")
                        },
                        i.month,
                        if i.over { " · over" } else { "" },
                        s.modified
                    ),
                    name: s.name,
                    ok: true,
                },
                Err(why) => SaveEntry {
                    label: format!("cannot be read: {why}"),
                    name: s.name,
                    ok: false,
                },
            })
            .collect()
    }

    fn load(&mut self, name: &str) -> Result<Game, String> {
        crate::save::Store::load(self, name)
            .map(|l| l.game)
            .map_err(|e| e.to_string())
    }

    fn report(&mut self, name: &str, game: &Game) -> Result<String, String> {
        // The save's name makes the report's, so it sits beside the save.
        let save = self.path_for(name).map_err(|e| e.to_string())?;
        let path = save.with_extension("md");
        std::fs::create_dir_all(self.dir())
            .and_then(|()| std::fs::write(&path, crate::report::markdown(game)))
            .map_err(|e| format!("cannot write {}: {}", path.display(), e.kind()))?;
        Ok(path.display().to_string())
    }
}
