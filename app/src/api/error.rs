use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

use crate::domain::Lang;

/// Every way a server function can fail, as the caller sees it: typed end to end, so the browser
/// can show a sentence a person understands instead of a status code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum ApiError {
    /// The caller is not signed in (or the session expired).
    #[error("not signed in")]
    SignedOut,
    /// The caller is signed in but their role does not allow this.
    #[error("not allowed for this role")]
    Forbidden,
    /// The server could not reach its database; details are in the server log, not here.
    #[error("the service is temporarily unavailable")]
    Unavailable,
    /// The request never got a proper answer: offline, timed out, or garbled on the way.
    #[error("request failed: {0}")]
    Transport(String),
}

impl ApiError {
    /// A sentence for the person in front of the screen.
    pub fn message(&self, lang: Lang) -> &'static str {
        match self {
            ApiError::SignedOut => lang.pick("请先登录。", "Please sign in first."),
            ApiError::Forbidden => lang.pick(
                "您的账号无权进行此操作。",
                "Your account is not allowed to do this.",
            ),
            ApiError::Unavailable => lang.pick(
                "服务暂时不可用，请稍后再试。",
                "The service is temporarily unavailable. Please try again later.",
            ),
            ApiError::Transport(_) => lang.pick(
                "连接不上服务器，请检查网络后重试。",
                "Could not reach the server. Check the network and try again.",
            ),
        }
    }
}

impl FromServerFnError for ApiError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        ApiError::Transport(value.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_has_a_message_in_both_languages() {
        let all = [
            ApiError::SignedOut,
            ApiError::Forbidden,
            ApiError::Unavailable,
            ApiError::Transport("x".into()),
        ];
        for e in all {
            let zh = e.message(Lang::Zh);
            let en = e.message(Lang::En);
            assert!(!zh.is_empty() && !en.is_empty());
            assert_ne!(zh, en, "{e:?} is not translated");
        }
    }
}
