//! Twitch EventSub webhook signatures: `sha256=` + hex HMAC-SHA256 over message id ‖ timestamp ‖ body.

use std::time::{Duration, SystemTime};

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use crate::error::{ConfigError, Error};
use crate::secret::Secret;
use crate::timestamp::Timestamp;

type HmacSha256 = Hmac<Sha256>;

/// The name of the signature header, lowercase.
pub(crate) const SIGNATURE_HEADER: &str = "twitch-eventsub-message-signature";

/// HMAC-SHA256 states keyed once per configured secret, cloned per request.
///
/// Keying hashes the secret into the inner and outer pads; cloning the keyed state skips that on every
/// request, so a delivery costs exactly one pass over id, timestamp and body per secret tried. The HMAC is
/// `hmac` + `sha2` (portable, the default) or, with the `ring` feature, `ring`'s.
#[derive(Clone)]
pub(crate) struct Verifier {
    keyed: Vec<Keyed>,
}

impl Verifier {
    pub(crate) fn new(secrets: &[Secret]) -> Result<Self, ConfigError> {
        let keyed = secrets
            .iter()
            .map(|secret| {
                let len = secret.expose().len();
                if !(10..=100).contains(&len) {
                    return Err(ConfigError::TwitchSecretLength(len));
                }
                Ok(Keyed::new(secret))
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self { keyed })
    }

    pub(crate) fn len(&self) -> usize {
        self.keyed.len()
    }

    /// Whether `signature` is the HMAC of `id ‖ timestamp ‖ body` under one of the secrets. Constant-time per
    /// secret; stops at the first secret that matches.
    pub(crate) fn verify(&self, id: &[u8], timestamp: &[u8], body: &[u8], signature: &[u8; 32]) -> bool {
        self.keyed.iter().any(|keyed| keyed.verify(id, timestamp, body, signature))
    }
}

/// One secret, keyed: `hmac` + `sha2`.
#[cfg(not(feature = "ring"))]
#[derive(Clone)]
struct Keyed(HmacSha256);

#[cfg(not(feature = "ring"))]
impl Keyed {
    fn new(secret: &Secret) -> Self {
        Self(keyed_mac(secret))
    }

    fn verify(&self, id: &[u8], timestamp: &[u8], body: &[u8], signature: &[u8; 32]) -> bool {
        let mut mac = self.0.clone();
        mac.update(id);
        mac.update(timestamp);
        mac.update(body);
        mac.verify_slice(signature).is_ok()
    }
}

/// One secret, keyed: `ring` (its `Key` holds the padded inner and outer states; a `Context` copies them).
#[cfg(feature = "ring")]
#[derive(Clone)]
struct Keyed(ring::hmac::Key);

#[cfg(feature = "ring")]
impl Keyed {
    fn new(secret: &Secret) -> Self {
        Self(ring::hmac::Key::new(ring::hmac::HMAC_SHA256, secret.expose()))
    }

    fn verify(&self, id: &[u8], timestamp: &[u8], body: &[u8], signature: &[u8; 32]) -> bool {
        use subtle::ConstantTimeEq;
        let mut context = ring::hmac::Context::with_key(&self.0);
        context.update(id);
        context.update(timestamp);
        context.update(body);
        context.sign().as_ref().ct_eq(signature).into()
    }
}

impl std::fmt::Debug for Verifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "[REDACTED; {} secret(s)]", self.keyed.len())
    }
}

fn keyed_mac(secret: &Secret) -> HmacSha256 {
    // HMAC accepts keys of any length; `new_from_slice` cannot fail for it.
    <HmacSha256 as KeyInit>::new_from_slice(secret.expose())
        .unwrap_or_else(|_| unreachable!("HMAC takes any key length"))
}

/// The `Twitch-Eventsub-Message-Signature` value for a message: what Twitch (and `twitch event trigger -s`)
/// sends. For tests, tools and senders of test traffic.
///
/// ```
/// use receiver_core::{Secret, twitch};
///
/// let secret = Secret::new("secretabcd").unwrap();
/// let header = twitch::signature_header(&secret, "id", "2021-02-19T23:47:00.8091512Z", b"{}");
/// assert!(header.starts_with("sha256=") && header.len() == 7 + 64);
/// ```
pub fn signature_header(secret: &Secret, message_id: &str, timestamp: &str, body: &[u8]) -> String {
    let mut mac = keyed_mac(secret);
    mac.update(message_id.as_bytes());
    mac.update(timestamp.as_bytes());
    mac.update(body);
    let digest = mac.finalize().into_bytes();
    let mut out = String::with_capacity(7 + 64);
    out.push_str("sha256=");
    for byte in digest {
        for nibble in [byte >> 4, byte & 0x0f] {
            out.push(char::from_digit(u32::from(nibble), 16).unwrap_or('0'));
        }
    }
    out
}

