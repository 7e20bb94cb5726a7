//! The save folder: names (never paths), atomic writes with a backup, the
//! list for the title menu.

use super::format::{self, LoadError, Loaded, SaveFile};
use crate::core::game::Game;
use crate::core::ids::Delegation;
use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

/// A save larger than this is refused unread (a 12-month game is a few
/// hundred kilobytes at most).
pub const MAX_SAVE_BYTES: u64 = 8 * 1024 * 1024;

/// The longest save name.
pub const MAX_NAME: usize = 64;

/// Why a save could not be written.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error(
        "\"{0}\" is not a save name: use letters, digits, spaces, - and _ (a name, not a path)"
    )]
    BadName(String),
    #[error("a save name needs 1 to {MAX_NAME} characters")]
    NameLength,
    #[error(
        "{path} is not a save this version can read ({reason}); it is left as it is — choose another name"
    )]
    WouldOverwrite { path: String, reason: String },
    #[error("cannot write {path}: {reason}")]
    Write { path: String, reason: String },
    #[error("no save folder: set ARMISTICE_SAVES_DIR or use --saves-dir")]
    NoFolder,
}

/// A save as the lists show it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SaveSummary {
    pub name: String,
    pub path: PathBuf,
    /// When the file was last written, "2026-11-23 09:12" (UTC).
    pub modified: String,
    /// What it holds, or why it cannot be read.
    pub info: Result<SaveInfo, String>,
}

/// What a save holds, read without replaying it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SaveInfo {
    pub scenario: String,
    pub humans: Vec<Delegation>,
    /// "March 2025 (turn 2)".
    pub month: String,
    pub turn: u32,
    pub over: bool,
}

/// The save folder.
#[derive(Clone, Debug)]
pub struct Store {
    dir: PathBuf,
}

impl Store {
    pub fn open(dir: PathBuf) -> Store {
        Store { dir }
    }

    /// The platform's data folder for Armistice, `saves` in it.
    pub fn default_dir() -> Option<PathBuf> {
        directories::ProjectDirs::from("", "", "armistice").map(|p| p.data_dir().join("saves"))
    }

