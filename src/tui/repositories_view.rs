//! The Repositories view's reads: a registry's repositories come from its
//! login server, on demand (the first time the view shows that registry,
//! and again on `r`), never with the inventory: listing them costs a token
//! exchange and a request per repository counted.

use super::app::App;
use super::command::CommandKind;
use super::state::{RepositoriesLoad, View};

impl App {
    /// Reads the current registry's repositories when the Repositories view
    /// shows a registry whose repositories were never asked for. Called
    /// after every message, so it covers every way into the view (keys,
    /// `:repos`, a click, the registry list arriving).
    pub(super) fn read_repositories_when_shown(&mut self) {
        if self.view != View::Repositories {
            return;
        }
        let Some(entry) = self.current_entry() else {
            return;
        };
        if self.store.repositories(entry.reference()).is_none() {
            self.read_repositories();
        }
    }

    /// Reads the current registry's repositories (again).
    pub(super) fn read_repositories(&mut self) {
        let Some(entry) = self.current_entry() else {
            return;
        };
        let registry = entry.reference().clone();
        let login_server = entry.info.login_server.clone();
        self.store
            .set_repositories(registry.clone(), RepositoriesLoad::Reading);
        self.run(CommandKind::ReadRepositories {
            registry,
            login_server,
        });
    }
}
