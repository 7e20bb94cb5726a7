//! Saved games. A save is a RON document: the format version, the scenario
//! (id and a hash of its text), the setup, the full log of steps, a digest
//! of the state at the end of every month, and a snapshot of the end.
//! Loading rebuilds the game from scenario, seed and log and checks it
//! against the record; a save that does not replay exactly is refused with
//! the month where it parts. Files are written atomically, the previous
//! save kept as a backup, and a broken file is never overwritten.

pub mod format;
pub mod store;

pub use format::{FORMAT_VERSION, LoadError, Loaded, SaveFile};
pub use store::{SaveError, SaveInfo, SaveSummary, Store, check_name, load_path, write_save};
