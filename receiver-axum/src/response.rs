//! The core's `Reply` as an axum response: copied out, nothing added.

use axum::body::Body;
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::response::Response;
use receiver_core::Reply;

pub(crate) fn reply_response(reply: Reply) -> Response {
    // An empty body without an allocation (`Body::from` boxes even an empty `Vec`).
    let body = if reply.body.is_empty() { Body::empty() } else { Body::from(reply.body) };
    let mut response = Response::new(body);
    *response.status_mut() = StatusCode::from_u16(reply.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let headers = response.headers_mut();
    if let Some(content_type) = reply.content_type {
        headers.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    }
    for (name, value) in reply.headers {
        if let Ok(value) = HeaderValue::from_str(&value) {
            headers.insert(HeaderName::from_static(name), value);
        }
    }
    response
}
