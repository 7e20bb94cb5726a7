//! Saved games. A save is a RON document: the format version, the scenario
//! (id and a hash of its text), the setup, the full log of steps, a digest
//! of the state at the end of every month, and a snapshot of the end.
//! Loading rebuilds the game from scenario, seed and log and checks it
//! against the record; a save that does not replay exactly is refused with
//! the month where it parts. Files are written atomically, the previous
//! save kept as a backup, and a broken file is never overwritten.

//!
//! The API, for the program and the terminal UI:
//! - [`Store`]: the save folder. [`Store::resolve`] picks it (the
//!   `--saves-dir` flag, else `ARMISTICE_SAVES_DIR`, else
//!   [`Store::default_dir`], `data_dir()/saves`); [`Store::open`],
//!   [`Store::dir`]; [`Store::save`] writes a game under a save name (a
//!   name, never a path) and returns the file; [`Store::list`] gives a
//!   [`SaveSummary`] per file, broken ones with the reason;
//!   [`Store::load`] takes a save name or a path ([`Store::locate`] says
//!   which file that is).
//! - [`load_path`]: read, rebuild and check a save file: a [`Loaded`] (the
//!   game and the parsed [`SaveFile`]) or a one-line [`LoadError`].
//! - [`verify`]: replay a parsed save headless; `None` when exact, else the
//!   first month that parts from the record.
//! - [`write_save`]: the atomic write with a backup, for a path given on
//!   the command line.

pub mod format;
pub mod store;

pub use format::{FORMAT_VERSION, LoadError, Loaded, SaveFile, verify};
pub use store::{SaveError, SaveInfo, SaveSummary, Store, check_name, load_path, write_save};
