//! Keeping the user's work: the address bar and the saved topology follow the edits (debounced,
//! and flushed when the tab is hidden or closed), another tab's newer save is never written over
//! unasked, a saved topology this planner cannot read is left untouched, and a browser that
//! refuses storage is said to. The banner says which of these holds and offers the choices.

use std::time::Duration;

use leptos::prelude::*;

use super::browser::{self, SAVED_TOPOLOGY_KEY};
use super::state::{use_planner, Keeping, Planner};
use crate::share::decode;

/// How long the address bar waits after the last edit before it follows: typing a name rewrites
/// the URL once, not on every key.
const FRAGMENT_DEBOUNCE: Duration = Duration::from_millis(250);

/// Writes `link` to the address bar, and to storage when the user's own topology is on screen and
/// saving stands; a refused write turns saving off and says so.
fn write_out(planner: Planner, link: &str, own: bool) {
    browser::replace_fragment(link);
    if own && planner.keeping.with_untracked(|k| *k == Keeping::Saving) && !browser::save_link(link)
    {
        planner.keeping.set(Keeping::Unavailable);
    }
}

/// Keeps the URL fragment and the saved topology in step with the topology, debounced; writes
/// what is pending at once when the tab is hidden or closed; and hears other tabs' saves.
pub(crate) fn keep_in_step() {
    let planner = use_planner();
    let pending: StoredValue<Option<(TimeoutHandle, String, bool)>> = StoredValue::new(None);
    let flush = move || {
        if let Some((handle, link, own)) = pending.try_update_value(Option::take).flatten() {
            handle.clear();
            write_out(planner, &link, own);
        }
    };
    Effect::new(move |first_run: Option<()>| {
        let link = planner.link.get();
        let own = planner.own_kept.with(Option::is_none);
        // A choice in the banner (saving again) writes the topology on screen too.
        let saving = planner.keeping.with(|k| *k == Keeping::Saving);
        if let Some((handle, _, _)) = pending.try_update_value(Option::take).flatten() {
            handle.clear();
        }
        if first_run.is_none() {
            // On opening, a link the user came with stays as it is (even a bad one, for them to
            // read); a page opened without one gets the link at once.
            if browser::fragment().is_empty() {
                browser::replace_fragment(&link);
            }
            if own && saving && !browser::save_link(&link) {
                planner.keeping.set(Keeping::Unavailable);
            }
            return;
        }
        let later = link.clone();
        let timer = set_timeout_with_handle(
            move || {
                if pending.try_update_value(Option::take).flatten().is_some() {
                    write_out(planner, &later, own);
                }
            },
            FRAGMENT_DEBOUNCE,
        );
        if let Ok(handle) = timer {
            pending.set_value(Some((handle, link, own)));
        }
    });
    let hidden = window_event_listener(leptos::ev::visibilitychange, move |_| {
        if document().visibility_state() == web_sys::VisibilityState::Hidden {
            flush();
        }
    });
    let closing = window_event_listener(leptos::ev::pagehide, move |_| flush());
    // Another tab saved: never write over it unasked.
    let other_tab = window_event_listener(leptos::ev::storage, move |ev| {
        if ev.key().as_deref() != Some(SAVED_TOPOLOGY_KEY) {
            return;
        }
        let Some(theirs) = ev.new_value() else { return };
        let ours = planner.link.get_untracked();
        let own = planner.own_kept.with_untracked(Option::is_none);
        if !(own && theirs == ours) {
            planner.keeping.set(Keeping::OtherTab(theirs));
        }
    });
    on_cleanup(move || {
        hidden.remove();
        closing.remove();
        other_tab.remove();
    });
}

/// Says why the user's work is not being saved, with the choices that resume it.
#[component]
pub fn KeepingBanner() -> impl IntoView {
    let planner = use_planner();
    let save_this = move |_| planner.keeping.set(Keeping::Saving);
    let open_theirs = move |link: String| {
        if let Ok(topology) = decode(&link) {
            planner.import(topology);
        }
        planner.keeping.set(Keeping::Saving);
    };
    move || {
        let (message, theirs) = match planner.keeping.get() {
            Keeping::Saving => return None,
            Keeping::Unavailable => (
                "Your work is not being kept: this browser refuses to store it (storage is off, full, or in a private mode). Copy the share link or export the JSON to keep it.".to_owned(),
                None,
            ),
            Keeping::Unreadable(why) => (
                format!("Your saved topology could not be read ({why}). It is kept as it was, and nothing here is saved over it until you choose."),
                None,
            ),
            Keeping::OtherTab(link) => (
                "Another tab saved a newer topology. Nothing here is saved over it until you choose.".to_owned(),
                decode(&link).ok().map(|_| link),
            ),
        };
        let unavailable = planner
            .keeping
            .with_untracked(|k| *k == Keeping::Unavailable);
        Some(view! {
            <div class="banner" role="region" aria-label="Saving">
                <p role="status">{message}</p>
                <div class="banner-actions">
                    {theirs.map(|link| view! {
                        <button type="button" class="primary-action" on:click=move |_| open_theirs(link.clone())>
                            "Open the other tab's topology"
                        </button>
                    })}
                    {(!unavailable).then(|| view! {
                        <button type="button" on:click=save_this>
                            "Save this topology instead"
                        </button>
                    })}
                </div>
            </div>
        })
    }
}
