//! Credential checks shared by the sources without a protocol of their own (accweb, Khan, Agones Relay).

use crate::error::{ConfigError, Error};
use crate::incoming::Incoming;
use crate::query;
use crate::secret::{Secret, TokenSet, collect_secrets};

/// How a source without built-in signing authenticates its requests.
///
/// accweb, Khan and Agones Relay sign nothing; what they can send is a static header (accweb's configured
/// `headers`), HTTP Basic (Go's HTTP client sends it for a `user:pass@` URL, which is the only option for Khan
/// and the Agones relay), or a token in the URL. Every scheme accepts several secrets at once, so a secret
/// can be rotated without downtime, and compares in constant time. A source that checks nothing must say so
/// with [`Auth::unauthenticated`]; an empty secret is a [`ConfigError`], never a silent "accept all".
///
/// ```
/// use receiver_core::Auth;
///
/// let header = Auth::header("X-Accweb-Token", ["current-token", "previous-token"]).unwrap();
/// let basic = Auth::basic([("relay", "pa@ss")]).unwrap();
/// let url = Auth::query_token("token", ["t0ps3cret"]).unwrap();
/// assert_eq!(header.description(), "header `x-accweb-token` (2 secrets)");
/// assert!(Auth::header("X-Token", [""]).is_err());
/// assert!(!Auth::unauthenticated().is_authenticated());
/// # let _ = (basic, url);
/// ```
#[derive(Debug, Clone)]
pub struct Auth(Scheme);

#[derive(Debug, Clone)]
enum Scheme {
    Unauthenticated,
    Header { name: String, tokens: TokenSet, count: usize },
    Bearer { tokens: TokenSet, count: usize },
    Basic { tokens: TokenSet, count: usize },
    QueryToken { param: String, tokens: TokenSet, count: usize },
}

impl Auth {
    /// A static secret in the header `name` (any case); the whole header value is the secret.
    pub fn header<S>(name: &str, secrets: impl IntoIterator<Item = S>) -> Result<Self, ConfigError>
    where
        S: TryInto<Secret, Error: Into<ConfigError>>,
    {
        let secrets = collect_secrets(secrets)?;
        Ok(Self(Scheme::Header { name: header_name(name)?, tokens: TokenSet::exact(&secrets), count: secrets.len() }))
    }

    /// `Authorization: Bearer <token>`, the usual way to configure accweb's static header.
    pub fn bearer<S>(tokens: impl IntoIterator<Item = S>) -> Result<Self, ConfigError>
    where
        S: TryInto<Secret, Error: Into<ConfigError>>,
    {
        let secrets = collect_secrets(tokens)?;
        Ok(Self(Scheme::Bearer { tokens: TokenSet::exact(&secrets), count: secrets.len() }))
    }

    /// HTTP Basic with any of these `(user, password)` pairs: what Go's HTTP client sends when the URL
    /// configured at the sender is `http://user:password@host/…` (give the password percent-decoded).
    pub fn basic<U, P>(credentials: impl IntoIterator<Item = (U, P)>) -> Result<Self, ConfigError>
    where
        U: AsRef<str>,
        P: AsRef<str>,
    {
        let mut pairs = Vec::new();
        for (user, password) in credentials {
            let (user, password) = (user.as_ref(), password.as_ref());
            if user.contains(':') {
                return Err(ConfigError::ColonInBasicUser);
            }
            if user.is_empty() && password.is_empty() {
                return Err(ConfigError::EmptySecret);
            }
            pairs.push(Secret::new(base64_encode(format!("{user}:{password}").as_bytes()))?);
        }
        if pairs.is_empty() {
            return Err(ConfigError::NoSecrets);
        }
        Ok(Self(Scheme::Basic { tokens: TokenSet::exact(&pairs), count: pairs.len() }))
    }

    /// A token in the query parameter `param` of the URL configured at the sender (Khan's hook URLs, for
    /// example `https://host/khan?token=…`). Prefer a header or Basic where the sender can send them: URLs
    /// end up in access logs.
    pub fn query_token<S>(param: &str, tokens: impl IntoIterator<Item = S>) -> Result<Self, ConfigError>
    where
        S: TryInto<Secret, Error: Into<ConfigError>>,
    {
        if param.is_empty() {
            return Err(ConfigError::EmptyQueryParameter);
        }
        let secrets = collect_secrets(tokens)?;
        Ok(Self(Scheme::QueryToken {
            param: param.to_owned(),
            tokens: TokenSet::exact(&secrets),
            count: secrets.len(),
        }))
    }

