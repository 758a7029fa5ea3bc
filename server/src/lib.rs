//! The Love Bank server: configuration, the HTTP router, the stores and the demo data.
//! `main.rs` only wires these together, so the integration tests can start the same router.

pub mod accounts;
pub mod api_status;
pub mod cache_policy;
pub mod chunk_pack;
pub mod city;
pub mod config;
pub mod demo;
pub mod export;
pub mod hash_pool;
pub mod health;
pub mod init;
pub mod router;
pub mod security;
pub mod serve;
pub mod service_worker;
pub mod store;
pub mod telemetry;
pub mod throttle;

pub use config::{Config, Task};
pub use router::{app_router, AppState};
pub use security::SecurityPolicy;
