//! The core's `Reply` as an actix-web response: copied out, nothing added.

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use actix_web::http::header::{CONTENT_TYPE, HeaderName, HeaderValue};
use receiver_core::Reply;

pub(crate) fn status(reply: &Reply) -> StatusCode {
    StatusCode::from_u16(reply.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

pub(crate) fn reply_response(reply: Reply) -> HttpResponse {
    let mut response = HttpResponse::build(status(&reply));
    if let Some(content_type) = reply.content_type {
        response.insert_header((CONTENT_TYPE, HeaderValue::from_static(content_type)));
    }
    for (name, value) in reply.headers {
        if let (Ok(name), Ok(value)) = (HeaderName::from_lowercase(name.as_bytes()), HeaderValue::from_str(&value)) {
            response.insert_header((name, value));
        }
    }
    response.body(reply.body)
}
