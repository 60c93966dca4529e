//! Secrets: opaque, redacted, never empty, compared in constant time.

use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::error::ConfigError;

/// A shared secret: an API key, a header token, a password or an HMAC key.
///
/// `Debug` prints `Secret([REDACTED])` and there is no `Display`, so a secret cannot end up in a log line by
/// accident. An empty secret is refused at construction: a receiver never fails open because a
/// configuration value was left blank.
///
/// ```
/// use receiver_core::Secret;
///
/// let secret = Secret::new("s3cr3t-value").unwrap();
/// assert_eq!(format!("{secret:?}"), "Secret([REDACTED])");
/// assert!(Secret::new("").is_err());
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(Box<[u8]>);

impl Secret {
    /// A secret from its bytes. Fails with [`ConfigError::EmptySecret`] when `value` is empty.
    pub fn new(value: impl Into<Vec<u8>>) -> Result<Self, ConfigError> {
        let value = value.into();
        if value.is_empty() {
            return Err(ConfigError::EmptySecret);
        }
        Ok(Self(value.into_boxed_slice()))
    }

    /// The secret's bytes. Handle with care: this is the one way to reveal it.
    pub fn expose(&self) -> &[u8] {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret([REDACTED])")
    }
}

impl TryFrom<&str> for Secret {
    type Error = ConfigError;
    fn try_from(value: &str) -> Result<Self, ConfigError> {
        Self::new(value)
    }
}

impl TryFrom<String> for Secret {
    type Error = ConfigError;
    fn try_from(value: String) -> Result<Self, ConfigError> {
        Self::new(value)
    }
}

impl TryFrom<&[u8]> for Secret {
    type Error = ConfigError;
    fn try_from(value: &[u8]) -> Result<Self, ConfigError> {
        Self::new(value)
    }
}

/// Builds a non-empty list of secrets from anything that converts into [`Secret`].
pub(crate) fn collect_secrets<S>(secrets: impl IntoIterator<Item = S>) -> Result<Vec<Secret>, ConfigError>
where
    S: TryInto<Secret, Error: Into<ConfigError>>,
{
    let secrets = secrets
        .into_iter()
        .map(|secret| secret.try_into().map_err(Into::into))
        .collect::<Result<Vec<_>, ConfigError>>()?;
    if secrets.is_empty() {
        return Err(ConfigError::NoSecrets);
    }
    Ok(secrets)
}

/// A set of accepted token values (header secrets, body keys, Basic credentials, URL tokens), each stored as a
/// fixed-size [`TokenKey`].
///
/// A presented token is turned into a key once and compared with every accepted key, word by word, without
/// an early exit; the matches are combined with `subtle`. Every key has the same size whatever the token's
/// length, so the comparison takes the same time for every configured secret: neither a secret's value, nor
/// its length, nor the position of the matching secret shows in the timing. The time depends only on the
/// number of secrets and on the presented token (whose length the sender knows).
#[derive(Clone)]
pub(crate) struct TokenSet {
    keys: Vec<TokenKey>,
}

impl TokenSet {
    /// Keys of `secrets`, ASCII-upper-cased first (Sonoran CAD's FiveM-compatible mode).
    pub(crate) fn uppercase(secrets: &[Secret]) -> Self {
        Self { keys: secrets.iter().map(|s| TokenKey::new(s.expose(), Case::Upper)).collect() }
    }

    /// Keys of `secrets` as given.
    pub(crate) fn exact(secrets: &[Secret]) -> Self {
        Self { keys: secrets.iter().map(|s| TokenKey::new(s.expose(), Case::Exact)).collect() }
    }

    /// Whether `presented` equals one of the accepted tokens, in constant time.
    pub(crate) fn contains(&self, presented: &[u8]) -> bool {
        self.contains_key(&TokenKey::new(presented, Case::Exact))
    }

    /// Whether `presented`, ASCII-upper-cased, equals one of the accepted keys, in constant time.
    pub(crate) fn contains_uppercased(&self, presented: &[u8]) -> bool {
        self.contains_key(&TokenKey::new(presented, Case::Upper))
    }

    fn contains_key(&self, presented: &TokenKey) -> bool {
        let mut matched = subtle::Choice::from(0);
        for accepted in &self.keys {
            matched |= accepted.ct_eq(presented);
        }
        matched.into()
    }
}

impl std::fmt::Debug for TokenSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "[REDACTED; {} secret(s)]", self.keys.len())
    }
}

/// Whether a token is compared as given or ASCII-upper-cased.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Case {
    Exact,
    Upper,
}

/// Tokens up to this many bytes are kept as they are, zero-padded; longer ones as their SHA-256 digest.
const INLINE_BYTES: usize = 256;

/// A token in a fixed-size, comparable form: a tag (the length of a token of at most [`INLINE_BYTES`], or
/// `u64::MAX` for a longer one) and 256 bytes of data (the token zero-padded, or the longer token's SHA-256
/// digest zero-padded).
///
/// The mapping is injective for inline tokens (the length is part of the key), and for longer ones as far as
/// SHA-256 is collision-resistant; the tag keeps the two kinds apart. Building a key reads the token once
/// (and hashes it only when it is longer than 256 bytes, which depends on the presented length alone);
/// comparing two keys always reads all of both. Real tokens (API keys, header secrets, Basic credentials)
/// are far shorter than 256 bytes, so the usual request never hashes.
#[derive(Clone)]
struct TokenKey {
    tag: u64,
    bytes: [u8; INLINE_BYTES],
}

