//! Server functions answer every error with status 500 and the typed error as JSON. This layer
//! gives each error its real HTTP status — 401, 403, 404, 409, 422, 429, 503 — so logs, proxies
//! and monitors can tell a wrong password from a crash. The body is left as it was: the browser
//! decodes the same `ApiError` (any 4xx/5xx status carries it).

use app::api::ApiError;
use app::domain::application::ApplicationError;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The status an error deserves.
pub fn status_of(error: &ApiError) -> StatusCode {
    match error {
        ApiError::SignedOut
        | ApiError::SignInFailed
        | ApiError::AccountClosed
        | ApiError::KioskRevoked
        | ApiError::Application(
            ApplicationError::Pending { .. } | ApplicationError::Declined { .. },
        ) => StatusCode::UNAUTHORIZED,
        ApiError::Forbidden => StatusCode::FORBIDDEN,
        ApiError::TooManyAttempts { .. } => StatusCode::TOO_MANY_REQUESTS,
        ApiError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
        ApiError::Ledger(_)
        | ApiError::Claim(_)
        | ApiError::Activity(_)
        | ApiError::Administration(_)
        | ApiError::Application(_)
        | ApiError::DeviceTaken => StatusCode::CONFLICT,
        // Only the browser leaves a refusal unread; here it is read to find its status.
        ApiError::Unread(_) => status_of(&error.clone().typed()),
        ApiError::NotFound => StatusCode::NOT_FOUND,
        ApiError::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
        ApiError::Transport(_) => StatusCode::BAD_REQUEST,
    }
}

pub async fn error_status(request: Request, next: Next) -> Response {
    let is_api = request.uri().path().starts_with("/api/");
    let response = next.run(request).await;
    if !is_api || response.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    // Error bodies are small; anything larger is not one of ours and stays a 500.
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    if let Ok(error) = serde_json::from_slice::<ApiError>(&bytes) {
        parts.status = status_of(&error);
        if let ApiError::TooManyAttempts { retry_after_secs } = error {
            parts
                .headers
                .insert(header::RETRY_AFTER, HeaderValue::from(retry_after_secs));
        }
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// The answer to a request whose handler panicked: logged with what the panic said, answered
/// with a plain 500 in the person's languages (never the panic's text, which may hold data).
pub fn panic_answer(panic: Box<dyn std::any::Any + Send + 'static>) -> Response<Body> {
    let said = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("(no message)");
    if crate::telemetry::loud_line_allowed() {
        tracing::error!(panic = said, "a request panicked");
    }
    let body = serde_json::to_string(&ApiError::Unavailable).unwrap_or_default();
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}
