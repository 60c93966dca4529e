//! accweb: `POST`, compact JSON in Go struct order, `application/json; charset=utf-8`, the static header
//! from accweb's config (accweb.md §2).

use std::time::SystemTime;

use receiver_core::{SourceKind, Timestamp};

use super::cli::AccwebArgs;
use super::json::Json;
use super::{Expect, GO_USER_AGENT, Request, TriggerError, body_or, parse_header, payload_error, usage};

/// One body per event: the exact bytes accweb's HEAD code emitted where they exist (`wire-a232104-*`,
/// which has `position` in a lap), else the wiki example (whitespace removed when sent).
const EVENTS: &[(&str, &str)] = &[
    ("instance_started", include_str!("../../../fixtures/accweb/wire-a232104-instance_started.compact.json")),
    ("instance_stopped", include_str!("../../../fixtures/accweb/instance_stopped.json")),
    ("instance_live_new_driver", include_str!("../../../fixtures/accweb/instance_live_new_driver.json")),
    ("instance_live_remove_connection", include_str!("../../../fixtures/accweb/instance_live_remove_connection.json")),
    ("instance_live_new_lap", include_str!("../../../fixtures/accweb/wire-a232104-instance_live_new_lap.compact.json")),
    (
        "instance_live_session_phase_changed",
        include_str!("../../../fixtures/accweb/instance_live_session_phase_changed.json"),
    ),
    ("instance_live_new_damage_zone", include_str!("../../../fixtures/accweb/instance_live_new_damage_zone.json")),
    (
        "instance_live_reseting_race_weekend",
        include_str!("../../../fixtures/accweb/wire-a232104-instance_live_reseting_race_weekend.compact.json"),
    ),
    ("instance_live_session_changed", include_str!("../../../fixtures/accweb/instance_live_session_changed.json")),
];

/// The nine event names.
pub(crate) fn event_names() -> impl Iterator<Item = &'static str> {
    EVENTS.iter().map(|(name, _)| *name)
}

/// A resolved `trigger accweb`.
#[derive(Debug)]
pub(crate) struct Plan {
    name: &'static str,
    fixture: &'static str,
    header: (String, String),
    url: String,
    file: Option<Vec<u8>>,
}

impl Plan {
    pub(crate) fn new(args: &AccwebArgs, url: String, file: Option<Vec<u8>>) -> Result<Self, TriggerError> {
        let wanted = args.event.trim().to_ascii_lowercase().replace('-', "_");
        let (name, fixture) = EVENTS
            .iter()
            .copied()
            .find(|(name, _)| {
                *name == wanted
                    || name.strip_prefix("instance_live_") == Some(wanted.as_str())
                    || name.strip_prefix("instance_") == Some(wanted.as_str())
            })
            .ok_or_else(|| {
                usage(format!(
                    "unknown accweb event {:?}; known: {}",
                    args.event,
                    event_names().collect::<Vec<_>>().join(", ")
                ))
            })?;
        Ok(Self { name, fixture, header: parse_header("--header", &args.header)?, url, file })
    }

    pub(crate) fn build(&self, now: SystemTime) -> Result<Request, TriggerError> {
        let body = body_or(self.file.as_ref(), || {
            let mut event = Json::parse(self.fixture).map_err(payload_error)?;
            event.set("timestamp", Json::from(Timestamp::from_system_time(now).to_string()));
            event.to_compact().map(String::into_bytes).map_err(payload_error)
        })?;
        let headers = vec![
            ("User-Agent".to_owned(), GO_USER_AGENT.to_owned()),
            ("Content-Type".to_owned(), "application/json; charset=utf-8".to_owned()),
            self.header.clone(),
        ];
        Ok(Request {
            source: SourceKind::Accweb,
            event: self.name.to_owned(),
            id: None,
            method: "POST",
            url: self.url.clone(),
            headers,
            body,
            expect: Expect::Success,
        })
    }
}
