//! The one door pages use to the offline ledger: who is signed in on this browser, their local
//! lines, what is waiting, and how the last sync went — as signals — plus capture and sync.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::error::LocalError;
use super::lines::LocalLine;
use crate::api::ApiError;
use crate::domain::account::Me;
use crate::domain::command::Command;
use crate::domain::json::JsonText;
use crate::domain::ledger::Passbook;
use crate::domain::person::FileView;
use crate::domain::wall::WallView;
use crate::domain::Lang;

/// Why the last sync did not finish.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SyncProblem {
    /// The session ended (expired, or signed out elsewhere): entries wait for the next sign-in.
    SignedOut,
    /// No network, or the server did not answer: the runner tries again by itself.
    Unreachable,
    /// The server answered with an error.
    Server(ApiError),
    /// The browser's database failed.
    Local(LocalError),
    /// This browser does not hold what the server holds for the person (data cleared or lost).
    Mismatch { held: u64, server: u64 },
}

impl SyncProblem {
    /// The problem's sentence; `None` for an error the server answered, which is the server's
    /// own sentence (`ui::kit::error_text::ErrorText` words it).
    pub fn message(&self, lang: Lang) -> Option<String> {
        Some(match (self, lang) {
            (SyncProblem::SignedOut, Lang::Zh) => {
                "登录已过期，请重新登录；未发送的记录仍保存在本机，登录后自动同步。".into()
            }
            (SyncProblem::SignedOut, Lang::En) => {
                "Your session has ended: sign in again. Unsent entries stay on this device and sync after you sign in.".into()
            }
            (SyncProblem::Unreachable, Lang::Zh) => {
                "暂时连不上服务器，记录已保存在本机，稍后自动重试。".into()
            }
            (SyncProblem::Unreachable, Lang::En) => {
                "The server cannot be reached; entries are kept on this device and sync later by themselves.".into()
            }
            (SyncProblem::Server(_), _) => return None,
            (SyncProblem::Local(e), lang) => e.message(lang),
            (SyncProblem::Mismatch { held, server }, Lang::Zh) => format!(
                "本机记录（{held} 条）与服务器（{server} 条）不一致，已通知社区工作人员核对。"
            ),
            (SyncProblem::Mismatch { held, server }, Lang::En) => format!(
                "This device holds {held} entries, the server {server}; staff have been told to check."
            ),
        })
    }

    pub fn from_api(error: ApiError) -> SyncProblem {
        match error {
            ApiError::SignedOut => SyncProblem::SignedOut,
            ApiError::Transport(_) | ApiError::Unavailable => SyncProblem::Unreachable,
            other => SyncProblem::Server(other),
        }
    }
}

impl From<LocalError> for SyncProblem {
    fn from(e: LocalError) -> Self {
        SyncProblem::Local(e)
    }
}

impl From<ApiError> for SyncProblem {
    fn from(e: ApiError) -> Self {
        SyncProblem::from_api(e)
    }
}

/// The state of the offline ledger for the page. `Copy`: signals only.
#[derive(Clone, Copy)]
pub struct SyncHandle {
    /// Who is signed in on this browser (remembered offline).
    pub me: RwSignal<Option<Me>>,
    /// The person's lines on this device, newest first.
    pub lines: RwSignal<Vec<LocalLine>>,
    /// The person's entries not yet acknowledged.
    pub waiting: RwSignal<usize>,
    /// Entries of other people who used this browser, waiting for them to sign in again.
    pub others_waiting: RwSignal<usize>,
    /// When the last sync finished, milliseconds since the epoch.
    pub last_sync: RwSignal<Option<f64>>,
    pub running: RwSignal<bool>,
    /// During a long sync: what has been done so far, e.g. (sent, pulled).
    pub progress: RwSignal<Option<(usize, usize)>>,
    pub problem: RwSignal<Option<SyncProblem>>,
    /// The local database has been read (until then the page shows "loading").
    pub loaded: RwSignal<bool>,
    /// The server's copy of the person's passbook, as of the last sync (kept for offline use).
    pub passbook: RwSignal<Option<Passbook>>,
    /// The person's file, as of the last sync: kept as text, read by the pages that show it
    /// (see [`JsonText`]).
    pub file: RwSignal<Option<JsonText<FileView>>>,
    /// The wall of the person's community, as of the last sync, kept as text like the file.
    pub wall: RwSignal<Option<JsonText<WallView>>>,
    /// The service categories, as of the last sync (`None`: never synced; the forms offer the
    /// seeded eight).
    pub categories: RwSignal<Option<Vec<crate::domain::Category>>>,
    /// Whether the browser promised to keep this site's data (`None`: not asked or unknown).
    /// Refused, a browser may clear unsent entries to make room: the page says so.
    pub persisted: RwSignal<Option<bool>>,
}

