//! What the printer, the trigger and the embedding examples share: the development defaults.
//!
//! **What this crate does not do:** it is not a library to depend on (`publish = false`); it holds the
//! binaries that make the SDK useful from the first minute, and the defaults that let them talk to each
//! other with no configuration.

/// The development defaults the printer listens with and the trigger sends with, so that
/// `cargo run --bin printer` and `cargo run --bin trigger -- twitch channel.follow` work together out of
/// the box. They are printed at start: never use them outside a development machine.
pub mod dev {
    /// Where the printer listens and the trigger sends.
    pub const LISTEN: &str = "127.0.0.1:3000";
    /// accweb: the static header accweb's `headers:` config sends (name, value).
    pub const ACCWEB_HEADER: (&str, &str) = ("X-Accweb-Token", "dev-accweb-token");
    /// Sonoran CAD: the community API key in the body's `key`.
    pub const SONORAN_KEY: &str = "dev-sonoran-key";
    /// Khan: HTTP Basic from the hook URL `http://khan:dev-khan-password@…` (user, password).
    pub const KHAN_BASIC: (&str, &str) = ("khan", "dev-khan-password");
    /// Agones Relay HTTP: HTTP Basic from the relay URL `http://agones:dev-agones-password@…`.
    pub const AGONES_BASIC: (&str, &str) = ("agones", "dev-agones-password");
    /// Twitch EventSub: the subscription secret (10 to 100 bytes, as Twitch requires).
    pub const TWITCH_SECRET: &str = "dev-twitch-secret";
}

/// The value after `name` on the command line (`--listen 127.0.0.1:3000`), for the small load and bench
/// targets that take two or three flags without a parser.
pub fn flag_value(name: &str) -> Option<String> {
    let mut args = std::env::args().skip_while(|arg| arg != name);
    args.next().and_then(|_| args.next())
}

pub mod laps;
pub mod printer;
pub mod trigger;