    /// The folder to use: the flag, else ARMISTICE_SAVES_DIR, else the
    /// platform's.
    pub fn resolve(cli_dir: Option<PathBuf>) -> Option<PathBuf> {
        cli_dir
            .or_else(|| {
                std::env::var_os("ARMISTICE_SAVES_DIR")
                    .filter(|v| !v.is_empty())
                    .map(PathBuf::from)
            })
            .or_else(Store::default_dir)
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The file of a save name; the name must be a plain name.
    pub fn path_for(&self, name: &str) -> Result<PathBuf, SaveError> {
        check_name(name)?;
        Ok(self.dir.join(format!("{name}.ron")))
    }

    /// Write `game` as `name`: the folder is created, the write is atomic,
    /// the previous save is kept as `name.ron.bak`.
    pub fn save(&self, name: &str, game: &Game) -> Result<PathBuf, SaveError> {
        let path = self.path_for(name)?;
        fs::create_dir_all(&self.dir).map_err(|e| SaveError::Write {
            path: self.dir.display().to_string(),
            reason: e.kind().to_string(),
        })?;
        write_save(&path, &SaveFile::of(game))?;
        Ok(path)
    }

    /// The file a `load`/`replay`/`report` argument means: a save of that
    /// name in the folder if there is one, else the path as given (else
    /// the name in the folder, so the error names where it looked).
    pub fn locate(&self, name_or_path: &str) -> PathBuf {
        if check_name(name_or_path).is_ok() {
            let in_folder = self.dir.join(format!("{name_or_path}.ron"));
            if in_folder.exists() || !Path::new(name_or_path).exists() {
                return in_folder;
            }
        }
        PathBuf::from(name_or_path)
    }

    /// Read, rebuild and check a save by name (or by path, if it is one).
    pub fn load(&self, name_or_path: &str) -> Result<Loaded, LoadError> {
        load_path(&self.locate(name_or_path))
    }

    /// Every save in the folder, newest first. Broken files are listed
    /// with the reason; backups and unfinished writes are not listed.
    pub fn list(&self) -> Vec<SaveSummary> {
        let Ok(entries) = fs::read_dir(&self.dir) else {
            return Vec::new();
        };
        let mut v: Vec<(std::time::SystemTime, SaveSummary)> = Vec::new();
        let mut scenarios: Vec<(
            String,
            Option<std::sync::Arc<crate::core::scenario::Scenario>>,
        )> = Vec::new();
        for e in entries.flatten() {
            let path = e.path();
            let Some(file) = path.file_name().and_then(|f| f.to_str()) else {
                continue;
            };
            let Some(name) = file.strip_suffix(".ron") else {
                continue;
            };
            if name.starts_with('.') {
                continue;
            }
            let modified = e
                .metadata()
                .and_then(|m| m.modified())
                .unwrap_or(std::time::UNIX_EPOCH);
            let info = read_path(&path)
                .and_then(|t| format::parse(&t, file))
                .map_err(|e| short_reason(&e))
                .map(|save| {
                    let s = match scenarios.iter().find(|(id, _)| *id == save.scenario) {
                        Some((_, s)) => s.clone(),
                        None => {
                            let s = format::scenario_of(&save, file).ok();
                            scenarios.push((save.scenario.clone(), s.clone()));
                            s
                        }
                    };
                    let turn = save.end.turn;
                    SaveInfo {
                        scenario: s.as_ref().map_or(save.scenario.clone(), |s| s.name.clone()),
                        humans: save.humans.clone(),
                        month: match &s {
                            Some(s) => format!("{} (turn {turn})", s.date_label(turn)),
                            None => format!("turn {turn}"),
                        },
                        turn,
                        over: save.end.outcome.is_some(),
                    }
                });
            v.push((
                modified,
                SaveSummary {
                    name: name.to_string(),
                    path: path.clone(),
                    modified: utc_label(modified),
                    info,
                },
            ));
        }
        v.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.name.cmp(&b.1.name)));
        v.into_iter().map(|(_, s)| s).collect()
    }
}

/// A save name is a name: letters, digits, spaces, `-`, `_` and `.` (not
/// first), at most `MAX_NAME` characters. `../x`, `/etc/x`, `C:x` fail.
pub fn check_name(name: &str) -> Result<(), SaveError> {
    let n = name.chars().count();
    if n == 0 || n > MAX_NAME {
        return Err(SaveError::NameLength);
    }
    let ok = name
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | ' ' | '.'))
        && !name.starts_with(['.', ' '])
        && !name.ends_with([' ', '.'])
        && !name.contains("..");
    if ok {
        Ok(())
    } else {
        Err(SaveError::BadName(name.to_string()))
    }
}

/// The reason of a load error without the file name (the list shows it).
fn short_reason(e: &LoadError) -> String {
    if let LoadError::Syntax {
        line,
        column,
        message,
        ..
    } = e
    {
        return format!("line {line}, column {column}: {message}");
    }
    let s = e.to_string();
    match s.split_once(": ") {
        Some((_, rest)) => rest.to_string(),
        None => s,
    }
}

