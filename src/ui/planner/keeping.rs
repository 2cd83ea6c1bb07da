//! Keeping the user's work: the address bar follows the topology on screen, and the browser
//! keeps the user's own topology (shown, or kept aside while a shared one is shown), debounced
//! and flushed when the tab is hidden or closed. A save never lands on a value this tab has not
//! seen (another tab's newer save, a saved topology this planner cannot read): saving pauses and
//! the banner offers the choices. A browser that refuses storage is said to.

use std::time::Duration;

use leptos::prelude::*;

use crate::share::decode;
use crate::ui::browser::{self, SAVED_TOPOLOGY_KEY};
use crate::ui::planner::state::{use_planner, Keeping, Planner};

/// How long the address bar waits after the last edit before it follows: typing a name rewrites
/// the URL once, not on every key.
const FRAGMENT_DEBOUNCE: Duration = Duration::from_millis(250);

/// What the browser holds now, as text ("" for nothing); `None` when storage refuses.
fn stored() -> Option<String> {
    match browser::saved() {
        browser::Saved::Link(link) => Some(link),
        browser::Saved::Nothing => Some(String::new()),
        browser::Saved::Unavailable => None,
    }
}

/// Writes `link` to the address bar and, while saving stands, the user's own topology to
/// storage: unless the stored value changed since this tab last read or wrote it, which pauses
/// saving instead. A refused write turns saving off and says so.
fn write_out(planner: Planner, link: &str, own: &str) {
    browser::replace_fragment(link);
    if planner.keeping.with_untracked(|k| *k != Keeping::Saving) {
        return;
    }
    let now = stored();
    if now.as_deref() == Some(own) {
        planner.last_seen.set_value(now);
        return;
    }
    if now.is_some() && now != planner.last_seen.get_value() {
        planner
            .keeping
            .set(Keeping::OtherTab(now.unwrap_or_default()));
        return;
    }
    if browser::save_link(own) {
        planner.last_seen.set_value(Some(own.to_owned()));
    } else {
        planner.keeping.set(Keeping::Unavailable);
    }
}

/// Keeps the URL fragment and the saved topology in step with the topology, debounced; writes
/// what is pending at once when the tab is hidden or closed; and hears other tabs' saves.
pub(crate) fn keep_in_step() {
    let planner = use_planner();
    let pending: StoredValue<Option<TimeoutHandle>> = StoredValue::new(None);
    let write_now = move || {
        let (link, own) = (
            planner.link.get_untracked(),
            planner.own_link.get_untracked(),
        );
        write_out(planner, &link, &own);
    };
    let flush = move || {
        if let Some(handle) = pending.try_update_value(Option::take).flatten() {
            handle.clear();
            write_now();
        }
    };
    Effect::new(move |first_run: Option<()>| {
        planner.link.track();
        planner.own_link.track();
        // A choice in the banner (saving again) writes too.
        planner.keeping.track();
        if let Some(handle) = pending.try_update_value(Option::take).flatten() {
            handle.clear();
        }
        if first_run.is_none() {
            // On opening, a link the user came with stays as it is (even a bad one, for them to
            // read); a page opened without one gets the link at once.
            let link = planner.link.get_untracked();
            if browser::fragment().is_empty() {
                browser::replace_fragment(&link);
            }
            planner.last_seen.set_value(stored());
            write_out(
                planner,
                &browser::fragment(),
                &planner.own_link.get_untracked(),
            );
            return;
        }
        let timer = set_timeout_with_handle(
            move || {
                if pending.try_update_value(Option::take).flatten().is_some() {
                    write_now();
                }
            },
            FRAGMENT_DEBOUNCE,
        );
        pending.set_value(timer.ok());
    });
    let hidden = window_event_listener(leptos::ev::visibilitychange, move |_| {
        if document().visibility_state() == web_sys::VisibilityState::Hidden {
            flush();
        }
    });
    let closing = window_event_listener(leptos::ev::pagehide, move |_| flush());
    // Back from the back/forward cache, this tab heard no storage events while away.
    let back = window_event_listener(leptos::ev::pageshow, move |ev| {
        if ev.persisted() {
            write_now();
        }
    });
    // Another tab saved: never write over it unasked; a save of what this tab has is no news.
    let other_tab = window_event_listener(leptos::ev::storage, move |ev| {
        if ev.key().as_deref() != Some(SAVED_TOPOLOGY_KEY) {
            return;
        }
        let theirs = ev.new_value().unwrap_or_default();
        if theirs == planner.own_link.get_untracked() {
            planner.last_seen.set_value(Some(theirs));
        } else {
            planner.keeping.set(Keeping::OtherTab(theirs));
        }
    });
    on_cleanup(move || {
        hidden.remove();
        closing.remove();
        back.remove();
        other_tab.remove();
    });
}

/// Says why the user's work is not being saved, with the choices that resume it.
#[component]
pub fn KeepingBanner() -> impl IntoView {
    let planner = use_planner();
    // Saving over what is stored is the user's choice: what is there now counts as seen.
    let save_this = move |_| {
        planner.last_seen.set_value(stored());
        planner.keeping.set(Keeping::Saving);
    };
    let open_theirs = move |link: String| {
        if let Ok(topology) = decode(&link) {
            planner.last_seen.set_value(Some(link));
            planner.import(topology);
        }
        planner.keeping.set(Keeping::Saving);
    };
    move || {
        let keeping = planner.keeping.get();
        let (message, theirs) = match keeping.clone() {
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
        // Unavailable storage has nothing to resume; a shared topology on screen is not what
        // would be saved, so offering to save "this" would mislead.
        let offer_save =
            !matches!(keeping, Keeping::Unavailable) && planner.own_kept.with(Option::is_none);
        Some(view! {
            <div class="banner" role="region" aria-label="Saving">
                <p role="status">{message}</p>
                <div class="banner-actions">
                    {theirs.map(|link| view! {
                        <button type="button" class="primary-action" on:click=move |_| open_theirs(link.clone())>
                            "Open the other tab's topology"
                        </button>
                    })}
                    {offer_save.then(|| view! {
                        <button type="button" on:click=save_this>
                            "Save this topology instead"
                        </button>
                    })}
                </div>
            </div>
        })
    }
}
