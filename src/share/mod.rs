//! Share links: the whole topology in the URL fragment, in a compact, versioned text format.
//! The grammar is in `docs/share-format.md`. Pure: no browser here; the page only reads and writes
//! the fragment.

mod base64url;
pub mod codec;
pub mod embed;
pub mod open;
pub mod scan;

pub use codec::{decode, encode, link_fragment, seal, LinkError, FORMAT_VERSION, MAX_LINK_BYTES};
pub use open::{open, Opening, Screen};
