//! The `record!` macro: dataset structs that keep unknown keys and write known keys in a
//! fixed order.
//!
//! `#[serde(flatten)]` would keep unknown keys too, but it buffers every record, is about
//! twice as slow, and loses the line and column of type errors inside the record. This
//! macro writes the `Deserialize` visitor by hand instead: each known key is read straight
//! from the parser (so errors point at the offending value), every other key lands in
//! `extra`, and a key given twice is an error rather than a silent overwrite.

/// Whether an optional field is absent and so left out when saving.
pub trait Absent {
    fn is_absent(&self) -> bool;
}

impl Absent for String {
    fn is_absent(&self) -> bool {
        self.is_empty()
    }
}

impl Absent for ecow::EcoString {
    fn is_absent(&self) -> bool {
        self.is_empty()
    }
}

impl Absent for Box<str> {
    fn is_absent(&self) -> bool {
        self.is_empty()
    }
}

impl<T> Absent for Box<[T]> {
    fn is_absent(&self) -> bool {
        self.is_empty()
    }
}

impl<T> Absent for Vec<T> {
    fn is_absent(&self) -> bool {
        self.is_empty()
    }
}

impl<A: smallvec::Array> Absent for smallvec::SmallVec<A> {
    fn is_absent(&self) -> bool {
        self.is_empty()
    }
}

impl<T> Absent for thin_vec::ThinVec<T> {
    fn is_absent(&self) -> bool {
        self.is_empty()
    }
}

impl<T> Absent for Option<T> {
    fn is_absent(&self) -> bool {
        self.is_none()
    }
}

/// Declares a dataset record. Each field is `req` (always written) or `opt` (written
/// unless [`Absent`]), then its JSON key, then the Rust field. Every field is read with
/// its `Default` when the key is missing: missing required values are reported by
/// validation, with their JSON path, together with every other problem.
macro_rules! record {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $( $(#[$fmeta:meta])* $mode:ident $key:literal $field:ident : $ty:ty, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, Default, PartialEq)]
        pub struct $name {
            $( $(#[$fmeta])* pub $field: $ty, )*
            /// Keys this version does not know, kept in their order and written back.
            pub extra: $crate::model::record::Extra,
        }

        $crate::model::record::record! {
            @serde $name, extra: extra, fields { $( $mode $key $field, )* }
        }
    };
    // The `Serialize` and `Deserialize` of a record whose struct is written by hand: a
    // field is a field of the record, or `group.field` of a [`Rare`] group, created when
    // one of its keys is read; `extra` names where unknown keys go, the same way.
    (
        @serde $name:ident, extra: $extra:ident $(. $extra_in:ident)?,
        fields { $( $mode:ident $key:literal $field:ident $(. $field_in:ident)?, )* }
    ) => {
        impl $name {
            /// The JSON keys this version knows, in the order they are written.
            pub const KEYS: &'static [&'static str] = &[$($key),*];
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeMap as _;
                #[allow(unused_imports)]
                use $crate::model::record::Absent as _;
                let mut map = serializer.serialize_map(None)?;
                $( $crate::model::record::record!(@write_at self, map, $mode, $key, $field $(. $field_in)?); )*
                if let Some(extra) = $crate::model::record::record!(@get self, $extra $(. $extra_in)?) {
                    for (key, value) in extra.iter() {
                        map.serialize_entry(key, value)?;
                    }
                }
                map.end()
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct RecordVisitor;
                impl<'de> serde::de::Visitor<'de> for RecordVisitor {
                    type Value = $name;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(f, "an object ({})", stringify!($name))
                    }
                    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<$name, A::Error> {
                        let mut record = $name::default();
                        let mut seen = [false; $name::KEYS.len()];
                        while let Some($crate::model::record::Key(key)) = map.next_key()? {
                            // Each key is compared once, by the match; its place in KEYS
                            // is worked out when compiling (14 million keys in a million
                            // events were each looked for in KEYS, then matched again).
                            match key.as_ref() {
                                $( $key => {
                                    const AT: usize = $crate::model::record::position_of($name::KEYS, $key);
                                    if std::mem::replace(&mut seen[AT], true) {
                                        return Err(serde::de::Error::duplicate_field($key));
                                    }
                                    $crate::model::record::record!(@set record, $field $(. $field_in)?) =
                                        map.next_value::<$crate::model::record::Read<_>>()?.0;
                                } )*
                                _ => {
                                    let value = map.next_value()?;
                                    let extra = &mut $crate::model::record::record!(@set record, $extra $(. $extra_in)?);
                                    if extra.insert(key.clone().into_owned(), value).is_some() {
                                        return Err(serde::de::Error::custom(format_args!("duplicate field `{key}`")));
                                    }
                                }
                            }
                        }
                        Ok(record)
                    }
                }
                deserializer.deserialize_map(RecordVisitor)
            }
        }
    };
    (@set $record:ident, $field:ident) => { $record.$field };
    (@set $record:ident, $group:ident . $field:ident) => { $record.$group.make().$field };
    (@get $record:ident, $field:ident) => { Some(&$record.$field) };
    (@get $record:ident, $group:ident . $field:ident) => { $record.$group.get().map(|g| &g.$field) };
    (@write_at $record:ident, $map:ident, $mode:ident, $key:literal, $($path:tt)+) => {
        if let Some(value) = $crate::model::record::record!(@get $record, $($path)+) {
            $crate::model::record::record!(@write $map, $mode, $key, value);
        }
    };
    (@write $map:ident, req, $key:literal, $value:expr) => {
        $map.serialize_entry($key, $value)?;
    };
    (@write $map:ident, opt, $key:literal, $value:expr) => {
        if !$value.is_absent() {
            $map.serialize_entry($key, $value)?;
        }
    };
}

