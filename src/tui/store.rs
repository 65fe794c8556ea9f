//! The console's data store: subscriptions, registries and their contents,
//! and the inventory's progress.
//!
//! Its fields are private and only its methods change them, each of which
//! bumps the version that every cached view is keyed by: code that changes
//! the data cannot forget to invalidate what is derived from it.

use crate::arm::inventory::Event;
use crate::arm::{RegistryInfo, RegistryRef, SubscriptionInfo};

use super::identities_view::IdentitiesLoad;
use super::state::{Contents, Load, Progress, RegistryEntry, RepositoriesLoad};

#[derive(Debug, Default)]
pub struct Store {
    subscriptions: Vec<SubscriptionInfo>,
    registries: Vec<RegistryEntry>,
    progress: Progress,
    /// Repositories per registry, read on demand (the Repositories view).
    repositories: std::collections::HashMap<RegistryRef, RepositoriesLoad>,
    /// Role assignments per registry, read on demand (the Identities view).
    identities: std::collections::HashMap<RegistryRef, IdentitiesLoad>,
    version: u64,
    /// Whole-tenant refreshes so far: the entries listed in the current one
    /// carry its number, and those no longer listed go when it is done.
    refresh: u64,
}

impl Store {
    pub fn subscriptions(&self) -> &[SubscriptionInfo] {
        &self.subscriptions
    }

    /// Registries ordered by subscription name, then registry name.
    pub fn registries(&self) -> &[RegistryEntry] {
        &self.registries
    }

    pub fn progress(&self) -> &Progress {
        &self.progress
    }

    /// Changes with every change of the data.
    pub fn version(&self) -> u64 {
        self.version
    }

    pub fn entry(&self, r: &RegistryRef) -> Option<&RegistryEntry> {
        self.registries.iter().find(|e| e.reference() == r)
    }

    /// A registry's repositories, if they were asked for.
    pub fn repositories(&self, r: &RegistryRef) -> Option<&RepositoriesLoad> {
        self.repositories.get(r)
    }

    /// A registry's identities, if they were asked for.
    pub fn identities(&self, r: &RegistryRef) -> Option<&IdentitiesLoad> {
        self.identities.get(r)
    }

    // ----- changes (each bumps the version) -----

    /// Whether a whole-tenant refresh has run (the rows are from a read before).
    pub fn refreshed(&self) -> bool {
        self.refresh > 0
    }

    /// A whole-tenant re-read begins: the rows stay on screen, each replaced
    /// when its new read arrives; registries no longer listed go when it is done.
    pub fn begin_refresh(&mut self) {
        self.refresh += 1;
        self.progress = Progress::default();
        self.repositories.clear();
        self.identities.clear();
        self.version += 1;
    }

    /// Subscriptions known before the inventory answers (a warm start).
    pub fn set_subscriptions(&mut self, subscriptions: Vec<SubscriptionInfo>) {
        // Registries of a warm start arrived under the names of last time.
        for e in &mut self.registries {
            let id = &e.info.registry.subscription;
            if let Some(s) = subscriptions.iter().find(|s| &s.id == id) {
                e.subscription_name.clone_from(&s.display_name);
            }
        }
        self.subscriptions = subscriptions;
        // Rows that came before the names (Resource Graph's, shown early)
        // sorted under subscription ids: they sort as always now.
        self.sort_registries();
        self.version += 1;
    }

    /// Takes in one inventory event.
    pub fn absorb(&mut self, event: Event) {
        match event {
            Event::Subscriptions(subs) => return self.set_subscriptions(subs),
            Event::SubscriptionGone { subscription } => self.drop_subscription(&subscription),
            Event::Registries {
                subscription,
                registries,
                ..
            } => self.add_registries(&subscription, registries),
            Event::RegistryLoaded {
                registry,
                scope_maps,
                tokens,
            } => {
                self.progress.done += 1;
                let contents = Load::Loaded(Contents::by_name(scope_maps, tokens));
                self.set_loaded(registry, contents);
            }
            Event::RegistryFailed { registry, error } => {
                self.progress.done += 1;
                self.set_loaded(registry, Load::Failed(error));
            }
            Event::TokensPage { registry, tokens } => match self.entry_mut(&registry) {
                Some(e) => e.add_streamed(tokens),
                // A registry not (or no longer) listed: nothing changed.
                None => return,
            },
            Event::SubscriptionFailed {
                subscription,
                error,
            } => self
                .progress
                .subscription_failures
                .push((subscription, error)),
            Event::Done { .. } => {
                self.progress.finished = true;
                self.drop_unlisted();
            }
            Event::Failed(error) => {
                self.progress.finished = true;
                self.progress.failure = Some(error);
            }
        }
        self.version += 1;
    }

    fn drop_subscription(&mut self, subscription: &str) {
        let gone = |e: &RegistryEntry| e.info.registry.subscription == subscription;
        let (count, done) = self
            .registries
            .iter()
            .filter(|e| gone(e))
            .fold((0, 0), |(n, d), e| {
                (n + 1, d + usize::from(!matches!(e.contents, Load::Loading)))
            });
        self.registries.retain(|e| !gone(e));
        self.progress.expected = self.progress.expected.saturating_sub(count);
        self.progress.done = self.progress.done.saturating_sub(done);
    }

