//! An operator's existing kasm-helm values file: the topology it describes, what in it will
//! break on a real cluster, and the same file with the planner's keys fixed.

pub mod diff;
pub mod merge;
pub mod read;
pub mod resources;
pub mod yaml;

pub use merge::{fix, MergeError, Merged};
pub use read::{open, Opened, ValuesFinding};
pub use yaml::YamlError;
