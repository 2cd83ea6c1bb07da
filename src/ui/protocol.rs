//! What the planner's page and its tools module (two WebAssembly modules that share no memory)
//! say to each other: window events whose detail is a share link, the planner's own versioned
//! text form of a topology. The page sends every change of the topology ([`TOPOLOGY_EVENT`]);
//! the tools send back a topology to open ([`IMPORT_EVENT`], [`OPEN_EVENT`]) or a change of the
//! deployment settings or a zone's peaks ([`EDIT_EVENT`]).

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The event that carries the topology on screen to the tools, as a share link.
pub(crate) const TOPOLOGY_EVENT: &str = "kasm-topology:topology";
/// The event that carries a topology from the tools to open here, as a share link.
pub(crate) const IMPORT_EVENT: &str = "kasm-topology:import";
/// The event that carries a topology read from a values file, as its share link; it opens here
/// as a shared link does (the user's own topology kept aside), as one undoable step. After the
/// link, a line for each of its findings that stands in the file: the finding's message escaped
/// (`crate::report::one_line`: no line break or tab is left in it), a tab, and where it stands
/// (`kasmZones[1].proxy_hostname, line 12, column 21`).
pub(crate) const OPEN_EVENT: &str = "kasm-topology:open";
/// The event that carries the tools' change of the deployment settings or of a zone's peaks, as
/// the share link of the topology with that change; it lands here as that one edit
/// (`Edit::between`).
pub(crate) const EDIT_EVENT: &str = "kasm-topology:edit";
/// Sends a window event whose detail is `link`.
pub(crate) fn send_link(event: &str, link: &str) {
    let init = web_sys::CustomEventInit::new();
    init.set_detail(&link.into());
    if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict(event, &init) {
        let _ = window().dispatch_event(&event);
    }
}

/// The link a window event carries, if it is one of ours.
pub(crate) fn link_of(event: &web_sys::Event) -> Option<String> {
    event
        .dyn_ref::<web_sys::CustomEvent>()?
        .detail()
        .as_string()
}
