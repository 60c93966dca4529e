//! The one request error, with its HTTP status and public message, and the configuration error.

use std::borrow::Cow;
use std::time::Duration;

use crate::timestamp::Timestamp;

/// Why a delivery was rejected.
///
/// Every variant knows its HTTP status ([`Error::status_code`]) and what may be said to the sender
/// ([`Error::public_message`]). Adapters translate it and nothing more, so the table below holds for every
/// framework:
///
/// | status | variants |
/// |---|---|
/// | 400 Bad Request | [`MissingHeader`](Error::MissingHeader), [`InvalidHeader`](Error::InvalidHeader), [`InvalidQuery`](Error::InvalidQuery), [`MalformedBody`](Error::MalformedBody), [`TruncatedBody`](Error::TruncatedBody) |
/// | 401 Unauthorized | [`MissingCredentials`](Error::MissingCredentials) |
/// | 403 Forbidden | [`WrongCredentials`](Error::WrongCredentials), [`MalformedSignature`](Error::MalformedSignature), [`BadSignature`](Error::BadSignature), [`TimestampTooOld`](Error::TimestampTooOld), [`TimestampInFuture`](Error::TimestampInFuture) |
/// | 408 Request Timeout | [`BodyTimeout`](Error::BodyTimeout) |
/// | 405 Method Not Allowed | [`MethodNotAllowed`](Error::MethodNotAllowed) (send an `Allow` header from [`Error::allowed_methods`]) |
/// | 413 Content Too Large | [`BodyTooLarge`](Error::BodyTooLarge) |
///
/// Authentication failures ([`Error::is_auth`]) answer with a deliberately vague public message; the
/// `Display` output carries the detail for the application's logs and is never meant for the sender.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// The request carries no credentials where the source requires some. `0` names what was expected.
    #[error("missing credentials: expected {0}")]
    MissingCredentials(&'static str),
    /// The credentials match none of the configured secrets. `0` names the scheme.
    #[error("wrong credentials: {0} matches no configured secret")]
    WrongCredentials(&'static str),
    /// A signature header that is not of the expected form (prefix, hex, length).
    #[error("malformed signature header `{header}`: {reason}")]
    MalformedSignature {
        /// The header's name.
        header: &'static str,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A well-formed signature that matches no configured secret.
    #[error("signature matches no configured secret")]
    BadSignature,
    /// The sender's timestamp is older than the tolerance allows (a replay, or a very slow retry).
    #[error("timestamp {timestamp} is {age:?} old, more than the tolerance of {tolerance:?}")]
    TimestampTooOld {
        /// The sender's timestamp.
        timestamp: Timestamp,
        /// How old it was at `now`.
        age: Duration,
        /// The configured tolerance.
        tolerance: Duration,
    },
    /// The sender's timestamp lies further in the future than the tolerance allows.
    #[error("timestamp {timestamp} is {ahead:?} in the future, more than the tolerance of {tolerance:?}")]
    TimestampInFuture {
        /// The sender's timestamp.
        timestamp: Timestamp,
        /// How far ahead of `now` it was.
        ahead: Duration,
        /// The configured tolerance.
        tolerance: Duration,
    },
    /// A header the source requires is absent.
    #[error("missing required header `{0}`")]
    MissingHeader(&'static str),
    /// A header is present but unusable.
    #[error("invalid header `{name}`: {reason}")]
    InvalidHeader {
        /// The header's name.
        name: &'static str,
        /// What is wrong with it.
        reason: Cow<'static, str>,
    },
    /// The query string lacks a parameter the source requires, or holds an unusable one.
    #[error("invalid query string: {0}")]
    InvalidQuery(Cow<'static, str>),
    /// The body is not what the source sends: not JSON, not the expected shape, a wrong field type.
    #[error("malformed body: {0}")]
    MalformedBody(String),
    /// The body was cut off by the sender (a known sender bug); the message says which.
    #[error("truncated body: {0}")]
    TruncatedBody(Cow<'static, str>),
    /// The body is larger than the source's limit.
    #[error("body is larger than the limit of {limit} bytes")]
    BodyTooLarge {
        /// The limit, in bytes.
        limit: usize,
    },
    /// The body did not arrive in time (a stalled or hostile sender); adapters answer and free the connection.
    #[error("the body did not arrive within {after:?}")]
    BodyTimeout {
        /// The source's body timeout.
        after: Duration,
    },
    /// The source does not send this HTTP method.
    #[error("method {method} is not accepted here; allowed: {}", .allowed.join(", "))]
    MethodNotAllowed {
        /// The method received.
        method: String,
        /// The methods the source sends.
        allowed: &'static [&'static str],
    },
}

impl Error {
    /// The HTTP status to answer with.
    pub fn status_code(&self) -> u16 {
        match self {
            Self::MissingCredentials(_) => 401,
            Self::WrongCredentials(_)
            | Self::MalformedSignature { .. }
            | Self::BadSignature
            | Self::TimestampTooOld { .. }
            | Self::TimestampInFuture { .. } => 403,
            Self::MissingHeader(_)
            | Self::InvalidHeader { .. }
            | Self::InvalidQuery(_)
            | Self::MalformedBody(_)
            | Self::TruncatedBody(_) => 400,
            Self::BodyTooLarge { .. } => 413,
            Self::BodyTimeout { .. } => 408,
            Self::MethodNotAllowed { .. } => 405,
        }
    }

    /// Whether this is an authentication failure (401 or 403).
    pub fn is_auth(&self) -> bool {
        matches!(self.status_code(), 401 | 403)
    }

    /// What may be told to the sender, as a short plain-text body.
    ///
    /// Authentication failures say only `unauthorized` or `forbidden`: telling an unauthenticated caller
    /// *why* (which header, which secret, how far off the clock) helps an attacker more than an honest
    /// sender, who has the application's logs. Every other error says what was wrong with the request.
    pub fn public_message(&self) -> Cow<'static, str> {
        match self.status_code() {
            401 => Cow::Borrowed("unauthorized"),
            403 => Cow::Borrowed("forbidden"),
            _ => Cow::Owned(self.to_string()),
        }
    }

    /// For [`Error::MethodNotAllowed`], the methods to list in the `Allow` response header.
    pub fn allowed_methods(&self) -> Option<&'static [&'static str]> {
        match self {
            Self::MethodNotAllowed { allowed, .. } => Some(allowed),
            _ => None,
        }
    }

    pub(crate) fn malformed(err: impl std::fmt::Display) -> Self {
        Self::MalformedBody(err.to_string())
    }
}

/// A configuration mistake, found when a source is built rather than when a request arrives.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    /// A secret is empty. An empty secret would accept anyone: build the source with its named
    /// unauthenticated constructor instead if that is really meant.
    #[error("a secret is empty; refuse to fail open (use the explicit unauthenticated option if intended)")]
    EmptySecret,
    /// A list of secrets is empty.
    #[error("no secrets given; at least one is required")]
    NoSecrets,
    /// A header name is empty or contains characters HTTP does not allow.
    #[error("invalid header name `{0}`")]
    InvalidHeaderName(String),
    /// A query parameter name is empty.
    #[error("query parameter name is empty")]
    EmptyQueryParameter,
    /// An HTTP Basic user name contains `:`, which the Basic scheme cannot carry.
    #[error("an HTTP Basic user name may not contain ':'")]
    ColonInBasicUser,
    /// A Twitch EventSub secret outside the 10 to 100 bytes Twitch accepts.
    #[error("Twitch EventSub secrets are 10 to 100 bytes long; one is {0} bytes")]
    TwitchSecretLength(usize),
    /// A body limit of zero bytes.
    #[error("the body limit must be at least one byte")]
    ZeroBodyLimit,
}

/// Lets constructors that take `impl TryInto<Secret>` also take ready-made [`Secret`](crate::Secret)s.
impl From<std::convert::Infallible> for ConfigError {
    fn from(never: std::convert::Infallible) -> Self {
        match never {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auth_failures_are_vague_in_public_and_detailed_in_logs() {
        let err = Error::WrongCredentials("header `x-token`");
        assert_eq!(err.status_code(), 403);
        assert_eq!(err.public_message(), "forbidden");
        assert!(err.to_string().contains("x-token"));
        assert_eq!(Error::MissingCredentials("HTTP Basic").public_message(), "unauthorized");
    }

    #[test]
    fn non_auth_errors_explain_themselves() {
        let err = Error::MethodNotAllowed { method: "GET".into(), allowed: &["POST", "PUT"] };
        assert_eq!(err.status_code(), 405);
        assert_eq!(err.allowed_methods(), Some(&["POST", "PUT"][..]));
        assert_eq!(err.public_message(), "method GET is not accepted here; allowed: POST, PUT");
        assert!(!err.is_auth());
    }
}
