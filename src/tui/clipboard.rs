//! Copying secrets: arboard (excluded from clipboard history) where there is
//! a display, OSC 52 through the terminal otherwise (SSH), or a file for tests
//! (`ACRTUI_CLIPBOARD=file:PATH`). Cleared after a timeout, and on exit, but
//! only if the clipboard still holds what acrtui put there.

use std::io::Write;
use std::path::PathBuf;
use std::sync::Mutex;

use base64::Engine;
use secrecy::{ExposeSecret, SecretString};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Backend {
    File(PathBuf),
    Arboard,
    Osc52,
}

pub struct Clipboard {
    backend: Backend,
    /// Kept alive: on X11 the clipboard content lives as long as its owner.
    arboard: Mutex<Option<arboard::Clipboard>>,
    pub in_tmux: bool,
}

impl std::fmt::Debug for Clipboard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Clipboard({:?})", self.backend)
    }
}

impl Clipboard {
    /// Chooses the backend from the environment.
    pub fn from_env() -> Clipboard {
        let in_tmux = std::env::var_os("TMUX").is_some();
        if let Some(path) = std::env::var("ACRTUI_CLIPBOARD")
            .ok()
            .and_then(|v| v.strip_prefix("file:").map(PathBuf::from))
        {
            return Clipboard {
                backend: Backend::File(path),
                arboard: Mutex::new(None),
                in_tmux,
            };
        }
        let display = std::env::var_os("DISPLAY").is_some()
            || std::env::var_os("WAYLAND_DISPLAY").is_some()
            || cfg!(any(target_os = "macos", target_os = "windows"));
        let arboard = if display {
            arboard::Clipboard::new().ok()
        } else {
            None
        };
        let backend = if arboard.is_some() {
            Backend::Arboard
        } else {
            Backend::Osc52
        };
        Clipboard {
            backend,
            arboard: Mutex::new(arboard),
            in_tmux,
        }
    }

    pub fn backend(&self) -> &Backend {
        &self.backend
    }

    /// Copies; returns how (for the status line).
    pub fn copy(&self, text: &SecretString) -> Result<String, String> {
        match &self.backend {
            Backend::File(path) => std::fs::write(path, text.expose_secret())
                .map(|_| "the test file clipboard".into())
                .map_err(|e| e.to_string()),
            Backend::Arboard => {
                let mut guard = self.arboard.lock().unwrap_or_else(|e| e.into_inner());
                let Some(cb) = guard.as_mut() else {
                    return self.osc52(text.expose_secret());
                };
                let set = cb.set();
                #[cfg(target_os = "linux")]
                let set = arboard::SetExtLinux::exclude_from_history(set);
                match set.text(text.expose_secret()) {
                    Ok(()) => Ok("the system clipboard".into()),
                    Err(_) => self.osc52(text.expose_secret()),
                }
            }
            Backend::Osc52 => self.osc52(text.expose_secret()),
        }
    }

    fn osc52(&self, text: &str) -> Result<String, String> {
        let payload = base64::engine::general_purpose::STANDARD.encode(text);
        let seq = if self.in_tmux {
            format!("\x1bPtmux;\x1b\x1b]52;c;{payload}\x07\x1b\\")
        } else {
            format!("\x1b]52;c;{payload}\x07")
        };
        let mut out = std::io::stdout();
        out.write_all(seq.as_bytes())
            .and_then(|_| out.flush())
            .map_err(|e| e.to_string())?;
        Ok(if self.in_tmux {
            "OSC 52 (tmux may keep a copy in its buffers)".into()
        } else {
            "OSC 52 through the terminal".into()
        })
    }

    /// Clears the clipboard if it still holds `text` (OSC 52 cannot be read back: always cleared).
    pub fn clear_if_unchanged(&self, text: &SecretString) -> bool {
        match &self.backend {
            Backend::File(path) => {
                let same = std::fs::read_to_string(path).is_ok_and(|c| c == text.expose_secret());
                same && std::fs::write(path, "").is_ok()
            }
            Backend::Arboard => {
                let mut guard = self.arboard.lock().unwrap_or_else(|e| e.into_inner());
                let Some(cb) = guard.as_mut() else {
                    return false;
                };
                let same = cb.get_text().is_ok_and(|c| c == text.expose_secret());
                same && cb.clear().is_ok()
            }
            Backend::Osc52 => self.osc52("").is_ok(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_backend_copies_and_clears_only_its_own_text() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("clip");
        let cb = Clipboard {
            backend: Backend::File(path.clone()),
            arboard: Mutex::new(None),
            in_tmux: false,
        };
        let secret = SecretString::from("s3cret");
        cb.copy(&secret).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "s3cret");
        std::fs::write(&path, "something else").unwrap();
        assert!(
            !cb.clear_if_unchanged(&secret),
            "not ours any more: left alone"
        );
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "something else");
        cb.copy(&secret).unwrap();
        assert!(cb.clear_if_unchanged(&secret));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "");
    }
}
