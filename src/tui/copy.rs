//! `y` and `Y`: the selected resource's ARM id, or its name (a registry's
//! login server), to the clipboard. Not secrets, so never cleared.

use secrecy::SecretString;

use super::app::App;
use super::command::CommandKind;
use super::state::View;

impl App {
    /// Copies the selected resource's id, or (`name`) its name.
    pub(super) fn copy_selected(&mut self, name: bool) {
        let Some((text, what)) = self.selected_for_copy(name) else {
            return self.flash("nothing selected to copy", true);
        };
        self.run(CommandKind::Copy {
            text: SecretString::from(text),
            what,
            clear: false,
        });
    }

    /// (text, what it is) for the selection of the focused pane.
    fn selected_for_copy(&self, name: bool) -> Option<(String, String)> {
        match self.view {
            View::Registries => {
                let e = self.selected_registry()?;
                let r = e.reference();
                Some(if name {
                    (
                        e.info.login_server.clone(),
                        format!("the login server of {}", r.name),
                    )
                } else {
                    (r.id(), format!("the id of registry {}", r.name))
                })
            }
            View::ScopeMaps => {
                let map = &self.selected_scope_map()?.name;
                let id = self.current()?.scope_map_id(map);
                Some(pick(name, map, id, "scope map"))
            }
            View::Tokens => {
                let token = &self.selected_token()?.name;
                let id = self.current()?.token_id(token);
                Some(pick(name, token, id, "token"))
            }
            View::Audit => {
                let entry = *self.audit_entries().get(self.list().selected)?;
                let (registry, token) = self.audit_token(&entry)?;
                let id = registry.reference().token_id(&token.name);
                Some(pick(name, &token.name, id, "token"))
            }
            View::Repositories => {
                let repository = self.panes.repositories.selected(&self.pane_data())?;
                let login_server = &self.current_entry()?.info.login_server;
                Some(if name {
                    let what = format!("the name of repository {repository}");
                    (repository.to_string(), what)
                } else {
                    // What `docker pull` takes: the repository on its login server.
                    let what = format!("the reference of {repository}");
                    (format!("{login_server}/{repository}"), what)
                })
            }
            View::Identities => {
                let a = self.panes.identities.selected(&self.pane_data())?;
                Some(if name {
                    // What `az role assignment list --assignee` takes.
                    let what = format!("the principal id of {}", a.principal_id);
                    (a.principal_id.clone(), what)
                } else {
                    // What `az role assignment delete --ids` takes.
                    (a.id.clone(), "the role assignment's id".into())
                })
            }
        }
    }
}

fn pick(name: bool, resource: &str, id: String, kind: &str) -> (String, String) {
    if name {
        (
            resource.to_string(),
            format!("the name of {kind} {resource}"),
        )
    } else {
        (id, format!("the id of {kind} {resource}"))
    }
}
