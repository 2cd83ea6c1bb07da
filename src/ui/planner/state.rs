//! The planner's reactive state: the topology being edited, whose it is (the user's own is kept
//! aside while a shared one is shown), its undo history, whether it is being saved, and the last
//! message for the user. Domain types stay plain; this module wraps them in signals and routes
//! every change through the engine and the share module's [`Screen`].

use leptos::prelude::*;

use crate::engine::{
    plan, Applied, Edit, History, Plan, Step, Topology, MAX_DOMAIN_BYTES, MAX_NAME_BYTES,
};
use crate::share::{encode, Opening, Screen};

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
    /// Where the findings of the values file last opened stand in it (see
    /// `crate::ui::protocol::OPEN_EVENT`): kept through edits of what was opened, which keep
    /// most of its findings, and emptied when another topology is opened or the user goes back
    /// to their own.
    pub(crate) places: RwSignal<String>,
    /// The zone the pointer (or keyboard focus in the diagram) is on, highlighted in the
    /// diagram and the table.
    pub(crate) hovered_zone: RwSignal<Option<usize>>,
    /// The share link of the user's own topology (on screen, or kept aside): what is saved.
    pub(crate) own_link: Memo<String>,
    /// Whether the saved topology is being kept in step, and if not, why.
    pub(crate) keeping: RwSignal<Keeping>,
    /// What this tab last read from or wrote to storage: a stored value that differs from it
    /// was written by someone else, and is never written over unasked.
    pub(crate) last_seen: StoredValue<Option<String>>,
    history: RwSignal<History<Screen>>,
}

/// Whether the user's own topology is being saved in the browser, and if not, why. Saving never
/// writes over work the planner has not read or has not seen the newest of.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Keeping {
    /// Edits to the user's own topology are saved.
    Saving,
    /// The browser refuses storage (disabled, full, a private mode): work lasts as long as the tab.
    Unavailable,
    /// The saved topology could not be read (written by a newer planner, or damaged); it is left
    /// as it is until the user chooses. Holds why.
    Unreadable(String),
    /// Another tab saved a newer topology; holds its link, for the user to open or set aside.
    OtherTab(String),
}

impl Planner {
    /// State for what the page opened with, with its plan derived, and how saving stands.
    pub(crate) fn new(opening: Opening, keeping: Keeping) -> Self {
        let topology = RwSignal::new(opening.shown);
        let own_kept = RwSignal::new(opening.own_kept);
        Planner {
            own_link: Memo::new(move |_| {
                own_kept.with(|own| match own {
                    Some(own) => encode(own),
                    None => topology.with(encode),
                })
            }),
            keeping: RwSignal::new(keeping),
            last_seen: StoredValue::new(None),
            topology,
            // Every change of the topology is a new plan: what reads it compares its own output
            // (the table's rows, the diagram's markup), and comparing whole plans would cost
            // more code than the few redraws it saves.
            plan: Memo::new_with_compare(move |_| topology.with(plan), |_, _| true),
            link: Memo::new(move |_| topology.with(encode)),
            notice: RwSignal::new(opening.error.map(|error| {
                format!("This link could not be opened: {error}. Your own topology is shown.")
            })),
            own_kept,
            hovered_zone: RwSignal::new(None),
            places: RwSignal::new(String::new()),
            history: RwSignal::new(History::default()),
        }
    }

    /// Carries out an edit; says so in the notice when it is refused or altered. Returns where the
    /// edited zone is now, for focus to follow it.
    pub(crate) fn edit(&self, edit: Edit) -> Option<usize> {
        let before = self.screen();
        let mut next = before.topology.clone();
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
                            "names are at most 253 bytes, a namespace 63 and a region 32; the rest was cut"
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

    /// What is on screen and whose it is, as undo keeps it.
    fn screen(&self) -> Screen {
        Screen {
            topology: self.topology.get_untracked(),
            own_kept: self.own_kept.get_untracked(),
        }
    }

    fn show(&self, screen: Screen) {
        self.topology.set(screen.topology);
        self.own_kept.set(screen.own_kept);
    }

    /// Puts a new screen up (a link opened, an import, "Keep", "Back to my topology") as one
    /// undoable step.
    fn replace(&self, screen: Screen) {
        let before = self.screen();
        if before != screen {
            self.history
                .update(|history| history.record(before, Step::Replace));
            self.show(screen);
        }
    }

    /// Opens a link pasted into the address bar of the open page. A link to the user's own
    /// topology ends the shared view; a bad one changes nothing and says why.
    /// Says whether it was opened.
    pub(crate) fn open_link(&self, fragment: &str) -> bool {
        match self.screen().open_link(fragment) {
            Ok(screen) => {
                self.notice.set(None);
                self.places.set(String::new());
                self.replace(screen);
                true
            }
            Err(error) => {
                self.notice.set(Some(format!(
                    "This link could not be opened: {error}. Your topology is unchanged."
                )));
                false
            }
        }
    }

    /// Opens an imported topology: the user chose it, so it becomes their own.
    pub(crate) fn import(&self, topology: Topology) {
        self.notice.set(None);
        self.places.set(String::new());
        self.replace(self.screen().import(topology));
    }

    /// Makes the shared topology on show the user's own.
    pub(crate) fn keep_shared(&self) {
        self.replace(self.screen().keep_shared());
    }

    /// Leaves the shared topology and goes back to the user's own.
    pub(crate) fn back_to_own(&self) {
        if let Some(own) = self.screen().back_to_own() {
            self.places.set(String::new());
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

    /// Moves through the history one way or the other: `walk` gets the present screen and gives
    /// the one to show, if there is one. Whose topology it is comes back with it.
    fn step(&self, walk: fn(&mut History<Screen>, Screen) -> Option<Screen>) {
        let present = self.screen();
        let mut next = None;
        self.history.update(|history| next = walk(history, present));
        if let Some(screen) = next {
            self.show(screen);
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
