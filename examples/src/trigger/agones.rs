//! Agones Relay HTTP: `POST` (added) and `PUT` (updated) with the relay's envelope, `DELETE` with the body
//! `n` and `?event_type=…&name=…&namespace=…` (agones-relay-http.md §2–§5). The relay authenticates only
//! through Go's client: HTTP Basic from a `user:pass@` URL.

use receiver_core::SourceKind;

use super::cli::{AgonesAction, AgonesArgs, AgonesKind};
use super::json::Json;
use super::{
    Expect, GO_USER_AGENT, Request, TriggerError, basic_authorization, body_or, parse_basic, parse_header,
    payload_error, query_escape,
};

/// The six event types.
pub(crate) const EVENT_TYPES: [&str; 6] = [
    "gameserver.events.added",
    "gameserver.events.updated",
    "gameserver.events.deleted",
    "fleet.events.added",
    "fleet.events.updated",
    "fleet.events.deleted",
];

const GAMESERVER_ADD: &str = include_str!("../../../fixtures/agones-relay-http/gameserver-onadd.json");
const GAMESERVER_UPDATE: &str = include_str!("../../../fixtures/agones-relay-http/gameserver-onupdate.json");
const FLEET_ADD: &str = include_str!("../../../fixtures/agones-relay-http/fleet-onadd.json");
const FLEET_UPDATE: &str = include_str!("../../../fixtures/agones-relay-http/fleet-onupdate.json");

/// A resolved `trigger agones`.
#[derive(Debug)]
pub(crate) struct Plan {
    action: AgonesAction,
    kind: AgonesKind,
    name: Option<String>,
    namespace: Option<String>,
    credentials: (String, String),
    url: String,
    file: Option<Vec<u8>>,
}

impl Plan {
    pub(crate) fn new(args: &AgonesArgs, url: String, file: Option<Vec<u8>>) -> Result<Self, TriggerError> {
        let credentials = match &args.header {
            Some(header) => parse_header("--header", header)?,
            None => {
                let (user, password) = parse_basic("--basic", &args.basic)?;
                ("Authorization".to_owned(), basic_authorization(&user, &password))
            }
        };
        Ok(Self {
            action: args.action,
            kind: args.kind,
            name: args.name.clone(),
            namespace: args.namespace.clone(),
            credentials,
            url,
            file,
        })
    }

    pub(crate) fn build(&self) -> Result<Request, TriggerError> {
        let kind = match self.kind {
            AgonesKind::GameServer => "gameserver",
            AgonesKind::Fleet => "fleet",
        };
        let (action, method, source) = match self.action {
            AgonesAction::Added => ("added", "POST", "OnAdd"),
            AgonesAction::Updated => ("updated", "PUT", "OnUpdate"),
            AgonesAction::Deleted => ("deleted", "DELETE", "OnDelete"),
        };
        let event_type = format!("{kind}.events.{action}");
        let mut url = self.url.clone();
        let (body, id) = match self.action {
            AgonesAction::Deleted => {
                // The relay's DELETE: whatever was configured, then `?` and the form-encoded query (twice `?`
                // when the configured URL has a query already: the relay's bug, reproduced on purpose).
                let object = self.object(false)?;
                let name = self.name.clone().or_else(|| meta(&object, "name")).unwrap_or_default();
                let namespace = self.namespace.clone().or_else(|| meta(&object, "namespace")).unwrap_or_default();
                url.push_str(&format!(
                    "?event_type={}&name={}&namespace={}",
                    query_escape(&event_type),
                    query_escape(&name),
                    query_escape(&namespace)
                ));
                (body_or(self.file.as_ref(), || Ok(b"n".to_vec()))?, Some(format!("{namespace}/{name}")))
            }
            AgonesAction::Added | AgonesAction::Updated => {
                let object = self.object(self.action == AgonesAction::Updated)?;
                let shown = match object.get("new_obj") {
                    Some(new) => version_id(new),
                    None => version_id(&object),
                };
                let body = body_or(self.file.as_ref(), || {
                    envelope(source, &event_type, object).to_compact().map(String::into_bytes).map_err(payload_error)
                })?;
                (body, if self.file.is_some() { None } else { shown })
            }
        };
        Ok(Request {
            source: SourceKind::AgonesRelay,
            event: event_type,
            id,
            method,
            url,
            headers: vec![
                ("User-Agent".to_owned(), GO_USER_AGENT.to_owned()),
                ("Content-Type".to_owned(), "application/json".to_owned()),
                self.credentials.clone(),
            ],
            body,
            expect: Expect::Success,
        })
    }

    /// The fixture's object (added) or `{old_obj, new_obj}` (updated), with the name and namespace put in.
    fn object(&self, update: bool) -> Result<Json, TriggerError> {
        let fixture = match (self.kind, update) {
            (AgonesKind::GameServer, false) => GAMESERVER_ADD,
            (AgonesKind::GameServer, true) => GAMESERVER_UPDATE,
            (AgonesKind::Fleet, false) => FLEET_ADD,
            (AgonesKind::Fleet, true) => FLEET_UPDATE,
        };
        let mut payload = Json::parse(fixture).map_err(payload_error)?;
        let mut object = ["body", "message", "message"]
            .iter()
            .try_fold(&mut payload, |json, key| json.get_mut(key))
            .and_then(|message| message.remove("body"))
            .ok_or_else(|| payload_error("no body.message.message.body in the fixture"))?;
        if update {
            for key in ["old_obj", "new_obj"] {
                if let Some(inner) = object.get_mut(key) {
                    self.rename(inner);
                }
            }
        } else {
            self.rename(&mut object);
        }
        Ok(object)
    }

    fn rename(&self, object: &mut Json) {
        if let Some(metadata) = object.get_mut("metadata") {
            if let Some(name) = &self.name {
                metadata.set("name", Json::from(name.as_str()));
            }
            if let Some(namespace) = &self.namespace {
                metadata.set("namespace", Json::from(namespace.as_str()));
            }
        }
    }
}

/// The relay's envelope, in the order Go writes it.
fn envelope(source: &str, event_type: &str, body: Json) -> Json {
    let pairs =
        |entries: Vec<(&str, Json)>| Json::Object(entries.into_iter().map(|(k, v)| (k.to_owned(), v)).collect());
    pairs(vec![(
        "body",
        pairs(vec![
            (
                "header",
                pairs(vec![(
                    "headers",
                    pairs(vec![("event_source", Json::from(source)), ("event_type", Json::from(event_type))]),
                )]),
            ),
            (
                "message",
                pairs(vec![
                    ("source", Json::from(source)),
                    ("type", Json::from(event_type)),
                    ("message", pairs(vec![("body", body)])),
                ]),
            ),
        ]),
    )])
}

/// `metadata.<key>` of an object (or of `new_obj`).
fn meta(object: &Json, key: &str) -> Option<String> {
    let object = object.get("new_obj").unwrap_or(object);
    object.get("metadata")?.get(key)?.as_str().map(str::to_owned)
}

/// `uid/resourceVersion`: the delivery id the receiver reports.
fn version_id(object: &Json) -> Option<String> {
    let metadata = object.get("metadata")?;
    Some(format!("{}/{}", metadata.get("uid")?.as_str()?, metadata.get("resourceVersion")?.as_str()?))
}
