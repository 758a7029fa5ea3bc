//! The storage port the server functions call (server only). The server crate provides the
//! implementations (SQLite now; PostgreSQL for large deployments) and puts one in the Leptos
//! context as `Arc<dyn Store>`.

use std::sync::Arc;

use crate::api::ApiError;
use crate::domain::Overview;

/// A storage failure. The cause is for the server log; callers only learn that it failed.
#[derive(Debug, thiserror::Error)]
#[error("store failure: {0}")]
pub struct StoreError(pub String);

impl From<StoreError> for ApiError {
    fn from(_: StoreError) -> Self {
        ApiError::Unavailable
    }
}

#[async_trait::async_trait]
pub trait Store: Send + Sync + 'static {
    /// Succeeds when the database answers (for `/healthz`).
    async fn ping(&self) -> Result<(), StoreError>;

    /// The sub-district at a glance: per community, volunteers, households, open wishes and
    /// verified service time.
    async fn overview(&self) -> Result<Overview, StoreError>;
}

/// The store of this request, put in the context by the server.
pub fn from_context() -> Result<Arc<dyn Store>, ApiError> {
    leptos::prelude::use_context::<Arc<dyn Store>>().ok_or(ApiError::Unavailable)
}