pub(crate) use record;

/// Where `key` is in `keys`, worked out when compiling; a key not there does not compile.
pub const fn position_of(keys: &[&str], key: &str) -> usize {
    let mut i = 0;
    while i < keys.len() {
        if same_text(keys[i], key) {
            return i;
        }
        i += 1;
    }
    panic!("a record's key is not in its KEYS")
}

const fn same_text(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// A field's value as a record reads it. Lists are read into vectors of their exact
/// length: a vector grown by pushing holds room for four elements at least, and a million
/// events each with a few one-element lists wasted a quarter of their memory that way.
pub struct Read<T>(pub T);

/// Field types other than lists are read as they are (the dataset's enums too).
macro_rules! read_as_is {
    ($($ty:ty),*) => {$(
        impl<'de> serde::Deserialize<'de> for Read<$ty> {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                serde::Deserialize::deserialize(deserializer).map(Read)
            }
        }
    )*};
}

read_as_is!(String, Box<str>, ecow::EcoString, u64);
pub(crate) use read_as_is;

impl<'de, T: serde::Deserialize<'de>> serde::Deserialize<'de> for Read<Option<T>> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        serde::Deserialize::deserialize(deserializer).map(Read)
    }
}

/// A list type read at its exact length: a vector, or a list holding one element inline.
trait ExactList<T>: Sized {
    fn one(item: T) -> Self;
    fn with_capacity(capacity: usize) -> Self;
    fn push(&mut self, item: T);
}

impl<T> ExactList<T> for Vec<T> {
    fn one(item: T) -> Self {
        vec![item]
    }
    fn with_capacity(capacity: usize) -> Self {
        Vec::with_capacity(capacity)
    }
    fn push(&mut self, item: T) {
        Vec::push(self, item);
    }
}

/// One element is held inline, so a list of one is read without allocating.
impl<T> ExactList<T> for smallvec::SmallVec<[T; 1]> {
    fn one(item: T) -> Self {
        smallvec::smallvec![item]
    }
    fn with_capacity(capacity: usize) -> Self {
        smallvec::SmallVec::with_capacity(capacity)
    }
    fn push(&mut self, item: T) {
        smallvec::SmallVec::push(self, item);
    }
}

