//! What every HTTP adapter does around the core, decided once here so that adapters only do the I/O.

use std::fmt::Display;
use std::sync::{Arc, Mutex};

use crate::error::Error;
use crate::handler::BoxError;
use crate::headers::{Headers, header_str};
use crate::reply::Reply;
use crate::source::{OVERSIZE_DRAIN_BYTES, SourceKind};

/// Where a router tells the application about refused requests (`Endpoints::on_refusal` in both adapters):
/// an observer that can be set or replaced at any time and is called with the source and the detailed error.
#[derive(Default)]
pub struct RefusalHook(Mutex<Option<Arc<RefusalObserver>>>);

/// A function told of every refused request.
pub type RefusalObserver = dyn Fn(SourceKind, &Error) + Send + Sync;

impl RefusalHook {
    /// Sets (or replaces) the observer.
    pub fn set(&self, observer: impl Fn(SourceKind, &Error) + Send + Sync + 'static) {
        if let Ok(mut slot) = self.0.lock() {
            *slot = Some(Arc::new(observer));
        }
    }

    /// Tells the observer, if there is one, about a refusal. The observer runs outside the lock.
    pub fn notify(&self, source: SourceKind, error: &Error) {
        let observer = self.0.lock().ok().and_then(|slot| slot.clone());
        if let Some(observer) = observer {
            observer(source, error);
        }
    }
}

impl std::fmt::Debug for RefusalHook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let set = self.0.lock().map(|slot| slot.is_some()).unwrap_or(false);
        f.debug_tuple("RefusalHook").field(&if set { "set" } else { "unset" }).finish()
    }
}

/// A request refused before its body was read (by [`Source::check_head`](crate::Source::check_head)).
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeadRefusal {
    /// Why: a method the source does not accept, or a declared length over the limit.
    pub error: Error,
    /// How many body bytes to read and throw away before answering, so the sender can read the answer
    /// (closing a connection with a body unread makes the kernel reset it, and the answer is lost). The
    /// declared length when it is at most [`OVERSIZE_DRAIN_BYTES`], else 0: a larger body is cut off. Drain
    /// for at most [`OVERSIZE_DRAIN_TIME`](crate::OVERSIZE_DRAIN_TIME).
    pub drain: usize,
}

/// The `Content-Length` the request declares, if any and valid.
pub fn content_length(headers: &dyn Headers) -> Option<u64> {
    header_str(headers, "content-length").and_then(|value| value.trim().parse().ok())
}

pub(crate) fn head_refusal(error: Error, headers: &dyn Headers) -> HeadRefusal {
    let drain = content_length(headers)
        .and_then(|length| usize::try_from(length).ok())
        .filter(|&length| length <= OVERSIZE_DRAIN_BYTES)
        .unwrap_or(0);
    HeadRefusal { error, drain }
}

/// Logs a refused request with its detail (target `receiver`; a 405 at debug level, as scanners cause many,
/// the rest at warn) and gives the error back. Logs nothing without the `tracing` feature.
pub fn log_refusal(source: SourceKind, error: Error) -> Error {
    #[cfg(feature = "tracing")]
    if error.status_code() == 405 {
        tracing::debug!(target: "receiver", %source, status = 405, error = %error, "request refused");
    } else {
        tracing::warn!(target: "receiver", %source, status = error.status_code(), error = %error, "request refused");
    }
    #[cfg(not(feature = "tracing"))]
    let _ = source;
    error
}

/// The answer once the application's handler has run: `reply` (the sender's success answer, or the reply its
/// protocol requires) when it returned `Ok`, [`Reply::handler_failed`] when it returned an error or panicked
/// (`Err(panic)`), logged with the delivery id under the `tracing` feature.
pub fn after_handler(
    source: SourceKind,
    delivery_id: Option<&str>,
    reply: Reply,
    outcome: Result<Result<(), BoxError>, impl Display>,
) -> Reply {
    match outcome {
        Ok(Ok(())) => reply,
        Ok(Err(error)) => {
            #[cfg(feature = "tracing")]
            tracing::error!(target: "receiver", %source, id = ?delivery_id, error = %error, "handler failed");
            #[cfg(not(feature = "tracing"))]
            let _ = (source, delivery_id, error);
            Reply::handler_failed()
        }
        Err(panic) => {
            #[cfg(feature = "tracing")]
            tracing::error!(target: "receiver", %source, id = ?delivery_id, error = %panic, "handler panicked");
            #[cfg(not(feature = "tracing"))]
            let _ = (source, delivery_id, panic);
            Reply::handler_failed()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_refused_bodies_are_drained_large_ones_cut_off() {
        let error = Error::BodyTooLarge { limit: 10 };
        assert_eq!(head_refusal(error.clone(), &[("Content-Length", " 11 ")]).drain, 11);
        assert_eq!(head_refusal(error.clone(), &[("content-length", "5000000")]).drain, 0);
        assert_eq!(head_refusal(error.clone(), &[("content-length", "x")]).drain, 0);
        assert_eq!(head_refusal(error, &[("a", "b")]).drain, 0);
    }

    #[test]
    fn handler_outcomes_map_to_answers() {
        let ok = Reply::no_content();
        assert_eq!(after_handler(SourceKind::Khan, None, ok.clone(), Ok::<_, &str>(Ok(()))), ok);
        assert_eq!(
            after_handler(SourceKind::Khan, Some("id"), ok.clone(), Ok::<_, &str>(Err("no".into()))).status,
            500
        );
        assert_eq!(after_handler(SourceKind::Khan, None, ok, Err("panicked")).status, 500);
    }
}