/// Parses `sha256=<64 hex digits>` (either case) into the 32 signature bytes, without panicking on any input.
pub(crate) fn parse_signature(value: &[u8]) -> Result<[u8; 32], Error> {
    let malformed = |reason| Error::MalformedSignature { header: SIGNATURE_HEADER, reason };
    let hex = value.strip_prefix(b"sha256=").ok_or(malformed("expected the prefix `sha256=`"))?;
    let Ok(hex) = <&[u8; 64]>::try_from(hex) else {
        return Err(malformed("expected 64 hex digits after `sha256=`"));
    };
    // Table lookups with the failures gathered in one flag: no branch per digit. Fixed-size arrays and
    // constant bounds, so the indexing compiles to no checks (and cannot fail).
    let mut out = [0u8; 32];
    let mut invalid = 0u8;
    #[allow(clippy::indexing_slicing, clippy::needless_range_loop)]
    for i in 0..32 {
        let (hi, lo) = (HEX_VALUE[usize::from(hex[2 * i])], HEX_VALUE[usize::from(hex[2 * i + 1])]);
        invalid |= (hi | lo) & 0xf0;
        out[i] = hi << 4 | (lo & 0x0f);
    }
    if invalid != 0 {
        return Err(malformed("not hexadecimal"));
    }
    Ok(out)
}

/// The value of each byte as a hex digit (either case); `0xff` for every other byte.
#[allow(clippy::indexing_slicing)] // evaluated at compile time: an out-of-range index would not compile
static HEX_VALUE: [u8; 256] = {
    let mut table = [0xffu8; 256];
    let mut c = 0;
    while c < 256 {
        table[c] = match c as u8 {
            b @ b'0'..=b'9' => b - b'0',
            b @ b'a'..=b'f' => b - b'a' + 10,
            b @ b'A'..=b'F' => b - b'A' + 10,
            _ => 0xff,
        };
        c += 1;
    }
    table
};

/// Rejects a timestamp more than `tolerance` before or after `now`. The edges themselves are accepted.
pub(crate) fn check_freshness(timestamp: Timestamp, now: SystemTime, tolerance: Duration) -> Result<(), Error> {
    match now.duration_since(timestamp.to_system_time()) {
        Ok(age) if age > tolerance => Err(Error::TimestampTooOld { timestamp, age, tolerance }),
        Ok(_) => Ok(()),
        Err(ahead) if ahead.duration() > tolerance => {
            Err(Error::TimestampInFuture { timestamp, ahead: ahead.duration(), tolerance })
        }
        Err(_) => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signature_header_parsing_never_panics_and_says_why() {
        let good = format!("sha256={}", "ab".repeat(32));
        assert_eq!(parse_signature(good.as_bytes()).unwrap(), [0xab; 32]);
        assert_eq!(parse_signature(good.to_uppercase().replace("SHA256", "sha256").as_bytes()).unwrap(), [0xab; 32]);
        for bad in [
            &b""[..],
            b"sha256=",
            b"sha1=abcd",
            b"SHA256=abababababababababababababababababababababababababababababababab",
            b"sha256=abababababababababababababababababababababababababababababababa",
            b"sha256=ababababababababababababababababababababababababababababababababab",
            b"sha256=zzababababababababababababababababababababababababababababababab",
            "sha256=éababababababababababababababababababababababababababababababa".as_bytes(),
        ] {
            let err = parse_signature(bad).unwrap_err();
            assert_eq!(err.status_code(), 403, "{}", String::from_utf8_lossy(bad));
        }
    }

    #[test]
    fn secrets_outside_twitchs_length_range_are_refused() {
        let short = Secret::new("123456789").unwrap();
        assert_eq!(Verifier::new(&[short]).unwrap_err(), ConfigError::TwitchSecretLength(9));
        let long = Secret::new("x".repeat(101)).unwrap();
        assert_eq!(Verifier::new(&[long]).unwrap_err(), ConfigError::TwitchSecretLength(101));
        assert_eq!(Verifier::new(&[Secret::new("x".repeat(100)).unwrap()]).unwrap().len(), 1);
    }
}