/// Reads a sequence into a list of its exact length.
fn read_exact<'de, L, T, D>(deserializer: D) -> Result<Read<L>, D::Error>
where
    L: ExactList<T> + Default,
    T: serde::Deserialize<'de>,
    D: serde::Deserializer<'de>,
{
    struct ExactVisitor<L, T>(std::marker::PhantomData<(L, T)>);
    impl<'de, L, T> serde::de::Visitor<'de> for ExactVisitor<L, T>
    where
        L: ExactList<T> + Default,
        T: serde::Deserialize<'de>,
    {
        type Value = L;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a sequence")
        }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<L, A::Error> {
            // Gathered on the stack, then allocated once at their length. Grown and shrunk
            // to fit, a list of three actors kept the 160-byte block it grew into, not a
            // 128-byte one: 11 MB in a million events.
            let mut gathered = smallvec::SmallVec::<[T; 4]>::new();
            while let Some(item) = seq.next_element()? {
                gathered.push(item);
            }
            if gathered.len() <= 1 {
                return Ok(gathered.pop().map_or_else(L::default, L::one));
            }
            let mut items = L::with_capacity(gathered.len());
            for item in gathered {
                items.push(item);
            }
            Ok(items)
        }
    }
    deserializer
        .deserialize_seq(ExactVisitor(std::marker::PhantomData))
        .map(Read)
}

impl<'de, T: serde::Deserialize<'de>> serde::Deserialize<'de> for Read<Vec<T>> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        read_exact(deserializer)
    }
}

impl<'de, T: serde::Deserialize<'de>> serde::Deserialize<'de> for Read<smallvec::SmallVec<[T; 1]>> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        read_exact(deserializer)
    }
}

/// A boxed slice is read as a vector of its exact length, which it takes over as it is.
impl<'de, T: serde::Deserialize<'de>> serde::Deserialize<'de> for Read<Box<[T]>> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Read::<Vec<T>>::deserialize(deserializer).map(|list| Read(list.0.into_boxed_slice()))
    }
}

/// Lists kept as a [`thin_vec::ThinVec`] are rare and short: read as vectors, then moved.
impl<'de, T: serde::Deserialize<'de>> serde::Deserialize<'de> for Read<thin_vec::ThinVec<T>> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Read::<Vec<T>>::deserialize(deserializer).map(|list| Read(list.0.into()))
    }
}

/// An object key, borrowed from the input when it has no escapes (the common case), so
/// that reading a million records does not allocate a million key strings.
pub struct Key<'de>(pub std::borrow::Cow<'de, str>);

impl<'de> serde::Deserialize<'de> for Key<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> serde::de::Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a key")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Owned(v.to_owned())))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

/// The keys of a record this version does not know, kept in their order and written
/// back. Nearly always there are none: an empty map held in every record cost 72 bytes
/// each (four times per event with its entity references), so the map is boxed and made
/// only when a key arrives.
#[derive(Clone, Debug, Default)]
pub struct Extra(Option<Box<serde_json::Map<String, serde_json::Value>>>);

impl Extra {
    /// No unknown keys.
    pub const NONE: Self = Self(None);
}

/// Fields few records have, boxed together: absent, they cost one pointer. The box is
/// made when one of them is set, and a box of defaults equals none.
#[derive(Clone, Debug, Default)]
pub struct Rare<T>(Option<Box<T>>);

impl<T: Default> Rare<T> {
    pub fn get(&self) -> Option<&T> {
        self.0.as_deref()
    }

    pub fn make(&mut self) -> &mut T {
        self.0.get_or_insert_with(Box::default)
    }
}

impl<T: Default + PartialEq> PartialEq for Rare<T> {
    fn eq(&self, other: &Self) -> bool {
        match (self.get(), other.get()) {
            (Some(a), Some(b)) => a == b,
            (Some(one), None) | (None, Some(one)) => *one == T::default(),
            (None, None) => true,
        }
    }
}

/// What an absent map reads as.
static NO_KEYS: std::sync::LazyLock<serde_json::Map<String, serde_json::Value>> =
    std::sync::LazyLock::new(serde_json::Map::new);

impl std::ops::Deref for Extra {
    type Target = serde_json::Map<String, serde_json::Value>;
    fn deref(&self) -> &Self::Target {
        self.0.as_deref().unwrap_or(&NO_KEYS)
    }
}

