//! Sonoran CAD: `POST /sonorancad/event`, `{"key","type","data"}`, the community API key in `key`
//! (sonoran-cad.md §2).

use receiver_core::SourceKind;

use super::cli::SonoranArgs;
use super::json::Json;
use super::{Expect, Request, TriggerError, body_or, payload_error, usage};

/// The docs example of each push event type with one.
const EVENTS: &[(&str, &str)] = &[
    ("EVENT_911", include_str!("../../../fixtures/sonorancad/docs-EVENT_911.data-array.json")),
    (
        "EVENT_COMMUNITY_LINK_VERIFIED",
        include_str!("../../../fixtures/sonorancad/docs-EVENT_COMMUNITY_LINK_VERIFIED.json"),
    ),
    ("EVENT_DISPATCH_CLOSED", include_str!("../../../fixtures/sonorancad/docs-EVENT_DISPATCH_CLOSED.json")),
    ("EVENT_DISPATCH_NOTE", include_str!("../../../fixtures/sonorancad/docs-EVENT_DISPATCH_NOTE.json")),
    ("EVENT_DISPATCH_UNIT_ATTACH", include_str!("../../../fixtures/sonorancad/docs-EVENT_DISPATCH_UNIT_ATTACH.json")),
    ("EVENT_DISPATCH_UNIT_DETACH", include_str!("../../../fixtures/sonorancad/docs-EVENT_DISPATCH_UNIT_DETACH.json")),
    ("EVENT_NEW_CALLOUT", include_str!("../../../fixtures/sonorancad/docs-EVENT_NEW_CALLOUT.json")),
    ("EVENT_PAGER_REBORN", include_str!("../../../fixtures/sonorancad/docs-EVENT_PAGER_REBORN.json")),
    ("EVENT_RECORD_ADD", include_str!("../../../fixtures/sonorancad/docs-EVENT_RECORD_ADD.json")),
    ("EVENT_RECORD_EDIT", include_str!("../../../fixtures/sonorancad/docs-EVENT_RECORD_EDIT.json")),
    ("EVENT_RECORD_REMOVE", include_str!("../../../fixtures/sonorancad/docs-EVENT_RECORD_REMOVE.json")),
    ("EVENT_STREETSIGN_UPDATED", include_str!("../../../fixtures/sonorancad/docs-EVENT_STREETSIGN_UPDATED.json")),
    ("EVENT_TONE", include_str!("../../../fixtures/sonorancad/docs-EVENT_TONE.json")),
    ("EVENT_UNIT_GROUP_ADD", include_str!("../../../fixtures/sonorancad/docs-EVENT_UNIT_GROUP_ADD.json")),
    (
        "EVENT_UNIT_GROUP_CHANGE_NAME",
        include_str!("../../../fixtures/sonorancad/docs-EVENT_UNIT_GROUP_CHANGE_NAME.json"),
    ),
    ("EVENT_UNIT_GROUP_REMOVE", include_str!("../../../fixtures/sonorancad/docs-EVENT_UNIT_GROUP_REMOVE.json")),
    ("EVENT_UNIT_LOGIN", include_str!("../../../fixtures/sonorancad/docs-EVENT_UNIT_LOGIN.data-array.json")),
    ("EVENT_UNIT_LOGOUT", include_str!("../../../fixtures/sonorancad/docs-EVENT_UNIT_LOGOUT.data-array.json")),
    ("EVENT_UNIT_PANIC", include_str!("../../../fixtures/sonorancad/docs-EVENT_UNIT_PANIC.data-array.json")),
    ("EVENT_UNIT_STATUS", include_str!("../../../fixtures/sonorancad/docs-EVENT_UNIT_STATUS.data-array.json")),
];

/// The push event types the trigger can build.
pub(crate) fn event_types() -> impl Iterator<Item = &'static str> {
    EVENTS.iter().map(|(kind, _)| *kind)
}

/// A resolved `trigger sonoran`.
#[derive(Debug)]
pub(crate) struct Plan {
    kind: &'static str,
    fixture: &'static str,
    key: String,
    url: String,
    file: Option<Vec<u8>>,
}

impl Plan {
    pub(crate) fn new(args: &SonoranArgs, url: String, file: Option<Vec<u8>>) -> Result<Self, TriggerError> {
        let wanted = args.event.trim().to_ascii_uppercase().replace('-', "_");
        let wanted = if wanted.starts_with("EVENT_") { wanted } else { format!("EVENT_{wanted}") };
        let (kind, fixture) = EVENTS.iter().copied().find(|(kind, _)| *kind == wanted).ok_or_else(|| {
            usage(format!(
                "no fixture for the Sonoran CAD type {:?}; known: {}",
                args.event,
                event_types().collect::<Vec<_>>().join(", ")
            ))
        })?;
        Ok(Self { kind, fixture, key: args.key.clone(), url, file })
    }

    pub(crate) fn build(&self) -> Result<Request, TriggerError> {
        let body = body_or(self.file.as_ref(), || {
            let mut event = Json::parse(self.fixture).map_err(payload_error)?;
            event.set("key", Json::from(self.key.as_str()));
            // The docs wrap some `data` in a one-element array; the CAD sends the object (the vendor's
            // receiver reads `data.<field>`), so send what the CAD sends.
            if let Some(data) = event.get_mut("data")
                && let Json::Array(items) = data
                && let [only] = items.as_mut_slice()
            {
                let only = std::mem::replace(only, Json::Null);
                *data = only;
            }
            event.to_compact().map(String::into_bytes).map_err(payload_error)
        })?;
        Ok(Request {
            source: SourceKind::SonoranCad,
            event: self.kind.to_owned(),
            id: None,
            method: "POST",
            url: self.url.clone(),
            headers: vec![("Content-Type".to_owned(), "application/json".to_owned())],
            body,
            expect: Expect::Success,
        })
    }
}
