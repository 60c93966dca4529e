//! JSON building blocks shared by the sources: raw JSON, open string enums, lenient ids.

use std::fmt;

use serde::de::{self, DeserializeOwned, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::value::RawValue;

/// A JSON value kept exactly as the sender wrote it (byte for byte, without the whitespace around it).
///
/// Unknown events keep their payload as `RawJson`, so nothing an authentic sender sent is lost, and an
/// application can read it into a type of its own with [`RawJson::deserialize`]. It serializes as the JSON
/// it holds (verbatim in `serde_json`).
#[derive(Clone)]
// The text of one valid JSON value, always: every constructor takes it from serde_json or checks it.
pub struct RawJson(Box<str>);

impl RawJson {
    /// Wraps JSON text after checking that it is one valid JSON value.
    pub fn from_string(json: String) -> Result<Self, serde_json::Error> {
        RawValue::from_string(json).map(|raw| Self(raw.into()))
    }

    pub(crate) fn from_raw(raw: &RawValue) -> Self {
        Self(raw.get().into())
    }

    /// The text of a value serde_json has just read in full (a span of the `walk` cursor): valid by
    /// construction, so not checked a second time.
    pub(crate) fn from_read_span(span: &str) -> Self {
        Self(span.into())
    }

    /// The JSON text, as received.
    pub fn get(&self) -> &str {
        &self.0
    }

    /// Reads the JSON into `T`.
    pub fn deserialize<T: DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        serde_json::from_str(&self.0)
    }

    /// The JSON as a [`serde_json::Value`].
    pub fn to_value(&self) -> serde_json::Value {
        // Valid JSON by construction; the fallback is unreachable in practice.
        serde_json::from_str(&self.0).unwrap_or(serde_json::Value::Null)
    }
}

impl PartialEq for RawJson {
    fn eq(&self, other: &Self) -> bool {
        self.get() == other.get()
    }
}

impl Eq for RawJson {}

impl fmt::Debug for RawJson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RawJson({})", self.get())
    }
}

impl fmt::Display for RawJson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.get())
    }
}

impl Serialize for RawJson {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // Read back as a `RawValue` (serde_json's marker for verbatim output); valid by construction.
        serde_json::from_str::<&RawValue>(&self.0).map_err(serde::ser::Error::custom)?.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for RawJson {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Box::<RawValue>::deserialize(deserializer).map(|raw| Self(raw.into()))
    }
}

/// Defines an open string enumeration: the known values as variants, anything else kept in `Unknown`.
///
/// Senders add values without notice (Twitch subscription statuses, Agones states); an unknown value is
/// data, never a parse error.
macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $text:literal, )*
        }
    ) => {
        $(#[$meta])*
        #[non_exhaustive]
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        $vis enum $name {
            $( $(#[$vmeta])* $variant, )*
            /// A value this version does not know, as received.
            Unknown(String),
        }

        impl $name {
            /// The value as it appears on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $text, )*
                    Self::Unknown(other) => other,
                }
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $( $text => Self::$variant, )*
                    other => Self::Unknown(other.to_owned()),
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer.deserialize_str($crate::json::OpenEnumVisitor::<Self>::new(stringify!($name)))
            }
        }
    };
}
pub(crate) use open_enum;

/// Deserializes any string into an open enum through its `From<&str>`.
pub(crate) struct OpenEnumVisitor<T>(&'static str, std::marker::PhantomData<T>);

impl<T> OpenEnumVisitor<T> {
    pub(crate) fn new(name: &'static str) -> Self {
        Self(name, std::marker::PhantomData)
    }
}

impl<T: for<'a> From<&'a str>> Visitor<'_> for OpenEnumVisitor<T> {
    type Value = T;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a string ({})", self.0)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        Ok(T::from(v))
    }
}

/// An integer id that some senders write as a JSON number and others as a numeric string (`"ident": "1"`).
pub(crate) fn lenient_i64<'de, D: Deserializer<'de>>(deserializer: D) -> Result<i64, D::Error> {
    deserializer.deserialize_any(LenientI64)
}

/// [`lenient_i64`] for an optional field (`null` or absent is `None`).
pub(crate) fn lenient_opt_i64<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<i64>, D::Error> {
    struct Opt;
    impl<'de> Visitor<'de> for Opt {
        type Value = Option<i64>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an integer id, a numeric string, or null")
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            lenient_i64(d).map(Some)
        }
    }
    deserializer.deserialize_option(Opt)
}

struct LenientI64;

