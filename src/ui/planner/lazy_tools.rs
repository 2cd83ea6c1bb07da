//! The export and embed panels load on demand. They live in a second WebAssembly module,
//! `kasm-topology-tools` (see `crate::ui::tools`), fetched the first time the user opens either
//! panel, so a first visit carries only what shows the plan. The two modules talk through the
//! events of `crate::ui::protocol`.

use std::cell::RefCell;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::engine::Edit;
use crate::share::decode;
use crate::ui::planner::state::use_planner;
use crate::ui::protocol::{
    link_of, send_link, EDIT_EVENT, IMPORT_EVENT, OPEN_EVENT, TOPOLOGY_EVENT,
};

/// The tools module's glue, next to the page (Trunk builds it from the `kasm-topology-tools` bin).
const TOOLS_GLUE: &str = "kasm-topology-tools.js";
/// The tools module itself.
const TOOLS_WASM: &str = "kasm-topology-tools_bg.wasm";
/// The panels' stylesheet, which comes with them (Trunk copies it from `style/tools.css`).
const TOOLS_CSS: &str = "tools.css";

#[wasm_bindgen]
extern "C" {
    /// `kasmLoadModule` of web/boot.js, which starts the planner: imports a wasm-bindgen module's
    /// glue, starts the module, and gives its exports. (In boot.js rather than a snippet of its
    /// own, which would be one more file on every first visit.) Fails when boot.js is not there.
    #[wasm_bindgen(js_name = kasmLoadModule, catch)]
    fn load_module(js: &str, wasm: &str) -> Result<js_sys::Promise, JsValue>;
}

thread_local! {
    /// The tools module once asked for: both panels wait on the same load.
    static TOOLS: RefCell<Option<js_sys::Promise>> = const { RefCell::new(None) };
    /// Failed loads so far; each new attempt asks for a fresh address, since a browser may keep
    /// a module that failed to load as failed.
    static FAILED_LOADS: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// The panels the tools module draws, each named by the function that mounts it.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Panel {
    /// Export formats and the JSON import.
    Export,
    /// The docs-page snippets.
    Embed,
    /// The deployment's capacity figures and the capacity table.
    Capacity,
}

impl Panel {
    fn mount_function(self) -> &'static str {
        match self {
            Panel::Export => "mount_export",
            Panel::Embed => "mount_embed",
            Panel::Capacity => "mount_capacity",
        }
    }

    fn name(self) -> &'static str {
        match self {
            Panel::Export => "export",
            Panel::Embed => "embed",
            Panel::Capacity => "capacity",
        }
    }
}

/// Where a panel stands.
#[derive(Clone, PartialEq, Eq)]
enum Load {
    NotAsked,
    Loading,
    Shown,
    Failed(String),
}

/// The build's hash, taken from the main module's file name, so the tools files are fetched for
/// this build and never from a cache that holds an older one.
fn build_version() -> String {
    document()
        .query_selector("script[data-kasm-boot]")
        .ok()
        .flatten()
        .and_then(|tag| tag.get_attribute("data-wasm"))
        .and_then(|wasm| {
            let hash = wasm.rsplit('-').next()?.split('_').next()?.to_owned();
            hash.chars()
                .all(|c| c.is_ascii_alphanumeric())
                .then_some(hash)
        })
        .unwrap_or_default()
}

/// The tools module's address next to the page, for this build and this attempt.
fn tools_url(file: &str) -> String {
    let base = document().base_uri().ok().flatten().unwrap_or_default();
    let address = web_sys::Url::new_with_base(file, &base)
        .map(|url| url.href())
        .unwrap_or_else(|_| file.to_owned());
    let version = build_version();
    match FAILED_LOADS.with(std::cell::Cell::get) {
        0 => format!("{address}?v={version}"),
        failed => format!("{address}?v={version}&attempt={}", failed + 1),
    }
}

/// Links the stylesheet at `href` into the page.
fn add_stylesheet(href: &str) {
    let document = document();
    if let (Ok(link), Ok(Some(head))) = (
        document.create_element("link"),
        document.query_selector("head"),
    ) {
        let _ = link.set_attribute("rel", "stylesheet");
        let _ = link.set_attribute("href", href);
        let _ = head.append_child(&link);
    }
}

/// The tools module's exports, loading it (and its stylesheet) the first time.
async fn tools() -> Result<JsValue, JsValue> {
    let promise = TOOLS.with(|tools| {
        tools
            .borrow_mut()
            .get_or_insert_with(|| {
                add_stylesheet(&tools_url(TOOLS_CSS));
                load_module(&tools_url(TOOLS_GLUE), &tools_url(TOOLS_WASM))
                    .unwrap_or_else(|error| js_sys::Promise::reject(&error))
            })
            .clone()
    });
    let loaded = wasm_bindgen_futures::JsFuture::from(promise).await;
    if loaded.is_err() {
        // Let the next attempt fetch again (the network may be back).
        TOOLS.with(|tools| tools.borrow_mut().take());
        FAILED_LOADS.with(|failed| failed.set(failed.get() + 1));
    }
    loaded
}

/// Loads the tools and mounts `panel` into `host`, showing `link`.
async fn mount(panel: Panel, host: web_sys::Element, link: String) -> Result<(), String> {
    let tools = tools().await.map_err(|_| {
        format!(
            "The {} tools could not be loaded: check your connection, then close and reopen \
             this panel to try again.",
            panel.name()
        )
    })?;
    let mount = js_sys::Reflect::get(&tools, &panel.mount_function().into())
        .ok()
        .and_then(|mount| mount.dyn_into::<js_sys::Function>().ok())
        .ok_or_else(|| {
            format!(
                "The {} tools that loaded are from another version of the planner. Reload the page.",
                panel.name()
            )
        })?;
    mount
        .call2(&JsValue::NULL, &host, &link.into())
        .map(|_| ())
        .map_err(|error| {
            // A failure inside the tools module arrives as a JavaScript error (a Rust panic
            // aborts as "unreachable"): say that it stopped, and what it said.
            let what = error
                .dyn_ref::<js_sys::Error>()
                .map(|error| String::from(error.to_string()))
                .or_else(|| error.as_string())
                .unwrap_or_else(|| "no reason given".to_owned());
            format!(
                "The {} tools stopped with an error ({what}). Your topology is kept; reload the page to try again.",
                panel.name()
            )
        })
}

