//! Words about one state of something, shown while that state lasts: "copied" for the link that
//! was copied, a height for the page that was measured, a fixed file for the plan it was fixed
//! for. Derived rather than reset: when the state changes they are no longer shown, and nothing
//! has to clear them.

use leptos::prelude::*;

/// What was said last, and about which state (`K`).
pub(crate) struct Said<K: Send + Sync + 'static, T: Send + Sync + 'static> {
    said: RwSignal<Option<(K, T)>>,
}

impl<K: Send + Sync + 'static, T: Send + Sync + 'static> Clone for Said<K, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<K: Send + Sync + 'static, T: Send + Sync + 'static> Copy for Said<K, T> {}

impl<K: PartialEq + Send + Sync + 'static, T: Clone + Send + Sync + 'static> Said<K, T> {
    /// Nothing said yet.
    pub(crate) fn new() -> Self {
        Said {
            said: RwSignal::new(None),
        }
    }

    /// Says `what` about the state `about`.
    pub(crate) fn say(self, about: K, what: T) {
        self.said.set(Some((about, what)));
    }

    /// What was said about `now`, if the last words were about it (tracked).
    pub(crate) fn about(self, now: &K) -> Option<T> {
        self.said.with(|said| {
            said.as_ref()
                .filter(|(about, _)| about == now)
                .map(|(_, what)| what.clone())
        })
    }
}
