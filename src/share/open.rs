//! What the planner shows, and whose it is: the user's own topology, or a shared one with the
//! user's own kept aside. [`open`] decides it for a link; [`Screen`] carries it through every
//! later change (a link pasted into the address bar, "Keep", "Back to my topology", an import),
//! and is what undo restores, so the banner and the saving always follow the topology on
//! screen. Never loses the user's work.

use super::codec::{decode, LinkError};
use crate::engine::Topology;

/// The outcome of opening the page (or of a new link pasted into the address bar).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Opening {
    /// The topology to show and edit.
    pub shown: Topology,
    /// The user's own topology, kept aside while a shared one is shown; `None` when the shown
    /// topology is the user's own.
    pub own_kept: Option<Topology>,
    /// Why the link could not be opened, if it could not.
    pub error: Option<LinkError>,
}

/// Decides what to show for a link `fragment` (empty when there is none), given the user's own
/// topology if one was saved.
pub fn open(fragment: &str, own: Option<Topology>) -> Opening {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    if fragment.trim().is_empty() {
        return Opening {
            shown: own.unwrap_or_default(),
            own_kept: None,
            error: None,
        };
    }
    match decode(fragment) {
        Ok(shared) => match own {
            Some(own) if own != shared => Opening {
                shown: shared,
                own_kept: Some(own),
                error: None,
            },
            // Nothing of the user's to overwrite, or the link is their own topology.
            _ => Opening {
                shown: shared,
                own_kept: None,
                error: None,
            },
        },
        Err(error) => Opening {
            shown: own.unwrap_or_default(),
            own_kept: None,
            error: Some(error),
        },
    }
}

/// The topology on screen and, while it is someone else's, the user's own kept aside. Only the
/// user's own is ever saved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Screen {
    /// The topology shown and edited.
    pub topology: Topology,
    /// The user's own topology while a shared one is shown; `None` when the shown one is theirs.
    pub own_kept: Option<Topology>,
}

impl From<Opening> for Screen {
    fn from(opening: Opening) -> Self {
        Screen {
            topology: opening.shown,
            own_kept: opening.own_kept,
        }
    }
}

impl Screen {
    /// The user's own topology, shown or kept aside.
    pub fn own(&self) -> &Topology {
        self.own_kept.as_ref().unwrap_or(&self.topology)
    }

    /// A link opened in the open page (pasted into the address bar). The user's own topology
    /// stays theirs: a link to it just shows it as theirs again; another is shown beside it.
    pub fn open_link(&self, fragment: &str) -> Result<Screen, LinkError> {
        let opening = open(fragment, Some(self.own().clone()));
        match opening.error {
            Some(error) => Err(error),
            None => Ok(opening.into()),
        }
    }

    /// The shared topology on screen becomes the user's own.
    pub fn keep_shared(&self) -> Screen {
        Screen {
            topology: self.topology.clone(),
            own_kept: None,
        }
    }

    /// Back to the user's own topology; `None` when it is already on screen.
    pub fn back_to_own(&self) -> Option<Screen> {
        self.own_kept.clone().map(|own| Screen {
            topology: own,
            own_kept: None,
        })
    }

    /// An imported topology: the user chose it, so it becomes their own.
    pub fn import(&self, topology: Topology) -> Screen {
        Screen {
            topology,
            own_kept: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Zone;
    use crate::share::encode;

    fn mine() -> Topology {
        Topology::of(vec![Zone::new("mine", true, false)])
    }

    #[test]
    fn no_link_shows_the_saved_topology_or_the_default() {
        assert_eq!(open("", Some(mine())).shown, mine());
        assert_eq!(open("#", None).shown, Topology::default());
    }

    #[test]
    fn someone_elses_link_is_shown_beside_the_users_own() {
        let theirs = Topology::default();
        let opening = open(&encode(&theirs), Some(mine()));
        assert_eq!(opening.shown, theirs);
        assert_eq!(opening.own_kept, Some(mine()));
    }

    #[test]
    fn the_users_own_link_or_a_first_visit_just_opens() {
        let opening = open(&format!("#{}", encode(&mine())), Some(mine()));
        assert_eq!((opening.shown, opening.own_kept), (mine(), None));
        let opening = open(&encode(&mine()), None);
        assert_eq!((opening.shown, opening.own_kept), (mine(), None));
    }

    #[test]
    fn a_link_to_ones_own_topology_ends_the_shared_view() {
        let theirs = Topology::default();
        let shared = Screen::from(open(&encode(&theirs), Some(mine())));
        assert!(shared.own_kept.is_some());
        let back = shared.open_link(&encode(&mine())).unwrap();
        assert_eq!(
            back,
            Screen {
                topology: mine(),
                own_kept: None
            }
        );
        // Another shared link keeps the user's own aside, not the first shared one.
        let other = Topology::of(vec![Zone::new("other", false, true)]);
        let next = shared.open_link(&encode(&other)).unwrap();
        assert_eq!(next.own_kept, Some(mine()));
        assert!(shared.open_link("9.zz").is_err());
    }

    #[test]
    fn keeping_going_back_and_importing_decide_whose_it_is() {
        let theirs = Topology::default();
        let shared = Screen::from(open(&encode(&theirs), Some(mine())));
        assert_eq!(
            shared.keep_shared(),
            Screen {
                topology: theirs.clone(),
                own_kept: None
            }
        );
        assert_eq!(
            shared.back_to_own(),
            Some(Screen {
                topology: mine(),
                own_kept: None
            })
        );
        assert_eq!(shared.back_to_own().and_then(|own| own.back_to_own()), None);
        let imported = Topology::of(vec![Zone::new("imported", true, true)]);
        assert_eq!(shared.import(imported).own_kept, None);
    }

    #[test]
    fn a_bad_link_keeps_the_users_work_and_says_why() {
        let opening = open("9.zz", Some(mine()));
        assert_eq!(opening.shown, mine());
        assert_eq!(opening.own_kept, None);
        assert!(matches!(opening.error, Some(LinkError::NewerVersion(_))));
    }
}
