//! The contract of an application's event handler, shared by the adapters' routers.

use std::future::Future;
use std::pin::Pin;

use crate::delivery::Delivery;

/// Any error a handler returns.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// The future a [`Handler`] returns.
pub type HandlerFuture = Pin<Box<dyn Future<Output = Result<(), BoxError>> + Send>>;

/// An application's async event handler: called once per verified delivery by the adapters' routers.
///
/// Implemented for every `Fn(Delivery) -> impl Future<Output = Result<(), E>>` (cloneable, `Send`,
/// `'static`), so a closure or an `async fn` is a handler. Returning `Err` answers `500` so that a sender
/// that retries (Twitch) retries; `Ok` answers the sender's success reply
/// ([`SourceKind::success_reply`](crate::SourceKind::success_reply)). The core only defines this contract;
/// running the future is the adapter's job.
///
/// ```
/// use receiver_core::{Delivery, Event, Handler};
///
/// async fn print(delivery: Delivery) -> Result<(), std::io::Error> {
///     if let Event::Accweb(event) = &delivery.event {
///         println!("accweb: {}", event.name());
///     }
///     Ok(())
/// }
/// fn assert_handler(_: impl Handler) {}
/// assert_handler(print);
/// ```
pub trait Handler: Send + Sync + 'static {
    /// Handles one delivery.
    fn call(&self, delivery: Delivery) -> HandlerFuture;
}

impl<F, Fut, E> Handler for F
where
    F: Fn(Delivery) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<(), E>> + Send + 'static,
    E: Into<BoxError>,
{
    fn call(&self, delivery: Delivery) -> HandlerFuture {
        let future = self(delivery);
        Box::pin(async move { future.await.map_err(Into::into) })
    }
}
