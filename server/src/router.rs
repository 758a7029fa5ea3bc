use std::sync::Arc;

use app::api::ports::{Accounts, Store};
use app::{shell, App};
use axum::extract::FromRef;
use axum::routing::get;
use axum::Router;
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use leptos_axum::{
    file_and_error_handler_with_context, generate_route_list, AxumRouteListing, LeptosRoutes,
};
use std::sync::OnceLock;
use std::time::Duration;

use axum::http::StatusCode;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::security::SecurityPolicy;
use crate::service_worker::{self, ServiceWorker};

/// The longest a request may take, body included (a push of 500 entries takes well under a
/// second; a slow client sending its body byte by byte is cut off here).
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);

/// What every request handler can reach.
#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub store: Arc<dyn Store>,
    pub accounts: Arc<dyn Accounts>,
    pub service_worker: Arc<ServiceWorker>,
    pub security: SecurityPolicy,
    /// The install's sub-districts when it may run several (the server always; tests of one
    /// sub-district leave it out and are served from `store` and `accounts`).
    pub sub_districts: Option<Arc<crate::city::SubDistricts>>,
}

/// The app's routes, listed once per process. Listing renders the whole app with resource loading
/// switched off for the *process* (leptos_server's `SuppressResourceLoad` is one global flag), so a
/// page that starts loading data on another thread meanwhile would wait forever. Listing once,
/// before any router exists, leaves no page to catch.
fn route_list() -> Vec<AxumRouteListing> {
    static ROUTES: OnceLock<Vec<AxumRouteListing>> = OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// The whole HTTP surface: pages (server-rendered), server functions, `/sw.js`, `/healthz` and
/// static files. Built by a function so tests start exactly what production runs.
pub fn app_router(state: AppState) -> Router {
    let routes = route_list();
    let store = state.store.clone();
    let accounts = state.accounts.clone();
    let context = move || {
        provide_context(store.clone());
        provide_context(accounts.clone());
    };
    let options = state.leptos_options.clone();
    let cache_policy = crate::cache_policy::CachePolicy::from_options(&options);

    let sub_districts = state.sub_districts.clone();
    let router = Router::new()
        .route("/healthz", get(crate::health::healthz))
        .route("/sw.js", get(service_worker::serve))
        .route("/sw-chunks/{group}", get(service_worker::chunk_list))
        .route("/sw-pack/{group}", get(crate::chunk_pack::serve))
        .route("/export/{file}", get(crate::export::export))
        .leptos_routes_with_context(&state, routes, context.clone(), move || {
            shell(options.clone())
        })
        .fallback(file_and_error_handler_with_context::<AppState, _>(
            context, shell,
        ));
    let router = match sub_districts {
        Some(sub_districts) => router.layer(axum::middleware::from_fn_with_state(
            sub_districts,
            crate::city::route_to_sub_district,
        )),
        None => router,
    };
    router
        .layer(axum::middleware::from_fn(crate::api_status::error_status))
        // No input may drop a connection: a panic becomes a logged 500 with a plain message.
        .layer(CatchPanicLayer::custom(crate::api_status::panic_answer))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        .layer(axum::middleware::from_fn(crate::security::same_origin))
        // Precompressed bundle files (`.br`, `.gz` beside them) are sent as they are: the layer
        // leaves an answer that already has a Content-Encoding alone.
        .layer(CompressionLayer::new())
        .layer(axum::middleware::from_fn_with_state(
            cache_policy,
            crate::cache_policy::cache_headers,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.security,
            crate::security::headers,
        ))
        .layer(TraceLayer::new_for_http().on_failure(
            // A 5xx a client can provoke (a burst of sign-ins told to try again) must not write
            // unbounded ERROR lines: warn, at most a few a minute.
            |failure: tower_http::classify::ServerErrorsFailureClass,
             latency: Duration,
             _span: &tracing::Span| {
                if crate::telemetry::loud_line_allowed() {
                    tracing::warn!(%failure, latency_ms = latency.as_millis() as u64, "request failed");
                }
            },
        ))
        .with_state(state)
}
