//! Naming a change to a record for the Edit menu.

use crate::model::records::Record;

/// A short description of what an edit of a record does, for the Edit menu:
/// "rename event", "change dates of event", "edit entity".
pub fn describe_change(old: &Record, new: &Record) -> String {
    let noun = new.kind().noun();
    if old.id() != new.id() && old.name() == new.name() {
        return format!("change id of {noun}");
    }
    if let (Record::Event(a), Record::Event(b)) = (old, new) {
        let only = |same: bool| same && a.id == b.id;
        if only(a.start == b.start && a.end() == b.end() && a.title != b.title) {
            let mut renamed = a.clone();
            renamed.title.clone_from(&b.title);
            if renamed == *b {
                return format!("rename {noun}");
            }
        }
        if a.title == b.title && (a.start != b.start || a.end() != b.end()) {
            let mut redated = a.clone();
            redated.start.clone_from(&b.start);
            redated.end_mut().clone_from(b.end());
            if redated == *b {
                return format!("change date of {noun}");
            }
        }
    }
    let mut renamed = old.clone();
    let same_but_name = match (&mut renamed, new) {
        (Record::Lane(r), Record::Lane(n)) => {
            r.label.clone_from(&n.label);
            true
        }
        (Record::Entity(r), Record::Entity(n)) => {
            r.name.clone_from(&n.name);
            true
        }
        (Record::Source(r), Record::Source(n)) => {
            r.title.clone_from(&n.title);
            true
        }
        (Record::Event(r), Record::Event(n)) => {
            r.title.clone_from(&n.title);
            true
        }
        (Record::Period(r), Record::Period(n)) => {
            r.label.clone_from(&n.label);
            true
        }
        (Record::Briefing(r), Record::Briefing(n)) => {
            r.title.clone_from(&n.title);
            true
        }
        _ => false,
    };
    if same_but_name && renamed == *new && old != new {
        return format!("rename {noun}");
    }
    format!("edit {noun}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::dataset::Dossier;

    fn dossier() -> Dossier {
        crate::formats::default_dossier().dossier
    }

    #[test]
    fn changes_are_named() {
        let d = dossier();
        let old = Record::Event(d.events[0].clone());
        let mut e = d.events[0].clone();
        e.title = "New title".into();
        assert_eq!(
            describe_change(&old, &Record::Event(e.clone())),
            "rename event"
        );
        let mut e2 = d.events[0].clone();
        e2.start = "2017-07-21".into();
        assert_eq!(
            describe_change(&old, &Record::Event(e2)),
            "change date of event"
        );
        e.summary = "Other".into();
        assert_eq!(describe_change(&old, &Record::Event(e)), "edit event");
    }
}