/// Read a file for loading: size cap, then UTF-8.
fn read_path(path: &Path) -> Result<String, LoadError> {
    let origin = path.display().to_string();
    let meta = fs::metadata(path).map_err(|e| LoadError::Read {
        origin: origin.clone(),
        reason: e.kind().to_string(),
    })?;
    if !meta.is_file() {
        // A folder, a device (/dev/zero would never end) or a pipe.
        return Err(LoadError::Read {
            origin,
            reason: "not a regular file".into(),
        });
    }
    if meta.len() > MAX_SAVE_BYTES {
        return Err(LoadError::TooLarge {
            origin,
            size: meta.len(),
            limit: MAX_SAVE_BYTES,
        });
    }
    // The cap again while reading: the file may grow after the check.
    let read_err = |e: io::Error| LoadError::Read {
        origin: origin.clone(),
        reason: e.kind().to_string(),
    };
    let mut bytes = Vec::new();
    fs::File::open(path)
        .map_err(read_err)?
        .take(MAX_SAVE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(read_err)?;
    if bytes.len() as u64 > MAX_SAVE_BYTES {
        return Err(LoadError::TooLarge {
            origin,
            size: bytes.len() as u64,
            limit: MAX_SAVE_BYTES,
        });
    }
    format::text_of(bytes, &origin)
}

/// Read, rebuild and check the save at `path`.
pub fn load_path(path: &Path) -> Result<Loaded, LoadError> {
    let text = read_path(path)?;
    format::load_text(&text, &path.display().to_string())
}

/// Write a save file atomically: a temporary file beside it, flushed to
/// disk, then renamed over it, so the file is at every moment either the
/// old save or the new one. The previous file is kept as `.bak` (linked
/// or copied before the rename, so a crash between the two steps loses
/// nothing). A file that is there and does not load (cannot be read,
/// parsed or replayed) is never replaced.
pub fn write_save(path: &Path, save: &SaveFile) -> Result<(), SaveError> {
    let shown = path.display().to_string();
    let err = |e: io::Error| SaveError::Write {
        path: shown.clone(),
        reason: e.kind().to_string(),
    };
    if fs::symlink_metadata(path).is_ok() {
        if let Err(e) = load_path(path) {
            return Err(SaveError::WouldOverwrite {
                path: shown.clone(),
                reason: short_reason(&e),
            });
        }
    }
    let file = path
        .file_name()
        .map(|f| f.to_string_lossy().to_string())
        .unwrap_or_else(|| "save.ron".into());
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let tmp = dir.join(format!(".{file}.tmp-{}", std::process::id()));
    let text = save.to_ron();
    let written = (|| {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(text.as_bytes())?;
        f.write_all(b"\n")?;
        f.sync_all()?;
        if path.exists() {
            backup(path, &dir.join(format!("{file}.bak")), dir, &file)?;
        }
        fs::rename(&tmp, path)?;
        sync_dir(dir);
        Ok(())
    })();
    if let Err(e) = written {
        let _ = fs::remove_file(&tmp);
        return Err(err(e));
    }
    Ok(())
}

/// Keep `path` as `bak`, leaving `path` in place: a hard link (or a copy
/// where links are not possible) under a temporary name, renamed to `bak`.
fn backup(path: &Path, bak: &Path, dir: &Path, file: &str) -> io::Result<()> {
    let tmp = dir.join(format!(".{file}.bak-{}", std::process::id()));
    let _ = fs::remove_file(&tmp);
    let made = fs::hard_link(path, &tmp).or_else(|_| fs::copy(path, &tmp).map(|_| ()));
    let done = made.and_then(|()| fs::rename(&tmp, bak));
    if done.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    done
}

/// Make the renames durable (POSIX: the folder's entry is its own write).
/// Best effort: not every platform can open a folder.
fn sync_dir(dir: &Path) {
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

/// "2026-11-23 09:12" (UTC) for a file time.
fn utc_label(t: std::time::SystemTime) -> String {
    let secs = t
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0) as i64;
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}",
        rem / 3600,
        (rem % 3600) / 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_names_not_paths() {
        for ok in ["riyadh-2025-ukraine-seed7", "class 3B", "v1.2", "Київ"] {
            assert!(check_name(ok).is_ok(), "{ok}");
        }
        for bad in [
            "", "../x", "/etc/x", "a/b", "a\\b", ".hidden", "x..y", "C:x", "name.", " x",
        ] {
            assert!(check_name(bad).is_err(), "{bad:?} accepted");
        }
        assert!(check_name(&"x".repeat(MAX_NAME + 1)).is_err());
    }

    #[test]
    fn file_times_read_as_utc_dates() {
        let t = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_795_425_120);
        assert_eq!(utc_label(t), "2026-11-23 09:12");
        let leap = std::time::UNIX_EPOCH + std::time::Duration::from_secs(951_825_600);
        assert_eq!(utc_label(leap), "2000-02-29 12:00");
        assert_eq!(utc_label(std::time::UNIX_EPOCH), "1970-01-01 00:00");
    }
}