    /// No authentication at all: anyone who can reach the endpoint can post events to it.
    ///
    /// The named opt-in for a sender that cannot authenticate and sits on a trusted network. Start-up
    /// banners should show [`Auth::description`], which says so loudly.
    pub fn unauthenticated() -> Self {
        Self(Scheme::Unauthenticated)
    }

    /// Whether requests are checked at all.
    pub fn is_authenticated(&self) -> bool {
        !matches!(self.0, Scheme::Unauthenticated)
    }

    /// The scheme in words, without the secrets.
    pub fn description(&self) -> String {
        let plural = |n: usize| if n == 1 { "1 secret".to_owned() } else { format!("{n} secrets") };
        match &self.0 {
            Scheme::Unauthenticated => "NONE: unauthenticated, anyone can post events".to_owned(),
            Scheme::Header { name, count, .. } => format!("header `{name}` ({})", plural(*count)),
            Scheme::Bearer { count, .. } => format!("Authorization: Bearer ({})", plural(*count)),
            Scheme::Basic { count: 1, .. } => "HTTP Basic (1 user/password pair)".to_owned(),
            Scheme::Basic { count, .. } => format!("HTTP Basic ({count} user/password pairs)"),
            Scheme::QueryToken { param, count, .. } => format!("URL query `{param}` ({})", plural(*count)),
        }
    }

    /// Checks the request's credentials.
    pub(crate) fn check(&self, incoming: &Incoming<'_>) -> Result<(), Error> {
        let headers = incoming.headers();
        match &self.0 {
            Scheme::Unauthenticated => Ok(()),
            Scheme::Header { name, tokens, .. } => {
                let value = headers.get(name).ok_or(Error::MissingCredentials("the secret header"))?;
                accept(tokens.contains(value), "the secret header")
            }
            Scheme::Bearer { tokens, .. } => {
                let token = authorization(incoming, "bearer")
                    .ok_or(Error::MissingCredentials("an Authorization: Bearer token"))?;
                accept(tokens.contains(token), "the Bearer token")
            }
            Scheme::Basic { tokens, .. } => {
                let token =
                    authorization(incoming, "basic").ok_or(Error::MissingCredentials("HTTP Basic credentials"))?;
                accept(tokens.contains(token), "the HTTP Basic credentials")
            }
            Scheme::QueryToken { param, tokens, .. } => {
                let token = query::param(incoming.query(), param).ok_or(Error::MissingCredentials("the URL token"))?;
                accept(tokens.contains(token.as_bytes()), "the URL token")
            }
        }
    }
}

fn accept(matched: bool, what: &'static str) -> Result<(), Error> {
    if matched { Ok(()) } else { Err(Error::WrongCredentials(what)) }
}

/// The `Authorization` value HTTP Basic sends for `user` and `password`: what Go's client sends for a
/// `http://user:password@host/…` URL (the password percent-decoded). For senders of test traffic.
///
/// ```
/// assert_eq!(receiver_core::basic_authorization("user", "pa@ss"), "Basic dXNlcjpwYUBzcw==");
/// ```
pub fn basic_authorization(user: &str, password: &str) -> String {
    format!("Basic {}", base64_encode(format!("{user}:{password}").as_bytes()))
}

/// The credentials of an `Authorization: <scheme> <credentials>` header; the scheme is matched
/// case-insensitively (RFC 9110), surrounding spaces ignored.
fn authorization<'a>(incoming: &Incoming<'a>, scheme: &str) -> Option<&'a [u8]> {
    let value = incoming.headers().get("authorization")?;
    let value = value.trim_ascii();
    let (given, rest) = value.split_at_checked(scheme.len())?;
    if !given.eq_ignore_ascii_case(scheme.as_bytes()) || rest.first() != Some(&b' ') {
        return None;
    }
    Some(rest.trim_ascii_start())
}

/// A lowercase header name, checked against RFC 9110's token characters.
fn header_name(name: &str) -> Result<String, ConfigError> {
    let valid = !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
    if valid { Ok(name.to_ascii_lowercase()) } else { Err(ConfigError::InvalidHeaderName(name.to_owned())) }
}

