//! What the planner shows when it opens: the user's own topology, a shared one beside it, or the
//! user's own with a message about a link that could not be read. Never loses the user's work.

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
    fn a_bad_link_keeps_the_users_work_and_says_why() {
        let opening = open("9.zz", Some(mine()));
        assert_eq!(opening.shown, mine());
        assert_eq!(opening.own_kept, None);
        assert!(matches!(opening.error, Some(LinkError::NewerVersion(_))));
    }
}
