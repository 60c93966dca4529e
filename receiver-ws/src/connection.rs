//! One WebSocket connection, in a task of its own: it reads continuously (tungstenite answers pings while
//! the stream is polled) and reports each text frame and its end to the client task.

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use receiver_core::twitch::session::ConnId;
use tokio::sync::{mpsc, oneshot};
use tokio_tungstenite::tungstenite::Message;

/// What a connection reports.
#[derive(Debug)]
pub(crate) enum ConnEvent {
    /// A text frame.
    Frame(ConnId, String),
    /// The connection ended: the close frame's code, or `None` without one; and what went wrong, if anything.
    Closed(ConnId, Option<u16>, Option<String>),
    /// The connection could not be opened.
    Failed(ConnId, String),
}

/// How long a close we initiate may wait for the server's close frame.
const CLOSE_WAIT: Duration = Duration::from_secs(2);

/// Connects to `url` and reports until the connection ends or `close` fires (then sends a normal close).
pub(crate) async fn run(
    conn: ConnId,
    url: String,
    events: mpsc::UnboundedSender<ConnEvent>,
    mut close: oneshot::Receiver<()>,
) {
    let connected = tokio::select! {
        result = tokio_tungstenite::connect_async(url.as_str()) => result,
        _ = &mut close => return,
    };
    let mut socket = match connected {
        Ok((socket, _response)) => socket,
        Err(error) => {
            let _ = events.send(ConnEvent::Failed(conn, error.to_string()));
            return;
        }
    };
    loop {
        tokio::select! {
            message = socket.next() => match message {
                Some(Ok(Message::Text(text))) => {
                    if events.send(ConnEvent::Frame(conn, text.as_str().to_owned())).is_err() {
                        return;
                    }
                }
                Some(Ok(Message::Close(frame))) => {
                    let code = frame.map(|frame| u16::from(frame.code));
                    let _ = events.send(ConnEvent::Closed(conn, code, None));
                    // tungstenite queued the close reply; flush it and let the server end the TCP connection.
                    let _ = tokio::time::timeout(CLOSE_WAIT, socket.flush()).await;
                    return;
                }
                // Pings are answered by tungstenite; binary frames are not part of the protocol.
                Some(Ok(Message::Ping(_) | Message::Pong(_) | Message::Binary(_) | Message::Frame(_))) => {}
                Some(Err(error)) => {
                    let _ = events.send(ConnEvent::Closed(conn, None, Some(error.to_string())));
                    return;
                }
                None => {
                    let _ = events.send(ConnEvent::Closed(conn, None, Some("connection ended".into())));
                    return;
                }
            },
            _ = &mut close => {
                let _ = tokio::time::timeout(CLOSE_WAIT, async {
                    let _ = socket.close(None).await;
                    while let Some(Ok(_)) = socket.next().await {}
                })
                .await;
                return;
            }
        }
    }
}