impl TokenKey {
    fn new(token: &[u8], case: Case) -> Self {
        let mut key = Self { tag: u64::MAX, bytes: [0; INLINE_BYTES] };
        if let Some(inline) = key.bytes.get_mut(..token.len()) {
            inline.copy_from_slice(token);
            if case == Case::Upper {
                inline.make_ascii_uppercase();
            }
            key.tag = token.len() as u64;
        } else {
            let digest = match case {
                Case::Exact => digest(token),
                Case::Upper => digest(&token.to_ascii_uppercase()),
            };
            let (head, _) = key.bytes.split_at_mut(digest.len());
            head.copy_from_slice(&digest);
        }
        key
    }

    /// Equality in constant time: every byte is read, eight at a time; the differences are OR-ed together
    /// and only the result is turned into a [`subtle::Choice`].
    fn ct_eq(&self, other: &Self) -> subtle::Choice {
        let word = |chunk: &[u8]| <[u8; 8]>::try_from(chunk).map_or(0, u64::from_ne_bytes);
        let mut difference = self.tag ^ other.tag;
        // Always whole words: `INLINE_BYTES` is a multiple of eight.
        for (a, b) in self.bytes.chunks_exact(8).zip(other.bytes.chunks_exact(8)) {
            difference |= word(a) ^ word(b);
        }
        difference.ct_eq(&0)
    }
}

pub(crate) fn digest(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_set_accepts_each_secret_and_nothing_else() {
        let secrets = collect_secrets(["old-secret", "new-secret"]).unwrap();
        let set = TokenSet::exact(&secrets);
        assert!(set.contains(b"old-secret"));
        assert!(set.contains(b"new-secret"));
        assert!(!set.contains(b"new-secre"));
        assert!(!set.contains(b""));
        assert_eq!(format!("{set:?}"), "[REDACTED; 2 secret(s)]");
    }

    #[test]
    fn tokens_of_every_length_match_only_themselves() {
        // Around the inline limit, where a token's key changes from padded bytes to a digest.
        let lengths = [1, 2, 7, 8, 9, 31, 32, 33, 255, 256, 257, 300, 4096];
        let tokens: Vec<Vec<u8>> = lengths.iter().map(|&n| (0..n).map(|i| b'a' + (i % 26) as u8).collect()).collect();
        let secrets = collect_secrets(tokens.iter().map(Vec::as_slice)).unwrap();
        for (i, token) in tokens.iter().enumerate() {
            let alone = TokenSet::exact(&secrets[i..=i]);
            assert!(alone.contains(token), "length {}", token.len());
            let mut flipped = token.clone();
            if let Some(last) = flipped.last_mut() {
                *last ^= 1;
            }
            assert!(!alone.contains(&flipped), "length {}", token.len());
            // A prefix or an extension padded with NUL bytes is another token.
            assert!(!alone.contains(&token[..token.len() - 1]), "length {}", token.len());
            assert!(!alone.contains(&[token.as_slice(), b"\0"].concat()), "length {}", token.len());
            for (j, other) in tokens.iter().enumerate() {
                assert_eq!(alone.contains(other), i == j, "{} against {}", token.len(), other.len());
            }
        }
        let all = TokenSet::exact(&secrets);
        assert!(tokens.iter().all(|token| all.contains(token)));
    }

    #[test]
    fn a_long_token_never_equals_the_bytes_of_its_digest() {
        let long = vec![b'x'; 300];
        let set = TokenSet::exact(&collect_secrets([long.as_slice()]).unwrap());
        assert!(set.contains(&long));
        assert!(!set.contains(&digest(&long)));
    }

    #[test]
    fn uppercased_keys_ignore_ascii_case_only() {
        for key in ["api-Key-1", &"k".repeat(300)] {
            let set = TokenSet::uppercase(&collect_secrets([key]).unwrap());
            assert!(set.contains_uppercased(key.to_ascii_lowercase().as_bytes()));
            assert!(set.contains_uppercased(key.to_ascii_uppercase().as_bytes()));
            assert!(!set.contains_uppercased(format!("{key}x").as_bytes()));
        }
        // Only ASCII letters fold: 'ß' upper-cases to "SS" in Unicode, not here.
        let set = TokenSet::uppercase(&collect_secrets(["straße"]).unwrap());
        assert!(set.contains_uppercased("STRAßE".as_bytes()));
        assert!(!set.contains_uppercased(b"STRASSE"));
    }

    #[test]
    fn constructors_take_strings_bytes_or_ready_made_secrets() {
        let from_config = Secret::new("loaded-from-a-vault").unwrap();
        assert_eq!(collect_secrets([from_config.clone()]).unwrap(), [from_config]);
        assert_eq!(collect_secrets([&b"bytes"[..]]).unwrap().len(), 1);
        assert_eq!(collect_secrets([String::from("owned")]).unwrap().len(), 1);
    }

    #[test]
    fn an_empty_list_or_an_empty_secret_is_a_configuration_error() {
        assert_eq!(collect_secrets(Vec::<&str>::new()).unwrap_err(), ConfigError::NoSecrets);
        assert_eq!(collect_secrets(["ok", ""]).unwrap_err(), ConfigError::EmptySecret);
    }
}
