//! What can go wrong with the browser's own database, in words a person understands.

use serde::{Deserialize, Serialize};

use crate::domain::Lang;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum LocalError {
    /// No IndexedDB (a private window in some browsers, or storage switched off).
    #[error("local storage unavailable: {0}")]
    Unavailable(String),
    /// The browser refused to store more.
    #[error("storage quota exceeded")]
    QuotaExceeded,
    /// A stored value could not be read back.
    #[error("local data unreadable: {0}")]
    Corrupt(String),
    #[error("local storage failed: {0}")]
    Failed(String),
    /// A newer version of the app opened the database in another tab; this page let go of it.
    #[error("the app was updated in another tab")]
    Upgraded,
    /// Someone else signed in (or out) in another tab since this page last looked: nothing was
    /// saved, and the page now follows the new session.
    #[error("the signed-in person changed in another tab")]
    SessionChanged,
}

impl LocalError {
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (LocalError::Unavailable(_), Lang::Zh) => {
                "此浏览器无法在本机保存数据（可能是无痕模式或存储被关闭），离线登记不可用。".into()
            }
            (LocalError::Unavailable(_), Lang::En) => {
                "This browser cannot keep data on the device (private mode or storage switched off); offline entry is unavailable.".into()
            }
            (LocalError::QuotaExceeded, Lang::Zh) => {
                "手机存储空间不足，本条没有保存。请清理空间后重试，或先联网同步。".into()
            }
            (LocalError::QuotaExceeded, Lang::En) => {
                "The phone's storage is full; this entry was NOT saved. Free some space, or sync first.".into()
            }
            (LocalError::Corrupt(detail), Lang::Zh) => format!("本机数据无法读取：{detail}"),
            (LocalError::Corrupt(detail), Lang::En) => format!("Local data unreadable: {detail}"),
            (LocalError::Failed(detail), Lang::Zh) => format!("本机保存失败，本条没有保存：{detail}"),
            (LocalError::Upgraded, Lang::Zh) => {
                "爱心银行已在另一个页面更新，请刷新本页面后继续；已保存的记录不会丢失。".into()
            }
            (LocalError::Upgraded, Lang::En) => {
                "Love Bank was updated in another tab: reload this page to go on. Nothing saved is lost.".into()
            }
            (LocalError::SessionChanged, Lang::Zh) => {
                "另一个页面已切换了登录账号，本条没有保存。请确认当前账号后重新填写。".into()
            }
            (LocalError::SessionChanged, Lang::En) => {
                "Someone else signed in in another tab; this entry was NOT saved. Check who is signed in and enter it again.".into()
            }
            (LocalError::Failed(detail), Lang::En) => {
                format!("Saving on this device failed; the entry was NOT saved: {detail}")
            }
        }
    }

    /// Sorts a browser error by what the person can do about it.
    pub fn from_browser(detail: String) -> LocalError {
        if detail.contains("QuotaExceeded") {
            LocalError::QuotaExceeded
        } else {
            LocalError::Failed(detail)
        }
    }
}