/// What the diagram is downloaded as.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Picture {
    /// `kasm-topology.svg`, the same text as the JavaScript API's and the command line's.
    Svg,
    /// `kasm-topology.png`, the SVG drawn on a canvas.
    Png,
}

impl Picture {
    /// The file it is saved as.
    pub(crate) fn file_name(self) -> &'static str {
        match self {
            Picture::Svg => "kasm-topology.svg",
            Picture::Png => "kasm-topology.png",
        }
    }

    /// What the page says when the browser would not take it.
    pub(crate) fn refused(self) -> &'static str {
        match self {
            Picture::Svg => "The browser refused the download of kasm-topology.svg.",
            Picture::Png => "The PNG could not be made in this browser: download the SVG instead.",
        }
    }
}

/// Has the tools module make the diagram of `link` into a file and offer it: whether the
/// browser took it, or why the tools could not be asked.
pub(crate) async fn download_picture(picture: Picture, link: String) -> Result<bool, String> {
    let tools = tools().await.map_err(|_| {
        "The download could not start: the planner's tools did not load. Check your connection and try again.".to_owned()
    })?;
    let name = match picture {
        Picture::Svg => "download_svg",
        Picture::Png => "download_png",
    };
    let function = js_sys::Reflect::get(&tools, &name.into())
        .ok()
        .and_then(|function| function.dyn_into::<js_sys::Function>().ok())
        .ok_or_else(|| {
            "The tools that loaded are from another version of the planner. Reload the page."
                .to_owned()
        })?;
    let answer = match picture {
        Picture::Svg => function.call1(&JsValue::NULL, &link.into()).ok(),
        // The PNG is drawn once its image has loaded: the tools call back with the outcome.
        Picture::Png => {
            let promise = js_sys::Promise::new(&mut |resolve, _reject| {
                let _ = function.call2(&JsValue::NULL, &link.clone().into(), &resolve);
            });
            wasm_bindgen_futures::JsFuture::from(promise).await.ok()
        }
    };
    Ok(answer.and_then(|saved| saved.as_bool()).unwrap_or(false))
}

/// Sends every change of the topology to the tools, and opens what they send back.
pub(crate) fn connect_tools() {
    let planner = use_planner();
    Effect::new(move |_| planner.link.with(|link| send_link(TOPOLOGY_EVENT, link)));
    let handle = window_event_listener_untyped(IMPORT_EVENT, move |event| {
        match link_of(&event).as_deref().map(decode) {
            Some(Ok(topology)) => {
                planner.import(topology);
            }
            Some(Err(error)) => planner
                .notice
                .set(Some(format!("The import could not be opened: {error}."))),
            None => {}
        }
    });
    let opens = window_event_listener_untyped(OPEN_EVENT, move |event| {
        if let Some(detail) = link_of(&event) {
            let (link, places) = detail.split_once('\n').unwrap_or((&detail, ""));
            if planner.open_link(link) {
                planner.places.set(places.to_owned());
            }
        }
    });
    let edits = window_event_listener_untyped(EDIT_EVENT, move |event| {
        let Some(Ok(next)) = link_of(&event).as_deref().map(decode) else {
            return;
        };
        if let Some(edit) = planner
            .topology
            .with_untracked(|now| Edit::between(now, &next))
        {
            planner.edit(edit);
        }
    });
    on_cleanup(move || {
        handle.remove();
        opens.remove();
        edits.remove();
    });
}

/// The place of a panel of the tools module: empty until `open` first turns true, then loading,
/// then the panel (or why it could not load, with another try on the next opening).
#[component]
pub fn LazyPanel(
    /// Which panel goes here.
    panel: Panel,
    /// The id of the panel's frame, for the button that opens it.
    id: &'static str,
    /// Whether the panel is open.
    open: RwSignal<bool>,
) -> impl IntoView {
    let planner = use_planner();
    let load = RwSignal::new(Load::NotAsked);
    let host: NodeRef<leptos::html::Div> = NodeRef::new();
    Effect::new(move |_| {
        let asked = matches!(load.get_untracked(), Load::NotAsked | Load::Failed(_));
        if !open.get() || !asked {
            return;
        }
        let Some(host) = host.get_untracked() else {
            return;
        };
        load.set(Load::Loading);
        let link = planner.link.get_untracked();
        leptos::task::spawn_local(async move {
            match mount(panel, host.into(), link).await {
                Ok(()) => {
                    load.set(Load::Shown);
                    // The topology may have changed while the tools were loading.
                    planner
                        .link
                        .with_untracked(|link| send_link(TOPOLOGY_EVENT, link));
                }
                Err(message) => load.set(Load::Failed(message)),
            }
        });
    });
    let message = move || match load.get() {
        Load::Loading => Some(view! { <p role="status" class="hint">"Loading…"</p> }.into_any()),
        Load::Failed(message) => {
            Some(view! { <p role="alert" class="import-error">{message}</p> }.into_any())
        }
        Load::NotAsked | Load::Shown => None,
    };
    view! {
        <div id=id hidden=move || !open.get()>
            <div node_ref=host></div>
            {message}
        </div>
    }
}
