//! Ids made from names, and ids not taken yet. The `TimelineJS` importer and the editing
//! forms both call these, so a name gets the same id whichever way it enters a dossier.

use super::dataset::Dossier;
use super::query::names::fold;
use super::records::RecordKind;

/// The most characters an id made from a name keeps.
pub const SLUG_MAX_CHARS: usize = 60;

/// An id made from a name: "Li Qiang" → `li-qiang`, "Société Générale" →
/// `societe-generale`. Letters are lower-cased and their accents dropped; non-Latin
/// letters stay ("李强" → `李强`); every other run of characters becomes one `-`. At most
/// [`SLUG_MAX_CHARS`] characters; empty if the name has no letter or digit.
pub fn slug(name: &str) -> String {
    let mut slug = String::new();
    for c in fold(name).chars() {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let mut slug: String = slug.chars().take(SLUG_MAX_CHARS).collect();
    // Trailing dashes, also those the cap leaves at the end.
    while slug.ends_with('-') {
        slug.pop();
    }
    slug
}

/// `base`, or else `base-2`, `base-3`…: the first id that `is_taken` says is free.
pub fn first_unused_id(base: &str, mut is_taken: impl FnMut(&str) -> bool) -> String {
    if !is_taken(base) {
        return base.to_owned();
    }
    let mut n = 2_u64;
    loop {
        let candidate = format!("{base}-{n}");
        if !is_taken(&candidate) {
            return candidate;
        }
        n += 1;
    }
}

/// An id not yet used by records of `kind`: `base` (the kind's noun if `base` is empty),
/// else `base-2`, `base-3`… by the rule of [`first_unused_id`].
pub fn unused_id(dossier: &Dossier, kind: RecordKind, base: &str) -> String {
    let base = if base.is_empty() { kind.noun() } else { base };
    first_unused_id(base, |id| has_record_id(dossier, kind, id))
}

/// Whether a record of `kind` has the id.
fn has_record_id(dossier: &Dossier, kind: RecordKind, id: &str) -> bool {
    match kind {
        RecordKind::Lane => dossier.lanes.iter().any(|r| r.id == id),
        RecordKind::Entity => dossier.entities.iter().any(|r| r.id == id),
        RecordKind::Source => dossier.sources.iter().any(|r| r.id == id),
        RecordKind::Event => dossier.events.iter().any(|r| r.id == id),
        RecordKind::Period => dossier.periods.iter().any(|r| r.id == id),
        RecordKind::Briefing => dossier.briefings.iter().any(|r| r.id == id),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dossier() -> Dossier {
        crate::formats::default_dossier().dossier
    }

    #[test]
    fn ids_and_slugs() {
        let d = dossier();
        assert_eq!(slug("Li Qiang"), "li-qiang");
        assert_eq!(slug("  Société Générale! "), "societe-generale");
        assert_eq!(slug("李强"), "李强");
        assert_eq!(unused_id(&d, RecordKind::Entity, "li-qiang"), "li-qiang-2");
        assert_eq!(unused_id(&d, RecordKind::Entity, "nobody"), "nobody");
    }

    #[test]
    fn a_slug_is_capped_without_a_trailing_dash() {
        let long = format!("{} tail", "a".repeat(59));
        assert_eq!(slug(&long), "a".repeat(59));
        assert_eq!(slug(&"b".repeat(100)).chars().count(), SLUG_MAX_CHARS);
        assert_eq!(slug("¿ — !"), "");
    }

    #[test]
    fn first_unused_id_counts_from_two() {
        let taken = ["x", "x-2", "x-3"];
        assert_eq!(first_unused_id("x", |id| taken.contains(&id)), "x-4");
        assert_eq!(first_unused_id("y", |id| taken.contains(&id)), "y");
        assert_eq!(unused_id(&Dossier::default(), RecordKind::Lane, ""), "lane");
    }
}
