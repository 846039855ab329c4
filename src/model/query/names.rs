//! Queries over a document: text matching that ignores case and accents, entity filters.

use unicode_normalization::UnicodeNormalization as _;

use crate::model::dataset::Entity;

/// Lower-cases and strips accents: "Société" → "societe", "LI Qiang" → "li qiang".
/// Other scripts pass through unchanged ("李强" stays "李强").
pub fn fold(text: &str) -> String {
    text.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// True for characters of scripts written without spaces between words (Chinese,
/// Japanese), where a query matches anywhere in a name rather than at word starts.
fn is_unspaced_script(c: char) -> bool {
    matches!(c as u32, 0x2E80..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF)
}

/// A prepared query: folded once, matched against many names.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NameQuery {
    tokens: Vec<String>,
}

impl NameQuery {
    pub fn new(query: &str) -> Self {
        Self {
            tokens: fold(query).split_whitespace().map(str::to_owned).collect(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }

    /// Every token must start a word of the name ("li q" matches "Li Qiang"); tokens in
    /// Chinese or Japanese may match anywhere ("强" matches "李强").
    pub fn matches_name(&self, name: &str) -> bool {
        if self.tokens.is_empty() {
            return true;
        }
        let folded = fold(name);
        let words: Vec<&str> = folded
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        self.tokens.iter().all(|token| {
            if token.chars().any(is_unspaced_script) {
                folded.contains(token.as_str())
            } else {
                words.iter().any(|w| w.starts_with(token.as_str()))
            }
        })
    }

    /// Matches an entity by its name, any alias or its id.
    pub fn matches_entity(&self, entity: &Entity) -> bool {
        self.matches_name(&entity.name)
            || entity.aliases.iter().any(|a| self.matches_name(a))
            || self.matches_name(&entity.id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn li_qiang() -> Entity {
        Entity {
            id: "li-qiang".into(),
            name: "Li Qiang".into(),
            aliases: vec!["李强".into()],
            ..Entity::default()
        }
    }

    #[test]
    fn folds_case_and_accents() {
        assert_eq!(fold("Société Générale"), "societe generale");
        assert_eq!(fold("António Guterres"), "antonio guterres");
        assert_eq!(fold("李强"), "李强");
    }

    #[test]
    fn matches_word_prefixes_and_aliases() {
        let li = li_qiang();
        for query in [
            "li q",
            "Li Qiang",
            "qiang",
            "LI",
            "李强",
            "强",
            "  li   qia ",
        ] {
            assert!(NameQuery::new(query).matches_entity(&li), "{query:?}");
        }
        for query in ["iang", "li x", "王"] {
            assert!(!NameQuery::new(query).matches_entity(&li), "{query:?}");
        }
        let guterres = Entity {
            name: "António Guterres".into(),
            ..Entity::default()
        };
        assert!(NameQuery::new("antonio").matches_entity(&guterres));
        assert!(NameQuery::new("").matches_entity(&guterres));
    }
}
