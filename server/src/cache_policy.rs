//! How long a browser may keep the files it downloaded. With `hash-files` the bundle's names carry
//! a hash of their content, so a file under the pkg folder never changes under its name: a phone
//! keeps it a year and never asks again, and the service worker's precache is served from that
//! HTTP cache instead of downloading the bundle a second time. Without hashes (a debug build) a
//! name gets new content on every build, so the browser must ask each time.

use axum::extract::{Request, State};
use axum::http::header::CACHE_CONTROL;
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use leptos::config::LeptosOptions;

const FOREVER: &str = "public, max-age=31536000, immutable";
const ASK_EACH_TIME: &str = "no-cache";

#[derive(Clone, Debug)]
pub struct CachePolicy {
    /// `/pkg/`: where the bundle is served from.
    bundle_prefix: String,
    hashed: bool,
}

impl CachePolicy {
    pub fn from_options(options: &LeptosOptions) -> Self {
        Self {
            bundle_prefix: format!("/{}/", options.site_pkg_dir.trim_matches('/')),
            hashed: options.hash_files,
        }
    }

    /// The `Cache-Control` for a successful answer to `path`, if this policy sets one.
    pub fn for_path(&self, path: &str) -> Option<&'static str> {
        path.starts_with(&self.bundle_prefix)
            .then_some(if self.hashed { FOREVER } else { ASK_EACH_TIME })
    }
}

pub async fn cache_headers(
    State(policy): State<CachePolicy>,
    request: Request,
    next: Next,
) -> Response {
    let value = policy.for_path(request.uri().path());
    let mut response = next.run(request).await;
    let fresh = response.status().is_success() || response.status() == StatusCode::NOT_MODIFIED;
    if let (Some(value), true) = (value, fresh) {
        response
            .headers_mut()
            .insert(CACHE_CONTROL, HeaderValue::from_static(value));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(hashed: bool) -> CachePolicy {
        let options = LeptosOptions::builder()
            .output_name("lovebank")
            .hash_files(hashed)
            .build();
        CachePolicy::from_options(&options)
    }

    #[test]
    fn hashed_bundle_files_are_kept_a_year_and_nothing_else_is() {
        let hashed = policy(true);
        assert_eq!(hashed.for_path("/pkg/lovebank.abc.wasm"), Some(FOREVER));
        assert_eq!(hashed.for_path("/pkg/lovebank.abc.js"), Some(FOREVER));
        assert_eq!(hashed.for_path("/volunteer"), None);
        assert_eq!(hashed.for_path("/pkgs/other.js"), None);
        assert_eq!(hashed.for_path("/sw.js"), None);
    }

    #[test]
    fn unhashed_bundle_files_are_asked_for_each_time() {
        assert_eq!(
            policy(false).for_path("/pkg/lovebank.wasm"),
            Some(ASK_EACH_TIME)
        );
    }
}
