//! The diagram as a file: "Download SVG" and "Download PNG". This lives in the tools module,
//! which the planner loads the first time one is asked for (see `crate::ui::planner::lazy_tools`).

use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use crate::diagram::{layout, svg_file};
use crate::engine::plan;
use crate::share::decode;
use crate::ui::dom::download;

/// Offers the diagram of the topology in `link` as `kasm-topology.svg`; says whether the
/// browser took it (false for a link that does not open, which the planner never sends).
pub fn download_svg(link: &str) -> bool {
    decode(link)
        .is_ok_and(|topology| download("kasm-topology.svg", "image/svg+xml", &svg_file(&topology)))
}

/// Draws the diagram of the topology in `link` on a canvas and offers it as
/// `kasm-topology.png`; `done` hears whether it worked.
pub fn download_png(link: &str, done: impl Fn(bool) + 'static) {
    let Ok(topology) = decode(link) else {
        return done(false);
    };
    let diagram = layout(&topology, &plan(&topology));
    save_png(&svg_file(&topology), diagram.width, diagram.height, done);
}

/// Most pixels a PNG's canvas may have: Safari refuses a canvas over 16,777,216 pixels (4096 x
/// 4096), and a refused canvas draws nothing; a 50-zone diagram at twice its size would pass it.
const MAX_CANVAS_PIXELS: f64 = 16_777_216.0;

/// The scale a PNG is drawn at: twice the diagram for sharp text, less where that would pass the
/// canvas limit.
fn png_scale(width: i32, height: i32) -> f64 {
    let area = f64::from(width.max(1)) * f64::from(height.max(1));
    (MAX_CANVAS_PIXELS / area).sqrt().min(2.0)
}

/// Draws the SVG on a canvas and offers it as a PNG; `done` hears whether it worked.
fn save_png(svg_text: &str, width: i32, height: i32, done: impl Fn(bool) + 'static) {
    let done = std::rc::Rc::new(done);
    let Ok(image) = web_sys::HtmlImageElement::new() else {
        return done(false);
    };
    let url = format!(
        "data:image/svg+xml;charset=utf-8,{}",
        js_sys::encode_uri_component(svg_text)
    );
    let loaded = image.clone();
    let after_load = done.clone();
    let onload = Closure::once_into_js(move || {
        let scale = png_scale(width, height);
        let canvas = document()
            .create_element("canvas")
            .ok()
            .and_then(|c| c.dyn_into::<web_sys::HtmlCanvasElement>().ok());
        let Some(canvas) = canvas else {
            return after_load(false);
        };
        // Whole pixels, at most the limit: the scale keeps the product under it.
        canvas.set_width((f64::from(width) * scale) as u32);
        canvas.set_height((f64::from(height) * scale) as u32);
        let context = canvas
            .get_context("2d")
            .ok()
            .flatten()
            .and_then(|c| c.dyn_into::<web_sys::CanvasRenderingContext2d>().ok());
        let Some(context) = context else {
            return after_load(false);
        };
        let _ = context.scale(scale, scale);
        if context
            .draw_image_with_html_image_element(&loaded, 0.0, 0.0)
            .is_err()
        {
            return after_load(false);
        }
        let saved = after_load.clone();
        let on_blob = Closure::once_into_js(move |blob: wasm_bindgen::JsValue| {
            saved(
                blob.dyn_into::<web_sys::Blob>()
                    .is_ok_and(|blob| crate::ui::dom::save_blob("kasm-topology.png", &blob)),
            );
        });
        if canvas.to_blob(on_blob.unchecked_ref()).is_err() {
            after_load(false);
        }
    });
    let after_error = done.clone();
    let onerror = Closure::once_into_js(move || after_error(false));
    image.set_onload(Some(onload.unchecked_ref()));
    image.set_onerror(Some(onerror.unchecked_ref()));
    image.set_src(&url);
}
