//! Undo and redo over snapshots of what the page shows (a topology, and whose it is). Typing a
//! name key by key is one step, as in any editor.

use super::edit::Edit;
use super::topology::Topology;

/// Most steps kept for undo. A snapshot is a topology or two of a few KB at most, so this bounds
/// memory at a few MB while going back further than anyone clicks.
pub const MAX_UNDO_STEPS: usize = 200;

/// What an undo step was, so that keystrokes in one name merge into one step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// An edit made in the editor.
    Edit(Edit),
    /// The whole topology replaced: a link opened, an import, "Back to my topology".
    Replace,
}

/// Past and future snapshots around the present one: topologies, or whatever a page keeps with
/// them (the planner keeps whose topology it is, so that undo brings that back too).
#[derive(Clone, Debug)]
pub struct History<T = Topology> {
    past: Vec<(T, Step)>,
    future: Vec<T>,
}

impl<T> Default for History<T> {
    fn default() -> Self {
        History {
            past: Vec::new(),
            future: Vec::new(),
        }
    }
}

impl<T> History<T> {
    /// Records that `before` was replaced by the result of `step`. Clears the redo list.
    pub fn record(&mut self, before: T, step: Step) {
        self.future.clear();
        if let (Step::Edit(edit), Some((_, Step::Edit(last)))) = (&step, self.past.last_mut()) {
            if edit.continues(last) {
                *last = edit.clone();
                return;
            }
        }
        self.past.push((before, step));
        if self.past.len() > MAX_UNDO_STEPS {
            self.past.remove(0);
        }
    }

    /// The snapshot before the last step, given the present one to redo to; `None` when there
    /// is nothing to undo.
    pub fn undo(&mut self, present: T) -> Option<T> {
        let (before, _) = self.past.pop()?;
        self.future.push(present);
        Some(before)
    }

    /// The snapshot the last undo left, given the present one; `None` when there is nothing to
    /// redo.
    pub fn redo(&mut self, present: T) -> Option<T> {
        let after = self.future.pop()?;
        self.past.push((present, Step::Replace));
        Some(after)
    }

    /// Whether there is a step to undo.
    pub fn can_undo(&self) -> bool {
        !self.past.is_empty()
    }

    /// Whether there is a step to redo.
    pub fn can_redo(&self) -> bool {
        !self.future.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edited(topology: &Topology, edit: &Edit, history: &mut History) -> Topology {
        let mut next = topology.clone();
        next.apply(edit).unwrap();
        history.record(topology.clone(), Step::Edit(edit.clone()));
        next
    }

    #[test]
    fn undo_and_redo_walk_the_steps() {
        let mut history = History::default();
        let start = Topology::default();
        let added = edited(&start, &Edit::AddZone, &mut history);
        let ticked = edited(&added, &Edit::SetRdpVncSessions(2, true), &mut history);
        assert_eq!(history.undo(ticked.clone()), Some(added.clone()));
        assert_eq!(history.undo(added.clone()), Some(start.clone()));
        assert_eq!(history.undo(start.clone()), None);
        assert_eq!(history.redo(start.clone()), Some(added.clone()));
        assert_eq!(history.redo(added.clone()), Some(ticked.clone()));
        assert!(!history.can_redo());
        assert!(history.can_undo());
    }

    #[test]
    fn typing_a_name_is_one_step_and_a_new_edit_clears_redo() {
        let mut history = History::default();
        let start = Topology::default();
        let mut now = start.clone();
        for name in ["a", "ap", "ap-s"] {
            now = edited(&now, &Edit::Rename(1, name.into()), &mut history);
        }
        let renamed = now.clone();
        assert_eq!(history.undo(now), Some(start.clone()));
        assert_eq!(history.redo(start.clone()), Some(renamed.clone()));
        assert_eq!(history.undo(renamed), Some(start.clone()));
        let other = edited(&start, &Edit::AddZone, &mut history);
        assert!(!history.can_redo());
        assert_eq!(history.undo(other), Some(start));
    }

    #[test]
    fn history_is_bounded() {
        let mut history = History::default();
        for _ in 0..MAX_UNDO_STEPS + 50 {
            history.record(Topology::default(), Step::Replace);
        }
        let mut undone = 0;
        while history.undo(Topology::default()).is_some() {
            undone += 1;
        }
        assert_eq!(undone, MAX_UNDO_STEPS);
    }
}
