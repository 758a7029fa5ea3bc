use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use leptos::server_fn::Bytes;
use serde::{Deserialize, Serialize};

use crate::domain::activity::ActivityError;
use crate::domain::administration::AdministrationError;
use crate::domain::application::ApplicationError;
use crate::domain::ledger::LedgerError;
use crate::domain::wish::ClaimError;
use crate::domain::{Lang, ValidationError, ValidationErrors};

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
    /// Wrong login or password. Deliberately the same whether or not the account exists.
    #[error("sign-in failed")]
    SignInFailed,
    /// Too many failed sign-ins for this login: wait before trying again.
    #[error("too many attempts; retry in {retry_after_secs} s")]
    TooManyAttempts { retry_after_secs: u64 },
    /// The input broke a rule of its fields; each error names its field.
    #[error("invalid input: {0}")]
    Invalid(ValidationErrors),
    /// A ledger rule refused the action.
    #[error("refused: {0}")]
    Ledger(LedgerError),
    /// A claim on a wish was refused (most often: someone else was first).
    #[error("claim refused: {0}")]
    Claim(ClaimError),
    /// An activity could not be changed or closed.
    #[error("activity refused: {0}")]
    Activity(ActivityError),
    /// What was asked for does not exist (or the caller may not know it exists).
    #[error("not found")]
    NotFound,
    /// The server could not reach its database; details are in the server log, not here.
    #[error("the service is temporarily unavailable")]
    Unavailable,
    /// The device id of a push belongs to another person (the first one who pushed with it): the
    /// device goes on under a new id of its own.
    #[error("the device id belongs to another person")]
    DeviceTaken,
    /// The account was deactivated by staff (moved away, deceased): told only after the right
    /// password, so a stranger learns nothing from it.
    #[error("the account is deactivated")]
    AccountClosed,
    /// This kiosk's token was revoked by staff: the screen must be registered again.
    #[error("the kiosk was revoked")]
    KioskRevoked,
    /// A rule of running the sub-district refused the change (the last admin, a retired
    /// community).
    #[error("refused: {0}")]
    Administration(AdministrationError),
    /// An online application (开户申请): waiting or declined (told at sign-in, after the right
    /// password), or refused when sent.
    #[error("application: {0}")]
    Application(ApplicationError),
    /// The request never got a proper answer: offline, timed out, or garbled on the way.
    #[error("request failed: {0}")]
    Transport(String),
    /// A refusal by one of the bank's rules (`Invalid`, `Ledger`, `Claim`, `Activity`,
    /// `Administration`, `Application`) as the server's JSON, not read yet. The browser reads a
    /// server function's error with [`ApiError::from_wire`], which leaves refusals so: the first
    /// chunk every phone downloads then carries neither the readers nor the sentences of every
    /// rule. [`ApiError::typed`] reads one; [`ApiError::message`] words it. Never sent.
    #[serde(skip)]
    #[error("refused: {0}")]
    Unread(String),
}

/// The errors the browser's first chunk reads itself: those without a rule's error inside.
#[derive(Deserialize)]
enum OwnError {
    SignedOut,
    Forbidden,
    SignInFailed,
    TooManyAttempts { retry_after_secs: u64 },
    NotFound,
    Unavailable,
    DeviceTaken,
    AccountClosed,
    KioskRevoked,
    Transport(String),
}

impl From<OwnError> for ApiError {
    fn from(e: OwnError) -> Self {
        match e {
            OwnError::SignedOut => ApiError::SignedOut,
            OwnError::Forbidden => ApiError::Forbidden,
            OwnError::SignInFailed => ApiError::SignInFailed,
            OwnError::TooManyAttempts { retry_after_secs } => {
                ApiError::TooManyAttempts { retry_after_secs }
            }
            OwnError::NotFound => ApiError::NotFound,
            OwnError::Unavailable => ApiError::Unavailable,
            OwnError::DeviceTaken => ApiError::DeviceTaken,
            OwnError::AccountClosed => ApiError::AccountClosed,
            OwnError::KioskRevoked => ApiError::KioskRevoked,
            OwnError::Transport(why) => ApiError::Transport(why),
        }
    }
}

/// The variants that carry a rule's error, as they are named in JSON.
const REFUSALS: [&str; 6] = [
    "Invalid",
    "Ledger",
    "Claim",
    "Activity",
    "Administration",
    "Application",
];

/// Whether `text` is a JSON object whose first key names one of [`REFUSALS`].
fn names_a_refusal(text: &str) -> bool {
    text.trim_start()
        .strip_prefix('{')
        .map(str::trim_start)
        .and_then(|rest| rest.strip_prefix('"'))
        .and_then(|rest| rest.split_once('"'))
        .is_some_and(|(name, _)| REFUSALS.contains(&name))
}

impl ApiError {
    /// An error as the server sent it (JSON): the errors of signing in, sessions and transport
    /// read at once, a refusal by a rule kept as [`ApiError::Unread`], anything else (a proxy's
    /// error page, say) a [`ApiError::Transport`] failure.
    pub fn from_wire(bytes: &[u8]) -> ApiError {
        std::str::from_utf8(bytes)
            .ok()
            .and_then(ApiError::read_kept)
            .unwrap_or_else(|| ApiError::Transport(unreadable_answer()))
    }

