//! The page's topology as the tools module sees it: a mirror kept current by the page's
//! [`TOPOLOGY_EVENT`]; what the panels change goes back as events (see `crate::ui::protocol`).

use std::cell::Cell;

use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use crate::engine::{Applied, Edit, Topology};
use crate::share::{decode, encode};
use crate::ui::protocol::{
    link_of, send_link, EDIT_EVENT, IMPORT_EVENT, OPEN_EVENT, TOPOLOGY_EVENT,
};

/// The page's topology as the tools see it.
#[derive(Clone, Copy)]
pub(crate) struct Mirror {
    /// The topology on the page.
    pub(crate) topology: RwSignal<Topology>,
}

impl Mirror {
    /// Sends a topology to the page to open, as one undoable step there.
    pub(crate) fn import(&self, topology: &Topology) {
        send_link(IMPORT_EVENT, &encode(topology));
    }

    /// Sends a topology read from a values file to the page, which shows it as it shows a
    /// shared link (the user's own topology kept aside, one undoable step), with `places`: a line
    /// for each of its findings that stands in the file (see [`OPEN_EVENT`]).
    pub(crate) fn open(&self, topology: &Topology, places: &str) {
        send_link(OPEN_EVENT, &format!("{}\n{places}", encode(topology)));
    }

    /// Sends a change of the deployment settings to the page, which makes it an edit there; the
    /// mirror follows when the page sends the result. Says whether a name was cut to fit.
    pub(crate) fn edit(&self, edit: Edit) -> bool {
        let mut next = self.topology.get_untracked();
        let applied = next.apply(&edit);
        if applied.is_ok() {
            send_link(EDIT_EVENT, &encode(&next));
        }
        applied == Ok(Applied::SettingCut)
    }
}

thread_local! {
    /// The one mirror both panels share, made by the first mount.
    static MIRROR: Cell<Option<Mirror>> = const { Cell::new(None) };
}

/// The mirror, made on first use from `link` and then kept current by the page's events.
pub(crate) fn mirror(link: &str) -> Mirror {
    if let Some(mirror) = MIRROR.with(Cell::get) {
        return mirror;
    }
    let topology = RwSignal::new(decode(link).unwrap_or_default());
    let mirror = Mirror { topology };
    let follow = Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
        if let Some(Ok(next)) = link_of(&event).as_deref().map(decode) {
            if topology.with_untracked(|shown| *shown != next) {
                topology.set(next);
            }
        }
    });
    let _ =
        window().add_event_listener_with_callback(TOPOLOGY_EVENT, follow.as_ref().unchecked_ref());
    // The listener lives as long as the page.
    follow.forget();
    MIRROR.with(|cell| cell.set(Some(mirror)));
    mirror
}

/// Reads the mirror from context.
pub(crate) fn use_mirror() -> Mirror {
    expect_context::<Mirror>()
}
