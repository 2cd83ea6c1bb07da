//! The topology diagram: a pure layout (topology and plan in, boxes, lanes and connectors out, in
//! whole pixels) and an SVG writer over it. The page shows it with its role boxes as buttons;
//! the file it downloads, the JavaScript API and the command line write [`svg_file`], the same
//! drawing as a picture. No browser calls here.

pub mod layout;
pub mod svg;

pub use layout::{layout, BoxShape, Connector, Diagram, Direction, Part, Rect, Traffic};

use crate::engine::{plan, Topology};

/// The diagram of `topology` as a standalone SVG file: what "Download SVG" saves, byte for byte
/// what the API's `diagramSvg` and the command line's `svg` write.
pub fn svg_file(topology: &Topology) -> String {
    svg::render(&layout(topology, &plan(topology)), svg::Use::File)
}