    fn add_registries(&mut self, subscription: &str, registries: Vec<RegistryInfo>) {
        let name = self
            .subscriptions
            .iter()
            .find(|s| s.id == subscription)
            .map_or(subscription, |s| s.display_name.as_str())
            .to_string();
        self.progress.expected += registries.len();
        let refresh = self.refresh;
        for info in registries {
            if let Some(e) = self.entry_mut(&info.registry) {
                // Listed again by a refresh: its rows stay until replaced.
                e.info = info;
                e.subscription_name.clone_from(&name);
                e.listed_in = refresh;
                continue;
            }
            self.registries.push(RegistryEntry {
                info,
                subscription_name: name.clone(),
                contents: Load::Loading,
                streamed: Vec::new(),
                stale: None,
                listed_in: self.refresh,
            });
        }
        self.sort_registries();
    }

    /// By subscription name, then registry name.
    fn sort_registries(&mut self) {
        self.registries.sort_by(|a, b| {
            (&a.subscription_name, &a.info.registry.name)
                .cmp(&(&b.subscription_name, &b.info.registry.name))
        });
    }

    fn set_loaded(&mut self, info: RegistryInfo, contents: Load<Contents>) {
        if let Some(e) = self.entry_mut(&info.registry.clone()) {
            e.info = info;
            e.replace_contents(contents);
        }
    }

    /// After a whole-tenant refresh: registries it did not list are gone,
    /// but for those of a subscription it could not list, which stay, stale.
    fn drop_unlisted(&mut self) {
        let refresh = self.refresh;
        let failures = &self.progress.subscription_failures;
        self.registries.retain_mut(|e| {
            if e.listed_in == refresh {
                return true;
            }
            let failed = failures
                .iter()
                .find(|(s, _)| s.eq_ignore_ascii_case(&e.info.registry.subscription));
            if let Some((_, error)) = failed {
                e.stale = Some(error.clone());
            }
            failed.is_some()
        });
    }

    /// A registry read again outside the inventory (not part of its progress).
    /// Whether the registry is still listed.
    pub fn reload(&mut self, registry: &RegistryRef, contents: Load<Contents>) -> bool {
        self.version += 1;
        match self.entry_mut(registry) {
            Some(e) => {
                e.replace_contents(contents);
                true
            }
            None => false,
        }
    }

    /// A registry's properties as the service now has them.
    pub fn set_info(&mut self, mut info: RegistryInfo) {
        self.version += 1;
        if let Some(e) = self.entry_mut(&info.registry.clone()) {
            // Read at an api-version without the mode: the one known stays.
            if info.role_assignment_mode.is_none() {
                info.role_assignment_mode = e.info.role_assignment_mode.take();
            }
            e.info = info;
        }
    }

    /// Changes a loaded registry's contents; `None` when it is not loaded.
    pub fn change<R>(
        &mut self,
        registry: &RegistryRef,
        f: impl FnOnce(&mut Contents) -> R,
    ) -> Option<R> {
        self.version += 1;
        match self.entry_mut(registry).map(|e| &mut e.contents) {
            Some(Load::Loaded(c)) => Some(f(c)),
            _ => None,
        }
    }

    /// A registry's repositories as now known (reading, read, failed).
    pub fn set_repositories(&mut self, registry: RegistryRef, load: RepositoriesLoad) {
        self.version += 1;
        self.repositories.insert(registry, load);
    }

    /// A registry's identities as now known; a mode read with them is the
    /// registry's mode from now on (the registries pane shows it).
    pub fn set_identities(&mut self, registry: RegistryRef, load: IdentitiesLoad) {
        self.version += 1;
        if let IdentitiesLoad::Read(read) = &load
            && let Some(e) = self.entry_mut(&registry)
        {
            e.info.role_assignment_mode = Some(
                read.mode
                    .clone()
                    .unwrap_or_else(|| "LegacyRegistryPermissions".into()),
            );
        }
        self.identities.insert(registry, load);
    }

    fn entry_mut(&mut self, r: &RegistryRef) -> Option<&mut RegistryEntry> {
        self.registries.iter_mut().find(|e| e.reference() == r)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::arm::ArmError;

    #[test]
    fn every_change_bumps_the_version() {
        let mut store = Store::default();
        let mut last = store.version();
        let mut bumped = |store: &Store| {
            assert!(store.version() > last, "not bumped");
            last = store.version();
        };
        store.set_subscriptions(Vec::new());
        bumped(&store);
        store.absorb(Event::Failed(ArmError::new(
            crate::arm::ArmErrorKind::Network,
            "x",
        )));
        bumped(&store);
        assert!(store.progress().finished);
        store.begin_refresh();
        bumped(&store);
        assert!(!store.progress().finished);
        let r = RegistryRef {
            subscription: "s".into(),
            resource_group: "g".into(),
            name: "r".into(),
        };
        assert_eq!(store.change(&r, |_| ()), None, "not listed");
        bumped(&store);
    }
}
