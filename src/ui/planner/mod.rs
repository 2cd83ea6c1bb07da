//! The planner's page (the `kasm-topology-planner` module): the editor beside the results, the
//! share and keep-aside banners, and the loader of the tools module, over the editor's state
//! (`state`: the topology, its plan, history and saving). What it shares with the embed (the
//! table, browser helpers) is in `crate::ui`.

pub mod app;
pub mod diagram;
pub mod editor;
pub mod findings;
pub mod keeping;
pub mod lazy_tools;
pub mod provision;
pub mod share_panel;
pub(crate) mod state;
