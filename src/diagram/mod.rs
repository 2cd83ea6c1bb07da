//! The topology diagram: a pure layout (topology and plan in, boxes, lanes and connectors out, in
//! whole pixels) and an SVG writer over it. The page shows the same SVG it offers for download.
//! No browser calls here.

pub mod layout;
pub mod svg;

pub use layout::{layout, BoxShape, Connector, Diagram, Direction, Part, Rect, Traffic};