/// Standard, padded base64: how every HTTP client writes Basic credentials.
fn base64_encode(input: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let symbol = |index: u32| ALPHABET.get((index & 63) as usize).map_or('=', |&c| char::from(c));
    let mut out = String::with_capacity(input.len().div_ceil(3) * 4);
    for chunk in input.chunks(3) {
        let byte = |i: usize| u32::from(chunk.get(i).copied().unwrap_or(0));
        let n = byte(0) << 16 | byte(1) << 8 | byte(2);
        out.push(symbol(n >> 18));
        out.push(symbol(n >> 12));
        out.push(if chunk.len() > 1 { symbol(n >> 6) } else { '=' });
        out.push(if chunk.len() > 2 { symbol(n) } else { '=' });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(auth: &Auth, headers: &[(&str, &str)], query: &str) -> Result<(), Error> {
        auth.check(&Incoming::post(&headers, b"{}").with_query(query))
    }

    #[test]
    fn base64_matches_known_vectors() {
        assert_eq!(base64_encode(b""), "");
        assert_eq!(base64_encode(b"f"), "Zg==");
        assert_eq!(base64_encode(b"fo"), "Zm8=");
        assert_eq!(base64_encode(b"foo"), "Zm9v");
        // What Go 1.19 sent for http://user:pa%40ss@host/webhook (agones-relay-http.md, §5).
        assert_eq!(base64_encode(b"user:pa@ss"), "dXNlcjpwYUBzcw==");
    }

    #[test]
    fn basic_accepts_go_clients_header_and_rotated_pairs() {
        let auth = Auth::basic([("user", "pa@ss"), ("user", "next")]).unwrap();
        assert_eq!(check(&auth, &[("Authorization", "Basic dXNlcjpwYUBzcw==")], ""), Ok(()));
        let next = format!("basic {}", base64_encode(b"user:next"));
        assert_eq!(check(&auth, &[("authorization", &next)], ""), Ok(()));
        assert_eq!(
            check(&auth, &[("authorization", "Basic dXNlcjp3cm9uZw==")], ""),
            Err(Error::WrongCredentials("the HTTP Basic credentials"))
        );
        assert_eq!(
            check(&auth, &[("authorization", "Bearer dXNlcjpwYUBzcw==")], ""),
            Err(Error::MissingCredentials("HTTP Basic credentials"))
        );
        assert_eq!(check(&auth, &[], ""), Err(Error::MissingCredentials("HTTP Basic credentials")));
        assert_eq!(check(&auth, &[("authorization", "Basic")], "").unwrap_err().status_code(), 401);
    }

    #[test]
    fn header_secret_is_found_under_any_spelling() {
        let auth = Auth::header("Some-Header", ["aabbcc"]).unwrap();
        assert_eq!(check(&auth, &[("some-header", "aabbcc")], ""), Ok(()));
        assert_eq!(check(&auth, &[("SOME-HEADER", "aabbcc")], ""), Ok(()));
        assert_eq!(check(&auth, &[("Some-Header", "aabbc")], "").unwrap_err().status_code(), 403);
        assert_eq!(check(&auth, &[("Other", "aabbcc")], "").unwrap_err().status_code(), 401);
    }

    #[test]
    fn bearer_and_query_token() {
        let bearer = Auth::bearer(["xyz"]).unwrap();
        assert_eq!(check(&bearer, &[("Authorization", "Bearer xyz")], ""), Ok(()));
        assert_eq!(check(&bearer, &[("Authorization", "Bearer xy")], "").unwrap_err().status_code(), 403);
        assert_eq!(check(&bearer, &[("Authorization", "Bearerxyz")], "").unwrap_err().status_code(), 401);

        let url = Auth::query_token("token", ["a b/c"]).unwrap();
        assert_eq!(check(&url, &[], "x=1&token=a+b%2Fc"), Ok(()));
        assert_eq!(check(&url, &[], "token=abc").unwrap_err().status_code(), 403);
        assert_eq!(check(&url, &[], "x=1").unwrap_err().status_code(), 401);
    }

    #[test]
    fn misconfiguration_is_refused() {
        assert_eq!(Auth::header("", ["x"]).unwrap_err(), ConfigError::InvalidHeaderName(String::new()));
        assert_eq!(Auth::header("bad header", ["x"]).unwrap_err(), ConfigError::InvalidHeaderName("bad header".into()));
        assert_eq!(Auth::header("x", [""]).unwrap_err(), ConfigError::EmptySecret);
        assert_eq!(Auth::basic([("a:b", "c")]).unwrap_err(), ConfigError::ColonInBasicUser);
        assert_eq!(Auth::basic([("", "")]).unwrap_err(), ConfigError::EmptySecret);
        assert_eq!(Auth::basic(Vec::<(&str, &str)>::new()).unwrap_err(), ConfigError::NoSecrets);
        assert_eq!(Auth::query_token("", ["x"]).unwrap_err(), ConfigError::EmptyQueryParameter);
        assert!(Auth::unauthenticated().description().starts_with("NONE"));
    }
}
