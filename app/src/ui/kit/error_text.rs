//! An error's sentence in the person's language, for the pages of the first chunk (sign-in, the
//! passbook, the sync bar). Errors of signing in, of the session and of the network are worded at
//! once. A refusal by one of the bank's rules is worded by its own chunk (`__error_text`, which
//! holds every rule's reader and sentences), fetched the first time a refusal is shown and kept by
//! the service worker for offline use. Lazy pages call [`ApiError::message`] directly.

use leptos::prelude::*;

use crate::api::ApiError;
use crate::domain::Lang;
use crate::ui::shell::language::use_lang;

#[component]
pub fn ErrorText(error: ApiError) -> impl IntoView {
    let lang = use_lang();
    if error.own_message(Lang::Zh).is_some() {
        return (move || error.own_message(lang.get()).unwrap_or_default()).into_any();
    }
    // A signal and a task rather than a `LocalResource`: the resource machinery would be about
    // 20 KB (before optimisation) more in the first chunk, for one sentence.
    let sentence = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        let (error, lang) = (error.clone(), lang.get());
        leptos::task::spawn_local(async move {
            sentence.set(Some(refusal_sentence(error, lang).await));
        });
    });
    (move || sentence.get()).into_any()
}

/// The sentence of a refusal, worded by the error chunk; a general sentence when that chunk
/// cannot be fetched (offline, before the service worker kept it).
pub async fn refusal_sentence(error: ApiError, lang: Lang) -> String {
    #[cfg(feature = "split")]
    {
        split::sentence(error, lang)
            .await
            .unwrap_or_else(|_| not_worded(lang).to_string())
    }
    #[cfg(not(feature = "split"))]
    {
        error.message(lang)
    }
}

/// Said of a refusal whose sentence cannot be fetched.
pub fn not_worded(lang: Lang) -> &'static str {
    lang.pick(
        "操作未被接受。联网后可以看到具体原因。",
        "Not accepted. The reason shows once the phone is online.",
    )
}

#[cfg(feature = "split")]
mod split {
    use leptos::wasm_split::{wasm_split, SplitLoaderError};

    use super::*;

    #[wasm_split(__error_text, wasm_split_path = ::leptos::wasm_split, fallible)]
    pub fn sentence(error: ApiError, lang: Lang) -> Result<String, SplitLoaderError> {
        Ok(error.message(lang))
    }
}
