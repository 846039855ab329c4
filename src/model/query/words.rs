//! The words full-text search indexes and looks up: runs of letters and digits, folded
//! (lower case, no accents), and each Chinese (or Japanese, Korean) character on its own.
//!
//! Split from `search` because indexing a million events calls this tens of millions of
//! times: it is written for ASCII text, which most dossiers mostly are, and folds only the
//! words that need it (tests: the fast path against the plain definition).

use unicode_normalization::UnicodeNormalization as _;

/// True for characters of scripts written without spaces between words.
fn is_unspaced(c: char) -> bool {
    matches!(c as u32, 0x2E80..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF)
}

/// True for the bytes that end a word and are the same after folding: ASCII characters
/// other than letters and digits.
fn is_ascii_separator(b: u8) -> bool {
    b.is_ascii() && !b.is_ascii_alphanumeric()
}

/// Calls `each` with every folded word of `text` (as [`super::names::fold`] folds it,
/// then split): runs of letters and digits, and each Chinese (or Japanese, Korean)
/// character on its own.
///
/// The text is cut at ASCII separators first: folding maps each of them to itself and
/// they are never part of a word, so each piece folds alone to what it would in the
/// whole. An ASCII piece only needs lower-casing, and one already in lower case is passed
/// as it is, without a copy.
pub fn for_each_word(text: &str, scratch: &mut String, mut each: impl FnMut(&str)) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if is_ascii_separator(bytes[i]) {
            i += 1;
            continue;
        }
        let start = i;
        let mut ascii = true;
        let mut upper = false;
        while i < bytes.len() && !is_ascii_separator(bytes[i]) {
            ascii &= bytes[i].is_ascii();
            upper |= bytes[i].is_ascii_uppercase();
            i += 1;
        }
        // Cut at ASCII bytes: always on character boundaries.
        let piece = &text[start..i];
        if !ascii {
            fold_piece(piece, scratch, &mut each);
        } else if upper {
            scratch.clear();
            scratch.push_str(piece);
            scratch.make_ascii_lowercase();
            each(scratch);
        } else {
            each(piece);
        }
    }
}

/// Folds `piece` (no ASCII separator in it) into `scratch` and calls `each` with its words.
fn fold_piece(piece: &str, scratch: &mut String, each: &mut impl FnMut(&str)) {
    scratch.clear();
    scratch.extend(
        piece
            .nfd()
            .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
            .flat_map(char::to_lowercase),
    );
    let mut start = None;
    for (i, c) in scratch.char_indices() {
        if is_unspaced(c) {
            if let Some(s) = start.take() {
                each(&scratch[s..i]);
            }
            each(&scratch[i..i + c.len_utf8()]);
        } else if c.is_alphanumeric() {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            each(&scratch[s..i]);
        }
    }
    if let Some(s) = start {
        each(&scratch[s..]);
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::model::query::names::fold;

    /// The definition: the whole text folded, then split.
    fn plain(text: &str) -> Vec<String> {
        let folded = fold(text);
        let mut words = Vec::new();
        let mut start = None;
        for (i, c) in folded.char_indices() {
            if is_unspaced(c) {
                if let Some(s) = start.take() {
                    words.push(folded[s..i].to_owned());
                }
                words.push(folded[i..i + c.len_utf8()].to_owned());
            } else if c.is_alphanumeric() {
                start.get_or_insert(i);
            } else if let Some(s) = start.take() {
                words.push(folded[s..i].to_owned());
            }
        }
        if let Some(s) = start {
            words.push(folded[s..].to_owned());
        }
        words
    }

    fn fast(text: &str) -> Vec<String> {
        let mut words = Vec::new();
        for_each_word(text, &mut String::new(), |w| words.push(w.to_owned()));
        words
    }

    #[test]
    fn the_fast_path_folds_as_the_definition() {
        for text in [
            "Müller",
            "Anna Müller signs",
            "李强",
            "李强 (Li Qiang) 2025",
            "İstanbul",
            "ISTANBUL İSTANBUL",
            "ß STRASSE Straße",
            "Société Générale, WAIC-2025",
            "e\u{301}tude .\u{301}x",
            "Ωmega ΣΊΣΥΦΟΣ",
            "x\u{37e}y K\u{212a}",
            "déjà-vu l’IA l'ia",
            "서울 Seoul",
            "",
            "  ,. ",
            "ALL CAPS and lower",
        ] {
            assert_eq!(fast(text), plain(text), "{text:?}");
        }
        assert_eq!(
            fast("Anna Müller, İSTANBUL"),
            ["anna", "muller", "istanbul"]
        );
    }

    proptest! {
        #[test]
        fn any_text_folds_as_the_definition(text in "\\PC{0,40}") {
            prop_assert_eq!(fast(&text), plain(&text));
        }

        #[test]
        fn mixed_scripts_fold_as_the_definition(
            text in "[a-zA-Z0-9 ,.'\u{300}-\u{36f}üÜßİıΣσςé李强서울\u{2019}\u{212a}\u{37e}]{0,40}",
        ) {
            prop_assert_eq!(fast(&text), plain(&text));
        }
    }
}
