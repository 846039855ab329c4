//! Grading evidence: the Admiralty (NATO) codes for how reliable a source is (`A`–`F`)
//! and how credible an account is (`1`–`6`), and how well an event or a paragraph is
//! supported by the sources it cites.

use super::dataset::{Event, Source};
use super::index::Index;

/// How reliable a source is, on the Admiralty scale.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Reliability {
    A,
    B,
    C,
    D,
    E,
    F,
}

impl Reliability {
    pub const ALL: [Self; 6] = [Self::A, Self::B, Self::C, Self::D, Self::E, Self::F];

    /// The grade as written in the file: `"A"` … `"F"`.
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.letter() == text)
    }

    pub fn letter(self) -> &'static str {
        match self {
            Self::A => "A",
            Self::B => "B",
            Self::C => "C",
            Self::D => "D",
            Self::E => "E",
            Self::F => "F",
        }
    }

    pub fn meaning(self) -> &'static str {
        match self {
            Self::A => "completely reliable",
            Self::B => "usually reliable",
            Self::C => "fairly reliable",
            Self::D => "not usually reliable",
            Self::E => "unreliable",
            Self::F => "reliability cannot be judged",
        }
    }

    /// D, E and F: a claim resting only on such sources is weak.
    pub fn is_weak(self) -> bool {
        self >= Self::D
    }
}

/// The meaning of an Admiralty credibility grade, or `None` outside 1–6.
pub fn credibility_meaning(grade: u8) -> Option<&'static str> {
    Some(match grade {
        1 => "confirmed by other sources",
        2 => "probably true",
        3 => "possibly true",
        4 => "doubtful",
        5 => "improbable",
        6 => "truth cannot be judged",
        _ => return None,
    })
}

/// The message for a reliability that is not a grade, shared by loading and the form.
pub fn reliability_problem(text: &str) -> Option<String> {
    (!text.is_empty() && Reliability::parse(text).is_none()).then(|| {
        format!(
            "reliability \"{text}\" is not an Admiralty grade: use A (completely reliable) to F (cannot be judged)"
        )
    })
}

/// The message for a credibility outside 1–6.
pub fn credibility_problem(grade: Option<u8>) -> Option<String> {
    let grade = grade?;
    credibility_meaning(grade)
        .is_none()
        .then(|| format!("credibility {grade} is outside 1–6"))
}

/// A source's grade, if it has a valid one.
pub fn source_grade(source: &Source) -> Option<Reliability> {
    Reliability::parse(&source.reliability)
}

/// How well a claim is supported by the sources it cites.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Support {
    /// No source cited.
    Unsourced,
    /// One source only.
    SingleSource,
    /// Several sources, all graded D–F.
    WeakOnly,
    /// Several sources, at least one graded A–C (or not graded).
    Several,
}

impl Support {
    /// The distinct sources (positions in the dossier) a claim cites.
    pub fn of(sources: &[usize], grades: impl Fn(usize) -> Option<Reliability>) -> Self {
        let mut distinct = sources.to_vec();
        distinct.sort_unstable();
        distinct.dedup();
        match distinct.len() {
            0 => Self::Unsourced,
            1 => Self::SingleSource,
            _ if distinct
                .iter()
                .all(|&s| grades(s).is_some_and(Reliability::is_weak)) =>
            {
                Self::WeakOnly
            }
            _ => Self::Several,
        }
    }

    /// What a reader is told about a weakly supported claim; `None` when it holds up.
    pub fn warning(self) -> Option<&'static str> {
        match self {
            Self::Unsourced => Some("no source cited"),
            Self::SingleSource => Some("rests on a single source"),
            Self::WeakOnly => Some("rests only on sources graded D–F"),
            Self::Several => None,
        }
    }
}

/// The sources an event cites, as positions in the dossier, each once.
pub fn event_sources(index: &Index, event: &Event) -> Vec<usize> {
    let mut sources: Vec<usize> = event
        .sources
        .iter()
        .filter_map(|id| index.source(id))
        .collect();
    sources.sort_unstable();
    sources.dedup();
    sources
}

/// The weakest grade among an event's sources (ungraded sources count as `F`).
pub fn weakest_grade(sources: &[usize], all: &[Source]) -> Option<Reliability> {
    sources
        .iter()
        .map(|&s| all.get(s).and_then(source_grade).unwrap_or(Reliability::F))
        .max()
}

/// The Admiralty badge of an event: best source grade and credibility, `"B2"`; `"?"` for
/// what is not graded.
pub fn event_badge(sources: &[usize], all: &[Source], credibility: Option<u8>) -> String {
    let best = sources
        .iter()
        .filter_map(|&s| all.get(s).and_then(source_grade))
        .min();
    let letter = best.map_or("?", Reliability::letter);
    let number = credibility
        .filter(|c| credibility_meaning(*c).is_some())
        .map_or_else(|| "?".to_owned(), |c| c.to_string());
    format!("{letter}{number}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grades_parse_only_as_written() {
        assert_eq!(Reliability::parse("B"), Some(Reliability::B));
        assert_eq!(Reliability::parse("b"), None);
        assert_eq!(Reliability::parse("G"), None);
        assert!(reliability_problem("G").is_some());
        assert!(reliability_problem("").is_none());
        assert!(credibility_problem(Some(7)).is_some());
        assert!(credibility_problem(Some(0)).is_some());
        assert!(credibility_problem(Some(6)).is_none());
        assert!(Reliability::D.is_weak() && !Reliability::C.is_weak());
    }

    #[test]
    fn support_counts_distinct_sources_and_weak_grades() {
        let grade = |s: usize| [Some(Reliability::D), Some(Reliability::E), None][s];
        assert_eq!(Support::of(&[], grade), Support::Unsourced);
        assert_eq!(Support::of(&[1, 1], grade), Support::SingleSource);
        assert_eq!(Support::of(&[0, 1], grade), Support::WeakOnly);
        assert_eq!(Support::of(&[0, 2], grade), Support::Several);
    }
}
