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

/// A set of accepted token values (header secrets, body keys, Basic credentials, URL tokens), stored as
/// SHA-256 digests.
///
/// Comparing digests instead of the values makes the comparison constant-time in the value *and* its length:
/// a presented token is hashed once and compared with every accepted digest with `subtle`, without an early
/// exit, so neither timing nor the position of the matching secret leaks.
#[derive(Clone)]
pub(crate) struct TokenSet {
    digests: Vec<[u8; 32]>,
}

impl TokenSet {
    /// Digests of `secrets`, each transformed by `normalise` first (e.g. ASCII upper-casing).
    pub(crate) fn new(secrets: &[Secret], normalise: fn(&[u8]) -> Vec<u8>) -> Self {
        let digests = secrets.iter().map(|s| digest(&normalise(s.expose()))).collect();
        Self { digests }
    }

    /// Digests of `secrets` as given.
    pub(crate) fn exact(secrets: &[Secret]) -> Self {
        let digests = secrets.iter().map(|s| digest(s.expose())).collect();
        Self { digests }
    }

    /// Whether `presented` equals one of the accepted tokens, in constant time.
    pub(crate) fn contains(&self, presented: &[u8]) -> bool {
        self.contains_digest(&digest(presented))
    }

    /// Whether a presented token's digest equals one of the accepted digests, in constant time.
    pub(crate) fn contains_digest(&self, presented: &[u8; 32]) -> bool {
        let mut matched = subtle::Choice::from(0);
        for accepted in &self.digests {
            matched |= accepted.ct_eq(presented);
        }
        matched.into()
    }
}

impl std::fmt::Debug for TokenSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "[REDACTED; {} secret(s)]", self.digests.len())
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