impl Visitor<'_> for LenientI64 {
    type Value = i64;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an integer id or a numeric string")
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<i64, E> {
        Ok(v)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<i64, E> {
        i64::try_from(v).map_err(|_| E::custom(format!("id {v} is out of range")))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<i64, E> {
        // JavaScript senders may write 12.0; accept integral floats only.
        #[allow(clippy::cast_possible_truncation)]
        let truncated = v as i64;
        #[allow(clippy::cast_precision_loss)]
        if truncated as f64 == v { Ok(truncated) } else { Err(E::custom(format!("id {v} is not an integer"))) }
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<i64, E> {
        v.trim().parse().map_err(|_| E::custom(format!("id {v:?} is not a number")))
    }
}

/// A list of integer ids that senders write either as an array or as a single scalar (Sonoran CAD's
/// `identIds: 1`), with numbers or numeric strings as elements.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct IdList(pub Vec<i64>);

impl std::ops::Deref for IdList {
    type Target = [i64];
    fn deref(&self) -> &[i64] {
        &self.0
    }
}

impl<'de> Deserialize<'de> for IdList {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ListVisitor;
        impl<'de> Visitor<'de> for ListVisitor {
            type Value = IdList;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an id or a list of ids")
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<IdList, A::Error> {
                #[derive(Deserialize)]
                struct Id(#[serde(deserialize_with = "lenient_i64")] i64);
                let mut ids = Vec::with_capacity(seq.size_hint().unwrap_or(4));
                while let Some(Id(id)) = seq.next_element()? {
                    ids.push(id);
                }
                Ok(IdList(ids))
            }
            fn visit_unit<E: de::Error>(self) -> Result<IdList, E> {
                Ok(IdList(Vec::new()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<IdList, E> {
                Ok(IdList(vec![v]))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<IdList, E> {
                LenientI64.visit_u64(v).map(|id| IdList(vec![id]))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<IdList, E> {
                LenientI64.visit_f64(v).map(|id| IdList(vec![id]))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<IdList, E> {
                LenientI64.visit_str(v).map(|id| IdList(vec![id]))
            }
        }
        deserializer.deserialize_any(ListVisitor)
    }
}

/// Deserializes a `T` written either as itself or as a one-element array of it (Sonoran CAD's docs show
/// several `data` objects wrapped in an array; the vendor's receiver reads an object).
pub(crate) fn object_or_single_element<'de, T, D>(deserializer: D) -> Result<T, D::Error>
where
    T: Deserialize<'de>,
    D: Deserializer<'de>,
{
    struct OneOf<T>(std::marker::PhantomData<T>);
    impl<'de, T: Deserialize<'de>> Visitor<'de> for OneOf<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an object, or an array holding exactly one object")
        }
        fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
            T::deserialize(de::value::MapAccessDeserializer::new(map))
        }
        fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<T, A::Error> {
            let first: T = seq.next_element()?.ok_or_else(|| de::Error::invalid_length(0, &self))?;
            if seq.next_element::<de::IgnoredAny>()?.is_some() {
                return Err(de::Error::custom("expected an array holding exactly one object, found more"));
            }
            Ok(first)
        }
        fn visit_unit<E: de::Error>(self) -> Result<T, E> {
            // `"data": null` reads as an empty object, so a type whose fields are all optional still parses.
            T::deserialize(de::value::MapDeserializer::new(std::iter::empty::<((), ())>()))
                .map_err(|e: de::value::Error| E::custom(e))
        }
    }
    deserializer.deserialize_any(OneOf(std::marker::PhantomData))
}

#[cfg(test)]
#[allow(unreachable_pub)] // the macro's methods are `pub` for the real enums
mod tests {
    use super::*;

    open_enum! {
        /// Test enum.
        pub(crate) enum Colour {
            /// Red.
            Red = "red",
            /// Blue.
            Blue = "blue",
        }
    }

    #[test]
    fn open_enum_keeps_unknown_values() {
        let colours: Vec<Colour> = serde_json::from_str(r#"["red","green"]"#).unwrap();
        assert_eq!(colours, [Colour::Red, Colour::Unknown("green".into())]);
        assert_eq!(serde_json::to_string(&colours).unwrap(), r#"["red","green"]"#);
        assert_eq!(Colour::from("blue"), Colour::Blue);
    }

    #[test]
    fn id_lists_accept_scalars_strings_and_arrays() {
        let parse = |s: &str| serde_json::from_str::<IdList>(s).map(|l| l.0);
        assert_eq!(parse("1").unwrap(), [1]);
        assert_eq!(parse(r#""7""#).unwrap(), [7]);
        assert_eq!(parse(r#"[1, "2", 3.0]"#).unwrap(), [1, 2, 3]);
        assert_eq!(parse("null").unwrap(), Vec::<i64>::new());
        assert!(parse(r#""x""#).is_err());
        assert!(parse("1.5").is_err());
        assert!(parse("18446744073709551615").is_err());
    }

    #[test]
    fn one_element_arrays_read_as_their_element() {
        #[derive(Deserialize, Debug, PartialEq)]
        struct Data {
            a: i32,
        }
        #[derive(Deserialize, Debug)]
        struct Wrapper {
            #[serde(deserialize_with = "object_or_single_element")]
            data: Data,
        }
        let parse = |s: &str| serde_json::from_str::<Wrapper>(s).map(|w| w.data);
        assert_eq!(parse(r#"{"data":{"a":1}}"#).unwrap(), Data { a: 1 });
        assert_eq!(parse(r#"{"data":[{"a":2}]}"#).unwrap(), Data { a: 2 });
        assert!(parse(r#"{"data":[]}"#).is_err());
        assert!(parse(r#"{"data":[{"a":1},{"a":2}]}"#).unwrap_err().to_string().contains("exactly one"));
    }

    #[test]
    fn raw_json_is_kept_verbatim() {
        let raw: RawJson = serde_json::from_str(r#"{"b": 1,  "a": [1.50]}"#).unwrap();
        assert_eq!(raw.get(), r#"{"b": 1,  "a": [1.50]}"#);
        assert_eq!(serde_json::to_string(&raw).unwrap(), r#"{"b": 1,  "a": [1.50]}"#);
        assert_eq!(raw.to_value()["a"][0], 1.5);
    }
}
