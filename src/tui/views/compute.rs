//! Deriving each list from the loaded data: what the caches in `mod.rs`
//! hold, and what the accessors compute on the spot when a cache is stale.

use std::cmp::Ordering;

use super::*;
use crate::tui::sort;

impl App {
    // ----- computations -----

    pub(super) fn compute_registries(&self, filter: &str) -> Vec<usize> {
        let needle = Needle::new(filter);
        (0..self.store.registries().len())
            .filter(|i| {
                let e = &self.store.registries()[*i];
                needle.matches(&[
                    &e.info.registry.name,
                    &e.info.registry.resource_group,
                    &e.subscription_name,
                    &e.info.location,
                ])
            })
            .collect()
    }

    pub(super) fn compute_worst(&self) -> Vec<Option<TokenState>> {
        self.store
            .registries()
            .iter()
            .map(|e| e.worst(self.now, self.settings.thresholds))
            .collect()
    }

    pub(super) fn compute_token_text(&self) -> SearchText {
        let mut text = SearchText::default();
        if let Some(c) = self.current_entry().and_then(RegistryEntry::contents) {
            for t in &c.tokens {
                text.push(&[&t.name, t.scope_map.as_deref().unwrap_or("")]);
            }
        }
        text
    }

    pub(super) fn compute_tokens(&self, key: &ListKey) -> Vec<usize> {
        let tokens = self
            .current_entry()
            .and_then(RegistryEntry::contents)
            .map_or(&[][..], |c| &c.tokens[..]);
        let mut visible: Vec<usize> = if key.filter.is_empty() {
            (0..tokens.len()).collect()
        } else {
            let text: Cow<'_, SearchText> = match self.views.token_text.get(&self.text_key()) {
                Some(t) => Cow::Borrowed(t),
                None => Cow::Owned(self.compute_token_text()),
            };
            let needle = Needle::new(&key.filter);
            (0..tokens.len())
                .filter(|i| text.matches(*i, &needle))
                .collect()
        };
        let (column, reverse) = key.sort;
        if let Some(column) = sort::TOKEN_COLUMNS.get(column).filter(|_| column > 0) {
            // Stable: ties keep the name order.
            visible.sort_by(|a, b| sort::compare_tokens(*column, &tokens[*a], &tokens[*b]));
        }
        if reverse {
            visible.reverse();
        }
        visible
    }

    pub(super) fn compute_scope_maps(&self, filter: &str) -> Vec<usize> {
        let Some(c) = self.current_entry().and_then(RegistryEntry::contents) else {
            return Vec::new();
        };
        let needle = Needle::new(filter);
        (0..c.scope_maps.len())
            .filter(|i| {
                let m = &c.scope_maps[*i];
                needle.matches(&[&m.name, m.description.as_deref().unwrap_or("")])
            })
            .collect()
    }

    pub(super) fn compute_map_users(&self) -> HashMap<String, usize> {
        let mut counts = HashMap::new();
        let tokens = self
            .current_entry()
            .and_then(RegistryEntry::contents)
            .map_or(&[][..], |c| &c.tokens[..]);
        for map in tokens.iter().filter_map(|t| t.scope_map.as_deref()) {
            *counts.entry(map.to_lowercase()).or_default() += 1;
        }
        counts
    }

    pub(super) fn compute_audit_all(&self) -> AuditIndex {
        let mut entries: Vec<AuditEntry> = Vec::new();
        for (r, entry) in self.store.registries().iter().enumerate() {
            let Some(c) = entry.contents() else { continue };
            // An unreadable token has no state to rank; the audit banner names it.
            let readable = c
                .tokens
                .iter()
                .enumerate()
                .filter(|(_, t)| t.problem.is_none());
            entries.extend(readable.map(|(t, token)| AuditEntry {
                registry: r,
                token: t,
                state: token.state(self.now, self.settings.thresholds),
                soonest: token.passwords.iter().filter_map(|p| p.expiry).min(),
            }));
        }
        // The order of `audit::sort`: worst state, soonest expiry (none last), registry, token.
        entries.sort_by_cached_key(|e| {
            let (registry, token) = self
                .audit_token(e)
                .map_or(("", ""), |(r, t)| (&r.info.registry.name[..], &t.name[..]));
            (e.state, e.soonest.is_none(), e.soonest, registry, token)
        });
        // Filter text in display order, so filtering reads it front to back.
        let mut text = SearchText::default();
        for e in &entries {
            match self.audit_token(e) {
                Some((r, t)) => text.push(&[
                    &r.info.registry.name,
                    &t.name,
                    t.scope_map.as_deref().unwrap_or(""),
                ]),
                None => text.push(&[]),
            }
        }
        AuditIndex { entries, text }
    }

    pub(super) fn compute_audit(&self, key: &AuditKey) -> Vec<AuditEntry> {
        let index: Cow<'_, AuditIndex> = match self.views.audit_all.get(&key.class) {
            Some(v) => Cow::Borrowed(v),
            None => Cow::Owned(self.compute_audit_all()),
        };
        let needle = Needle::new(&key.filter);
        let mut entries = index
            .entries
            .iter()
            .enumerate()
            .filter(|(_, e)| key.state.is_none_or(|s| s == e.state))
            .filter(|(i, _)| needle.is_empty() || index.text.matches(*i, &needle))
            .map(|(_, e)| *e)
            .collect::<Vec<_>>();
        let (column, reverse) = key.sort;
        if let Some(column) = sort::AUDIT_COLUMNS.get(column).filter(|_| column > 0) {
            entries.sort_by(|a, b| self.compare_audit(*column, a, b));
        }
        if reverse {
            entries.reverse();
        }
        entries
    }

    /// Audit order by `column`; ties keep the worst-first order.
    fn compare_audit(&self, column: sort::Column, a: &AuditEntry, b: &AuditEntry) -> Ordering {
        let (Some((ra, ta)), Some((rb, tb))) = (self.audit_token(a), self.audit_token(b)) else {
            return Ordering::Equal;
        };
        let (na, nb) = (&ra.info.registry.name, &rb.info.registry.name);
        match column {
            sort::Column::Registry => na.cmp(nb).then_with(|| ta.name.cmp(&tb.name)),
            sort::Column::Token => ta.name.cmp(&tb.name).then_with(|| na.cmp(nb)),
            sort::Column::Expiry => (a.soonest.is_none(), a.soonest)
                .cmp(&(b.soonest.is_none(), b.soonest))
                .then_with(|| na.cmp(nb)),
            other => sort::compare_tokens(other, ta, tb),
        }
    }
}
