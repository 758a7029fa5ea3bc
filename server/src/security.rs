//! What every response says to the browser about itself, and what every state-changing request
//! must show about where it comes from.
//!
//! - A request that changes something (any method but GET, HEAD, OPTIONS) from a browser carries
//!   `Origin` (or at least `Referer`); when it names another site the request is refused, so a
//!   page elsewhere cannot post with a volunteer's cookie (SameSite=Lax alone lets top-level
//!   form posts of some browsers through). Server functions accept only the two encodings the
//!   app sends: form-encoded and JSON (`text/plain` is what a cross-site form can smuggle JSON in).
//! - Pages get a Content-Security-Policy with a fresh nonce per response: scripts only from this
//!   site or inline with the nonce (Leptos' hydration script and the service worker line), the
//!   WebAssembly compiled, nothing framed, no plug-ins. Every response says `nosniff`, keeps the
//!   address to this site in `Referer`, refuses framing, and with secure cookies asks for HTTPS
//!   from now on (HSTS).

use app::api::ports::CspNonce;
use app::api::ApiError;
use argon2::password_hash::rand_core::{OsRng, RngCore};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Which headers this deployment sends (HSTS only when served over HTTPS).
#[derive(Clone, Copy, Debug, Default)]
pub struct SecurityPolicy {
    pub https: bool,
}

/// Refuses a state-changing request from another site, and a server-function body in an
/// encoding the app never sends.
pub async fn same_origin(request: Request, next: Next) -> Response {
    let safe = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if safe {
        return next.run(request).await;
    }
    if !from_this_site(request.headers()) {
        tracing::info!(
            origin = ?request.headers().get(header::ORIGIN),
            path = %request.uri().path(),
            "cross-site request refused"
        );
        return refuse(StatusCode::FORBIDDEN, ApiError::Forbidden);
    }
    if request.uri().path().starts_with("/api/") && !accepted_encoding(request.headers()) {
        return refuse(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::Transport("unsupported content type".into()),
        );
    }
    next.run(request).await
}

fn refuse(status: StatusCode, error: ApiError) -> Response {
    let body = serde_json::to_string(&error).unwrap_or_default();
    (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
}

/// The authority (`host[:port]`) part of an absolute URL such as an `Origin` or a `Referer`.
fn authority(url: &str) -> Option<&str> {
    let rest = url.split_once("://")?.1;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..end];
    (!authority.is_empty() && !authority.contains('@')).then_some(authority)
}

/// True when the request names no other site: its `Origin` (else its `Referer`) is this host.
/// A request with neither comes from a program, not a browser page, and cannot carry another
/// site's intent.
fn from_this_site(headers: &HeaderMap) -> bool {
    let Some(host) = headers.get(header::HOST).and_then(|h| h.to_str().ok()) else {
        return false;
    };
    let named = headers
        .get(header::ORIGIN)
        .or_else(|| headers.get(header::REFERER));
    match named {
        None => true,
        Some(value) => value
            .to_str()
            .ok()
            .and_then(authority)
            .is_some_and(|a| a.eq_ignore_ascii_case(host)),
    }
}

fn accepted_encoding(headers: &HeaderMap) -> bool {
    let Some(kind) = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let essence = kind.split(';').next().unwrap_or_default().trim();
    essence.eq_ignore_ascii_case("application/x-www-form-urlencoded")
        || essence.eq_ignore_ascii_case("application/json")
}

/// Gives the request a nonce for its page's inline scripts, and every response its headers.
pub async fn headers(
    State(policy): State<SecurityPolicy>,
    mut request: Request,
    next: Next,
) -> Response {
    let nonce = new_nonce();
    request.extensions_mut().insert(CspNonce(nonce.clone()));
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let is_page = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if is_page {
        if let Ok(value) = HeaderValue::from_str(&content_security_policy(&nonce)) {
            headers.insert(header::CONTENT_SECURITY_POLICY, value);
        }
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    if policy.https {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        );
    }
    response
}

/// The policy of a page whose inline scripts carry `nonce`.
pub fn content_security_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; \
         worker-src 'self'; manifest-src 'self'; object-src 'none'; base-uri 'none'; \
         form-action 'self'; frame-ancestors 'none'"
    )
}

fn new_nonce() -> String {
    let mut bytes = [0u8; 16];
    OsRng.fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn only_this_sites_pages_may_post() {
        let host = ("host", "bank.example:3000");
        assert!(from_this_site(&headers(&[host])));
        assert!(from_this_site(&headers(&[
            host,
            ("origin", "http://bank.example:3000")
        ])));
        assert!(from_this_site(&headers(&[
            host,
            ("referer", "https://bank.example:3000/office?x=1")
        ])));
        for other in [
            "http://evil.example",
            "http://bank.example:3000.evil.example",
            "http://bank.example",
            "null",
            "http://user@bank.example:3000",
        ] {
            let mut map = headers(&[host]);
            map.insert("origin", HeaderValue::from_str(other).expect("value"));
            assert!(!from_this_site(&map), "{other}");
        }
        assert!(!from_this_site(&headers(&[(
            "origin",
            "http://bank.example:3000"
        )])));
    }

    #[tokio::test]
    async fn https_deployments_ask_for_https_from_then_on() {
        use axum::routing::get;
        use tower::ServiceExt;
        for https in [false, true] {
            let router = axum::Router::new()
                .route("/", get(|| async { axum::response::Html("<p>hi</p>") }))
                .layer(axum::middleware::from_fn_with_state(
                    SecurityPolicy { https },
                    super::headers,
                ));
            let response = router
                .oneshot(
                    axum::http::Request::builder()
                        .uri("/")
                        .body(axum::body::Body::empty())
                        .expect("request"),
                )
                .await
                .expect("response");
            let h = response.headers();
            assert_eq!(h.contains_key(header::STRICT_TRANSPORT_SECURITY), https);
            assert!(h[header::CONTENT_SECURITY_POLICY]
                .to_str()
                .expect("ascii")
                .contains("'nonce-"));
            assert_eq!(h[header::X_FRAME_OPTIONS], "DENY");
        }
    }

    #[test]
    fn server_functions_take_forms_and_json_only() {
        assert!(accepted_encoding(&headers(&[(
            "content-type",
            "application/x-www-form-urlencoded; charset=UTF-8"
        )])));
        assert!(accepted_encoding(&headers(&[(
            "content-type",
            "application/json"
        )])));
        for other in ["text/plain", "multipart/form-data; boundary=x", ""] {
            let mut map = HeaderMap::new();
            map.insert("content-type", HeaderValue::from_str(other).expect("v"));
            assert!(!accepted_encoding(&map), "{other}");
        }
        assert!(!accepted_encoding(&HeaderMap::new()));
    }
}