impl std::ops::DerefMut for Extra {
    fn deref_mut(&mut self) -> &mut Self::Target {
        self.0.get_or_insert_with(Box::default)
    }
}

/// Equal when they hold the same keys: a map made and emptied again equals none.
impl PartialEq for Extra {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl From<serde_json::Map<String, serde_json::Value>> for Extra {
    fn from(map: serde_json::Map<String, serde_json::Value>) -> Self {
        Self((!map.is_empty()).then(|| Box::new(map)))
    }
}

impl<'a> IntoIterator for &'a Extra {
    type Item = (&'a String, &'a serde_json::Value);
    type IntoIter = serde_json::map::Iter<'a>;
    fn into_iter(self) -> Self::IntoIter {
        (**self).iter()
    }
}

#[cfg(test)]
mod tests {
    use super::Extra;

    #[test]
    fn no_keys_take_no_map_and_an_emptied_map_equals_none() {
        let mut extra = Extra::default();
        assert!(extra.0.is_none() && extra.is_empty());
        extra.insert("x-note".into(), serde_json::Value::Bool(true));
        assert_eq!(extra.get("x-note"), Some(&serde_json::Value::Bool(true)));
        assert_ne!(extra, Extra::default());
        extra.clear();
        assert_eq!(extra, Extra::default());
        assert!(Extra::from(serde_json::Map::new()).0.is_none());
    }

    #[test]
    fn lists_are_read_into_vectors_of_their_exact_length() {
        for n in 0..6 {
            let aliases: Vec<String> = (0..n).map(|i| format!("\"a{i}\"")).collect();
            let json = format!(r#"{{"id": "e", "aliases": [{}]}}"#, aliases.join(", "));
            let entity: crate::model::Entity = serde_json::from_str(&json).unwrap();
            assert_eq!(entity.aliases.len(), n);
            assert_eq!(entity.aliases.capacity(), n, "{n} aliases");
        }
    }

    /// A list that records whether it was ever pushed past the capacity it was made with.
    #[derive(Default)]
    struct Watched {
        capacity: usize,
        len: usize,
        grew: bool,
    }

    impl super::ExactList<serde_json::Value> for Watched {
        fn one(_: serde_json::Value) -> Self {
            Self {
                capacity: 1,
                len: 1,
                grew: false,
            }
        }
        fn with_capacity(capacity: usize) -> Self {
            Self {
                capacity,
                ..Self::default()
            }
        }
        fn push(&mut self, _: serde_json::Value) {
            self.len += 1;
            self.grew |= self.len > self.capacity;
        }
    }

    #[test]
    fn a_list_is_allocated_once_at_its_length_and_never_grown() {
        // Capacity alone does not show it: a vector grown and then shrunk to fit reports
        // its length but keeps the larger block the allocator gave it. Read from text, as
        // a file is: the parser does not know a list's length before its end.
        for n in 0..12 {
            let items: Vec<String> = (0..n).map(|i| i.to_string()).collect();
            let json = format!("[{}]", items.join(", "));
            let read = super::read_exact::<Watched, serde_json::Value, _>(
                &mut serde_json::Deserializer::from_str(&json),
            );
            let Ok(super::Read(list)) = read else {
                panic!("{n} items should read");
            };
            assert_eq!(
                (list.len, list.capacity, list.grew),
                (n, n, false),
                "{n} items"
            );
        }
    }

    #[test]
    fn a_list_of_one_short_text_is_held_inline_and_longer_ones_exactly() {
        for n in 0..6 {
            let tags: Vec<String> = (0..n).map(|i| format!("\"t{i}\"")).collect();
            let json = format!(r#"{{"id": "e", "tags": [{}]}}"#, tags.join(", "));
            let event: crate::model::Event = serde_json::from_str(&json).unwrap();
            let read: Vec<&str> = event.tags.iter().map(ecow::EcoString::as_str).collect();
            let expected: Vec<String> = (0..n).map(|i| format!("t{i}")).collect();
            assert_eq!(read, expected);
            assert_eq!(event.tags.spilled(), n > 1, "{n} tags");
            assert_eq!(event.tags.capacity(), n.max(1), "{n} tags");
        }
    }
}
