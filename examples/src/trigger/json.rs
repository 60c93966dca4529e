//! A JSON tree that keeps the order of object keys, so fixtures are re-sent in the order their sender wrote
//! them (Go struct order for accweb and Twitch), and Go's sorted map keys can be produced on purpose (Khan).
//!
//! `serde_json::Value` sorts keys (the workspace does not enable `preserve_order`), which would silently
//! reorder every fixture; this is the small alternative.

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeMap, SerializeSeq, Serializer};
use serde::{Deserialize, Serialize};

/// A JSON value whose objects keep their keys in order.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Json {
    Null,
    Bool(bool),
    Number(serde_json::Number),
    String(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

impl Json {
    /// Parses JSON text, keeping key order.
    pub(crate) fn parse(text: &str) -> Result<Self, serde_json::Error> {
        serde_json::from_str(text)
    }

    /// Compact JSON (no whitespace, no trailing newline), keys in the tree's order, as Go's
    /// `json.Marshal` writes it (apart from Go's HTML escaping, which none of our payloads needs).
    pub(crate) fn to_compact(&self) -> Result<String, serde_json::Error> {
        serde_json::to_string(self)
    }

    /// The value under `key` of an object.
    pub(crate) fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Self::Object(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The value under `key` of an object, mutably.
    pub(crate) fn get_mut(&mut self, key: &str) -> Option<&mut Json> {
        match self {
            Self::Object(entries) => entries.iter_mut().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// Sets `key` of an object: in place when present (the order is kept), appended otherwise. Does nothing
    /// on a non-object.
    pub(crate) fn set(&mut self, key: &str, value: Json) {
        if let Self::Object(entries) = self {
            match entries.iter_mut().find(|(k, _)| k == key) {
                Some((_, slot)) => *slot = value,
                None => entries.push((key.to_owned(), value)),
            }
        }
    }

    /// Removes `key` from an object.
    pub(crate) fn remove(&mut self, key: &str) -> Option<Json> {
        match self {
            Self::Object(entries) => {
                let at = entries.iter().position(|(k, _)| k == key)?;
                Some(entries.remove(at).1)
            }
            _ => None,
        }
    }

    /// The string, if this is one.
    pub(crate) fn as_str(&self) -> Option<&str> {
        match self {
            Self::String(s) => Some(s),
            _ => None,
        }
    }

    /// Sorts the keys of every object, at every level, as Go's `json.Marshal` of a map does.
    pub(crate) fn sort_keys(&mut self) {
        match self {
            Self::Object(entries) => {
                entries.sort_by(|(a, _), (b, _)| a.cmp(b));
                entries.iter_mut().for_each(|(_, v)| v.sort_keys());
            }
            Self::Array(items) => items.iter_mut().for_each(Json::sort_keys),
            _ => {}
        }
    }

    /// Calls `f` on every string value (not keys), depth first, in document order.
    pub(crate) fn for_each_string_mut(&mut self, f: &mut dyn FnMut(&mut String)) {
        match self {
            Self::String(s) => f(s),
            Self::Array(items) => items.iter_mut().for_each(|v| v.for_each_string_mut(f)),
            Self::Object(entries) => entries.iter_mut().for_each(|(_, v)| v.for_each_string_mut(f)),
            _ => {}
        }
    }
}

impl From<&str> for Json {
    fn from(s: &str) -> Self {
        Self::String(s.to_owned())
    }
}

impl From<String> for Json {
    fn from(s: String) -> Self {
        Self::String(s)
    }
}

impl From<serde_json::Value> for Json {
    /// Converts a `serde_json::Value`; its objects come in whatever order `serde_json` keeps (sorted).
    fn from(value: serde_json::Value) -> Self {
        use serde_json::Value;
        match value {
            Value::Null => Self::Null,
            Value::Bool(b) => Self::Bool(b),
            Value::Number(n) => Self::Number(n),
            Value::String(s) => Self::String(s),
            Value::Array(items) => Self::Array(items.into_iter().map(Json::from).collect()),
            Value::Object(map) => Self::Object(map.into_iter().map(|(k, v)| (k, Json::from(v))).collect()),
        }
    }
}

impl Serialize for Json {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Null => serializer.serialize_unit(),
            Self::Bool(b) => serializer.serialize_bool(*b),
            Self::Number(n) => n.serialize(serializer),
            Self::String(s) => serializer.serialize_str(s),
            Self::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Self::Object(entries) => {
                let mut map = serializer.serialize_map(Some(entries.len()))?;
                for (key, value) in entries {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
        }
    }
}

impl<'de> Deserialize<'de> for Json {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(JsonVisitor)
    }
}

struct JsonVisitor;

impl<'de> Visitor<'de> for JsonVisitor {
    type Value = Json;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Json, E> {
        Ok(Json::Null)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Json, E> {
        Ok(Json::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Json, E> {
        Ok(Json::Number(v.into()))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Json, E> {
        Ok(Json::Number(v.into()))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Json, E> {
        serde_json::Number::from_f64(v).map(Json::Number).ok_or_else(|| E::custom("a non-finite number"))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Json, E> {
        Ok(Json::String(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Json, E> {
        Ok(Json::String(v))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Json::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json, A::Error> {
        let mut entries = Vec::new();
        while let Some((key, value)) = map.next_entry::<String, Json>()? {
            entries.push((key, value));
        }
        Ok(Json::Object(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_key_order_and_writes_compact() {
        let mut json =
            Json::parse("{\n  \"z\": 1,\n  \"a\": [true, null, 1.5, -2],\n  \"m\": {\"y\": \"s\", \"b\": {}}\n}")
                .unwrap();
        assert_eq!(json.to_compact().unwrap(), r#"{"z":1,"a":[true,null,1.5,-2],"m":{"y":"s","b":{}}}"#);
        json.set("a", Json::from("x"));
        json.set("new", Json::Null);
        assert_eq!(json.remove("z"), Some(Json::Number(1.into())));
        assert_eq!(json.to_compact().unwrap(), r#"{"a":"x","m":{"y":"s","b":{}},"new":null}"#);
        json.sort_keys();
        assert_eq!(json.to_compact().unwrap(), r#"{"a":"x","m":{"b":{},"y":"s"},"new":null}"#);
    }
}
