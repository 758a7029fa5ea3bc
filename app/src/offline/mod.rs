//! The offline-first ledger in the browser. What a person enters is written to IndexedDB first
//! (`local_db`), shown at once, and sent by one sync runner per browser (`runner`) when the
//! network allows. Pages talk to [`SyncHandle`] only.
//!
//! `lines` and `error` are plain logic compiled everywhere; the IndexedDB code and the runner
//! exist only in the browser build.

pub mod error;
pub mod handle;
pub mod lines;
#[cfg(feature = "hydrate")]
pub mod local_db;
pub mod offline_copy;
#[cfg(feature = "hydrate")]
mod outbox_push;
pub mod passbook;
#[cfg(feature = "hydrate")]
mod runner;
#[cfg(feature = "hydrate")]
pub mod service_worker;
#[cfg(feature = "hydrate")]
mod sync_once;
#[cfg(feature = "hydrate")]
mod tabs;
pub mod wall;
#[cfg(feature = "hydrate")]
mod web_lock;

pub use error::LocalError;
pub use handle::{provide_sync, use_sync, SyncHandle, SyncProblem};
pub use lines::{LocalLine, LocalState};
pub use offline_copy::{provide_offline_copy, use_offline_copy, OfflineCopy};
pub use wall::{wall_notes, WallNote};
