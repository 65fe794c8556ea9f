//! Subscriptions → registries → (scope maps, tokens), fanned out (filled in below).
