//! The planner's reactive state: the topology being edited, its undo history, the user's own
//! topology while a shared one is shown, and the last message for the user. Domain types stay
//! plain; this module wraps them in signals and routes every change through the engine.

use leptos::prelude::*;

use crate::engine::{
    plan, Applied, Edit, History, Plan, Step, Topology, MAX_DOMAIN_BYTES, MAX_NAME_BYTES,
};
use crate::share::{encode, Opening};

/// The planner's state, shared with every component through context.
#[derive(Clone, Copy)]
pub(crate) struct Planner {
    /// The topology being edited.
    pub(crate) topology: RwSignal<Topology>,
    /// The plan for it, recomputed when it changes.
    pub(crate) plan: Memo<Plan>,
    /// Its share link (the part after `#`), for the address bar, the saved copy, the share field
    /// and the tools module.
    pub(crate) link: Memo<String>,
    /// The latest message about something the user did (an edit refused, a name cut, a bad link).
    pub(crate) notice: RwSignal<Option<String>>,
    /// The user's own topology, kept aside while a shared one is shown.
    pub(crate) own_kept: RwSignal<Option<Topology>>,
    /// The zone the pointer (or keyboard focus in the diagram) is on, highlighted in the
    /// diagram and the table.
    pub(crate) hovered_zone: RwSignal<Option<usize>>,
    history: RwSignal<History>,
}

impl Planner {
    /// State for what the page opened with, with its plan derived.
    pub(crate) fn new(opening: Opening) -> Self {
        let topology = RwSignal::new(opening.shown);
        Planner {
            topology,
            plan: Memo::new(move |_| topology.with(plan)),
            link: Memo::new(move |_| topology.with(encode)),
            notice: RwSignal::new(opening.error.map(|error| {
                format!("This link could not be opened: {error}. Your own topology is shown.")
            })),
            own_kept: RwSignal::new(opening.own_kept),
            hovered_zone: RwSignal::new(None),
            history: RwSignal::new(History::default()),
        }
    }

    /// Carries out an edit; says so in the notice when it is refused or altered. Returns where the
    /// edited zone is now, for focus to follow it.
    pub(crate) fn edit(&self, edit: Edit) -> Option<usize> {
        let before = self.topology.get_untracked();
        let mut next = before.clone();
        match next.apply(&edit) {
            Ok(applied) => {
                self.history
                    .update(|history| history.record(before, Step::Edit(edit)));
                self.topology.set(next);
                match applied {
                    Applied::Done(index) => {
                        self.notice.set(None);
                        Some(index)
                    }
                    Applied::DomainCut => {
                        self.notice.set(Some(format!(
                            "a domain is at most {MAX_DOMAIN_BYTES} bytes; the rest was cut"
                        )));
                        Some(0)
                    }
                    Applied::SettingCut => {
                        self.notice.set(Some(
                            "names are at most 253 bytes (a namespace or a region 63); the rest was cut"
                                .to_owned(),
                        ));
                        Some(0)
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

    /// Marks `zone` as the one pointed at (or none), in the table and the diagram.
    pub(crate) fn point_at(&self, zone: Option<usize>) {
        if self.hovered_zone.get_untracked() != zone {
            self.hovered_zone.set(zone);
        }
    }

    /// Replaces the whole topology (a link opened, an import), as one undoable step.
    pub(crate) fn replace(&self, topology: Topology) {
        let before = self.topology.get_untracked();
        if before != topology {
            self.history
                .update(|history| history.record(before, Step::Replace));
            self.topology.set(topology);
        }
    }

    /// Opens a link pasted into the address bar of the open page, as on a first visit.
    pub(crate) fn open(&self, opening: Opening) {
        if let Some(error) = opening.error {
            self.notice.set(Some(format!(
                "This link could not be opened: {error}. Your topology is unchanged."
            )));
            return;
        }
        if opening.own_kept.is_some() && self.own_kept.with_untracked(Option::is_none) {
            self.own_kept.set(opening.own_kept);
        }
        self.notice.set(None);
        self.replace(opening.shown);
    }

    /// Makes the shared topology on show the user's own.
    pub(crate) fn keep_shared(&self) {
        self.own_kept.set(None);
    }

    /// Leaves the shared topology and goes back to the user's own.
    pub(crate) fn back_to_own(&self) {
        if let Some(own) = self.own_kept.get_untracked() {
            self.own_kept.set(None);
            self.replace(own);
        }
    }

    /// Steps back one change.
    pub(crate) fn undo(&self) {
        self.step(History::undo);
    }

    /// Steps forward one undone change.
    pub(crate) fn redo(&self) {
        self.step(History::redo);
    }

    /// Moves through the history one way or the other: `walk` gets the present topology and
    /// gives the one to show, if there is one.
    fn step(&self, walk: fn(&mut History, Topology) -> Option<Topology>) {
        let present = self.topology.get_untracked();
        let mut next = None;
        self.history.update(|history| next = walk(history, present));
        if let Some(topology) = next {
            self.topology.set(topology);
            self.notice.set(None);
        }
    }

    /// Whether there is a change to undo.
    pub(crate) fn can_undo(&self) -> bool {
        self.history.with(History::can_undo)
    }

    /// Whether there is a change to redo.
    pub(crate) fn can_redo(&self) -> bool {
        self.history.with(History::can_redo)
    }
}

/// Reads the planner's state from context.
pub(crate) fn use_planner() -> Planner {
    expect_context::<Planner>()
}
