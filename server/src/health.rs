use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::Serialize;

use crate::AppState;

#[derive(Serialize)]
pub struct Health {
    status: &'static str,
    database: &'static str,
    /// The newest schema version applied, and the one this build expects.
    schema: Option<i64>,
    expected_schema: i64,
    /// Whether the sub-district exists (`server init` or demo data).
    initialised: Option<bool>,
    version: &'static str,
}

/// `GET /healthz`, for load balancers, supervisors and the kiosk's watchdog: 200 when the
/// database answers, carries the schema this build expects and holds a sub-district; 503
/// otherwise, saying which.
pub async fn healthz(State(state): State<AppState>) -> (StatusCode, Json<Health>) {
    let store = &state.store;
    let expected_schema = store.expected_schema_version();
    let mut health = Health {
        status: "degraded",
        database: "unreachable",
        schema: None,
        expected_schema,
        initialised: None,
        version: env!("CARGO_PKG_VERSION"),
    };
    if let Err(e) = store.ping().await {
        tracing::error!(error = %e, "health check: database unreachable");
        return (StatusCode::SERVICE_UNAVAILABLE, Json(health));
    }
    health.database = "ok";
    health.schema = store.schema_version().await.ok();
    health.initialised = store.is_initialised().await.ok();
    let ready = health.schema == Some(expected_schema) && health.initialised == Some(true);
    if ready {
        health.status = "ok";
        (StatusCode::OK, Json(health))
    } else {
        if health.schema != Some(expected_schema) {
            health.database = "not migrated";
        } else {
            health.database = "empty";
        }
        (StatusCode::SERVICE_UNAVAILABLE, Json(health))
    }
}