/// Where the signed-in person is remembered, so the app knows them offline.
pub const ME_KEY: &str = "lovebank.me";

/// Creates the handle; in the browser, opens the local database and starts the runner. Call
/// once, at the root.
pub fn provide_sync() -> SyncHandle {
    let handle = SyncHandle {
        me: RwSignal::new(None),
        lines: RwSignal::new(Vec::new()),
        waiting: RwSignal::new(0),
        others_waiting: RwSignal::new(0),
        last_sync: RwSignal::new(None),
        running: RwSignal::new(false),
        progress: RwSignal::new(None),
        problem: RwSignal::new(None),
        loaded: RwSignal::new(false),
        passbook: RwSignal::new(None),
        file: RwSignal::new(None),
        wall: RwSignal::new(None),
        categories: RwSignal::new(None),
        persisted: RwSignal::new(None),
    };
    provide_context(handle);
    #[cfg(feature = "hydrate")]
    crate::hydration::after_hydration(move || super::runner::start(handle));
    handle
}

pub fn use_sync() -> SyncHandle {
    use_context::<SyncHandle>().unwrap_or_else(provide_sync)
}

impl SyncHandle {
    /// Writes an entry of the signed-in person to this browser's database (durably), shows it,
    /// and asks the runner to send it; returns the entry's id. Fails (and nothing is saved)
    /// without a person or storage.
    pub async fn capture(self, command: &Command) -> Result<String, LocalError> {
        #[cfg(feature = "hydrate")]
        {
            super::runner::capture(self, command).await
        }
        #[cfg(not(feature = "hydrate"))]
        {
            let _ = command;
            Err(LocalError::Unavailable("server".into()))
        }
    }

    /// The passbook as the page shows it: the server's last copy merged with what is still only
    /// on this phone, recomputed when either changes.
    pub fn passbook_view(self) -> Memo<super::passbook::PassbookView> {
        Memo::new(move |_| {
            self.passbook.with(|server| {
                self.lines
                    .with(|local| super::passbook::passbook_view(server.as_ref(), local))
            })
        })
    }

    /// Asks for a sync now (a button; also called by every trigger).
    pub fn sync_now(self) {
        #[cfg(feature = "hydrate")]
        super::runner::kick(self);
    }

    /// Remembers the person who just signed in, asks the browser to keep this site's data, and
    /// syncs their waiting entries.
    pub fn signed_in(self, me: Me) {
        #[cfg(feature = "hydrate")]
        super::runner::signed_in(self, me);
        #[cfg(not(feature = "hydrate"))]
        let _ = me;
    }

    /// Forgets who is signed in (their unsent entries stay, bound to them).
    pub fn signed_out(self) {
        #[cfg(feature = "hydrate")]
        super::runner::signed_out(self);
    }

    /// Everything of the person this browser has not got onto the server (waiting and
    /// quarantined entries), as JSON to save as a file.
    pub async fn unsent_json(self) -> Result<String, LocalError> {
        #[cfg(feature = "hydrate")]
        {
            super::runner::unsent_json(self).await
        }
        #[cfg(not(feature = "hydrate"))]
        {
            Err(LocalError::Unavailable("server".into()))
        }
    }
}