    /// An error kept as the server's JSON (a refused entry's reason), read as
    /// [`ApiError::from_wire`] reads one; `None` when the text is not such an error.
    pub fn read_kept(text: &str) -> Option<ApiError> {
        if let Ok(own) = crate::domain::json::from_json::<OwnError>(text) {
            return Some(own.into());
        }
        names_a_refusal(text).then(|| ApiError::Unread(text.to_string()))
    }

    /// The error with a refusal read ([`ApiError::Unread`] becomes the rule's error it holds);
    /// every other error as it is. Call it before matching on a refusal's variant.
    pub fn typed(self) -> ApiError {
        match self {
            ApiError::Unread(text) => crate::domain::json::from_json::<ApiError>(&text)
                .unwrap_or_else(|_| ApiError::Transport(unreadable_answer())),
            other => other,
        }
    }

    /// A sentence for the person in front of the screen.
    pub fn message(&self, lang: Lang) -> String {
        if let Some(own) = self.own_message(lang) {
            return own;
        }
        match self {
            ApiError::Invalid(errors) => errors
                .0
                .iter()
                .map(|e| e.message(lang))
                .collect::<Vec<_>>()
                .join(" "),
            ApiError::Ledger(e) => e.message(lang),
            ApiError::Claim(e) => e.message(lang).into(),
            ApiError::Activity(e) => e.message(lang).into(),
            ApiError::Administration(e) => e.message(lang).into(),
            ApiError::Application(e) => e.message(lang),
            // `typed` never answers `Unread`.
            unread => unread.clone().typed().message(lang),
        }
    }

    /// The sentence of an error that is not a refusal by a rule; `None` for a refusal, which
    /// [`ApiError::message`] words (in the browser's first chunk: `ui::kit::error_text`).
    pub fn own_message(&self, lang: Lang) -> Option<String> {
        Some(match self {
            ApiError::SignedOut => lang.pick("请先登录。", "Please sign in first.").into(),
            ApiError::Forbidden => lang
                .pick(
                    "您的账号无权进行此操作。",
                    "Your account is not allowed to do this.",
                )
                .into(),
            ApiError::SignInFailed => lang
                .pick(
                    "手机号/用户名或密码不正确。",
                    "The phone number/username or the password is not correct.",
                )
                .into(),
            ApiError::TooManyAttempts { retry_after_secs } => match lang {
                Lang::Zh => format!("尝试次数过多，请{retry_after_secs}秒后再试。"),
                Lang::En => format!("Too many attempts. Try again in {retry_after_secs} seconds."),
            },
            ApiError::NotFound => lang.pick("找不到要找的内容。", "Not found.").into(),
            ApiError::Unavailable => lang
                .pick(
                    "服务暂时不可用，请稍后再试。",
                    "The service is temporarily unavailable. Please try again later.",
                )
                .into(),
            ApiError::DeviceTaken => lang
                .pick(
                    "这台设备的编号属于另一位志愿者，本机将换用新编号后重新同步。",
                    "This device's id belongs to another volunteer; it will sync again under a new id.",
                )
                .into(),
            ApiError::AccountClosed => lang
                .pick(
                    "此账户已停用。如需恢复，请联系所在社区的工作人员。",
                    "This account has been deactivated. Ask your community's staff to restore it.",
                )
                .into(),
            ApiError::KioskRevoked => lang
                .pick(
                    "这块大屏已被社区工作人员停用。如需继续使用，请工作人员重新登记。",
                    "This screen was revoked by the community's staff. Staff must register it again.",
                )
                .into(),
            ApiError::Transport(_) => lang
                .pick(
                    "连接不上服务器，请检查网络后重试。",
                    "Could not reach the server. Check the network and try again.",
                )
                .into(),
            ApiError::Invalid(_)
            | ApiError::Ledger(_)
            | ApiError::Claim(_)
            | ApiError::Activity(_)
            | ApiError::Administration(_)
            | ApiError::Application(_)
            | ApiError::Unread(_) => return None,
        })
    }
}

/// What a garbled answer becomes.
fn unreadable_answer() -> String {
    "the server's answer could not be read".into()
}

impl From<ValidationError> for ApiError {
    fn from(e: ValidationError) -> Self {
        ApiError::Invalid(e.into())
    }
}

impl From<ValidationErrors> for ApiError {
    fn from(e: ValidationErrors) -> Self {
        ApiError::Invalid(e)
    }
}

impl From<AdministrationError> for ApiError {
    fn from(e: AdministrationError) -> Self {
        ApiError::Administration(e)
    }
}

impl From<LedgerError> for ApiError {
    fn from(e: LedgerError) -> Self {
        ApiError::Ledger(e)
    }
}

impl FromServerFnError for ApiError {
    type Encoder = JsonEncoding;

    fn de(data: Bytes) -> Self {
        ApiError::from_wire(&data)
    }

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        // The text may quote the request (an unknown value of 60,000 characters, say): keep
        // the answer short whatever was sent.
        ApiError::Transport(value.to_string().chars().take(300).collect())
    }
}

#[cfg(test)]
mod tests;
