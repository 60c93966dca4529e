//! `application/x-www-form-urlencoded` query strings, as Go's `url.Values.Encode` and `QueryEscape` write them.

use std::borrow::Cow;

/// The `(name, value)` pairs of a query string, percent-decoded, `+` read as a space.
pub(crate) fn pairs(query: &str) -> impl Iterator<Item = (Cow<'_, str>, Cow<'_, str>)> {
    query.split('&').filter(|pair| !pair.is_empty()).map(|pair| {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        (decode(name), decode(value))
    })
}

/// The first value of the parameter `name`.
pub(crate) fn param<'q>(query: &'q str, name: &str) -> Option<Cow<'q, str>> {
    pairs(query).find(|(n, _)| n == name).map(|(_, v)| v)
}

/// Percent-decodes one component; `+` becomes a space. Invalid escapes are kept as written, invalid UTF-8
/// is replaced, so decoding never fails.
pub(crate) fn decode(component: &str) -> Cow<'_, str> {
    if !component.bytes().any(|b| b == b'%' || b == b'+') {
        return Cow::Borrowed(component);
    }
    let bytes = component.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'+' => out.push(b' '),
            b'%' => match (bytes.get(i + 1).and_then(hex), bytes.get(i + 2).and_then(hex)) {
                (Some(hi), Some(lo)) => {
                    out.push(hi << 4 | lo);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            _ => out.push(b),
        }
        i += 1;
    }
    match String::from_utf8(out) {
        Ok(s) => Cow::Owned(s),
        Err(e) => Cow::Owned(String::from_utf8_lossy(e.as_bytes()).into_owned()),
    }
}

fn hex(c: &u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_go_query_escaping() {
        // Go's url.QueryEscape("a b/c?d&e=é") as Khan's URL templating writes it.
        assert_eq!(decode("a+b%2Fc%3Fd%26e%3D%C3%A9"), "a b/c?d&e=é");
        assert_eq!(decode("plain"), "plain");
        assert_eq!(decode("100%"), "100%");
        assert_eq!(decode("%zz%4"), "%zz%4");
        assert_eq!(decode("%ff"), "\u{fffd}");
    }

    #[test]
    fn finds_parameters() {
        let q = "event_type=gameserver.events.deleted&name=gameserver-udp&namespace=default&flag";
        assert_eq!(param(q, "name").as_deref(), Some("gameserver-udp"));
        assert_eq!(param(q, "flag").as_deref(), Some(""));
        assert_eq!(param(q, "missing"), None);
        assert_eq!(pairs("").count(), 0);
    }
}
