//! The planner's reactive state: the topology being edited and the last message for the user.
//! Domain types stay plain; this module wraps them in signals and routes every edit through the
//! engine's [`Edit`].

use leptos::prelude::*;

use crate::engine::{plan, Applied, Edit, Plan, Topology, MAX_NAME_BYTES};

/// The planner's state, shared with every component through context.
#[derive(Clone, Copy)]
pub(crate) struct Planner {
    /// The topology being edited.
    pub(crate) topology: RwSignal<Topology>,
    /// The plan for it, recomputed when it changes.
    pub(crate) plan: Memo<Plan>,
    /// The latest message about something the user did (an edit refused, a name cut).
    pub(crate) notice: RwSignal<Option<String>>,
}

impl Planner {
    /// State for a topology, with its plan derived.
    pub(crate) fn new(topology: Topology) -> Self {
        let topology = RwSignal::new(topology);
        Planner {
            topology,
            plan: Memo::new(move |_| topology.with(plan)),
            notice: RwSignal::new(None),
        }
    }

    /// Carries out an edit; says so in the notice when it is refused or altered. Returns where the
    /// edited zone is now, for focus to follow it.
    pub(crate) fn edit(&self, edit: Edit) -> Option<usize> {
        let mut next = self.topology.get_untracked();
        match next.apply(&edit) {
            Ok(applied) => {
                self.topology.set(next);
                match applied {
                    Applied::Done(index) => {
                        self.notice.set(None);
                        Some(index)
                    }
                    Applied::NameCut(index) => {
                        self.notice.set(Some(format!(
                            "zone names are at most {MAX_NAME_BYTES} bytes (63 letters a-z, fewer of other characters); the rest was cut"
                        )));
                        Some(index)
                    }
                }
            }
            Err(refused) => {
                self.notice.set(Some(refused.to_string()));
                None
            }
        }
    }
}

/// Reads the planner's state from context.
pub(crate) fn use_planner() -> Planner {
    expect_context::<Planner>()
}
