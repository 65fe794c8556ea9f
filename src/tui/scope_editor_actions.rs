//! The scope-map editor's openers: a new map, an edit, a copy; each reads
//! the registry's repositories so the rules show their reach.

use super::app::App;
use super::command::CommandKind;
use super::popups::Popup;
use super::popups::scope_editor::ScopeEditor;

impl App {
    pub(super) fn open_scope_editor(&mut self, edit: bool) {
        let Some(entry) = self.current_entry() else {
            return;
        };
        let registry = entry.reference().clone();
        if !edit {
            let mut editor = ScopeEditor::new(registry, None, Vec::new());
            editor.taken = entry
                .contents()
                .map(|c| c.scope_maps.iter().map(|m| m.name.clone()).collect())
                .unwrap_or_default();
            self.open_editor(editor);
            return;
        }
        let Some(map) = self.selected_scope_map() else {
            return;
        };
        if map.system {
            let copy = self.keymap.first_key(
                crate::tui::keymap::Context::ScopeMaps,
                crate::tui::action::Action::CloneScopeMap,
            );
            return self.flash(
                format!(
                    "{} is a system scope map: it cannot be changed; {copy} copies it into one you can edit",
                    map.name
                ),
                true,
            );
        }
        let users = self.token_names_using(&map.name);
        let editor = ScopeEditor::new(
            registry,
            Some((&map.name, map.description.as_deref(), &map.actions)),
            users,
        );
        self.open_editor(editor);
    }

    /// The scope-map editor, and a read of the registry's repositories so
    /// each rule shows what it reaches.
    pub(super) fn open_editor(&mut self, editor: ScopeEditor) {
        let login_server = self
            .store
            .registries()
            .iter()
            .find(|e| *e.reference() == editor.registry)
            .map(|e| e.info.login_server.clone());
        let registry = editor.registry.clone();
        self.open(Popup::ScopeEditor(editor));
        if let Some(login_server) = login_server {
            self.run(CommandKind::ReadCatalog {
                registry,
                login_server,
            });
        }
    }

    /// A new scope map that starts as a copy of the selected one (a system
    /// map included: the way to an editable variant of it).
    pub(super) fn open_scope_clone(&mut self) {
        let (Some(registry), Some(map)) = (self.current(), self.selected_scope_map()) else {
            return;
        };
        let taken = self
            .current_entry()
            .and_then(|e| e.contents())
            .map(|c| c.scope_maps.iter().map(|m| m.name.clone()).collect())
            .unwrap_or_default();
        let editor = ScopeEditor::clone_of(registry, map, taken);
        self.open_editor(editor);
    }
}
