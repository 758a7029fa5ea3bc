//! The sync state, always in view on the volunteer's pages: what waits on this phone, when the
//! last sync was, progress during a long one, what went wrong, and an escape hatch to export
//! what has not been sent.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::domain::clock::{china_clock, china_today, mm_dd};
use crate::i18n::Text;
use crate::offline::{use_offline_copy, use_sync, OfflineCopy, SyncProblem};
use crate::ui::kit::error_text::ErrorText;
use crate::ui::shell::language::use_lang;

#[component]
pub fn SyncBar() -> impl IntoView {
    let lang = use_lang();
    let sync = use_sync();
    let pick = move |zh: &'static str, en: &'static str| move || lang.get().pick(zh, en);
    let waiting_text = move || {
        let n = sync.waiting.get();
        match (n, lang.get()) {
            (0, l) => l.pick("全部已同步", "Everything is synced").to_string(),
            (n, crate::domain::Lang::Zh) => format!("{n} 条等待同步"),
            (n, crate::domain::Lang::En) => format!("{n} waiting to sync"),
        }
    };
    let last_text = move || match sync.last_sync.get() {
        None => lang.get().pick("尚未同步", "Never synced").to_string(),
        Some(ms) => {
            let when = chrono::DateTime::from_timestamp_millis(ms as i64)
                .map(|t| format!("{} {}", mm_dd(&china_today(t)), china_clock(t)))
                .unwrap_or_default();
            format!("{}{when}", lang.get().pick("上次同步：", "Last sync: "))
        }
    };
    let progress_text = move || {
        sync.progress.get().map(|(sent, pulled)| match lang.get() {
            crate::domain::Lang::Zh => format!("同步中：已发送 {sent} 条，已接收 {pulled} 条"),
            crate::domain::Lang::En => format!("Syncing: {sent} sent, {pulled} received"),
        })
    };
    let others_text = move || {
        let n = sync.others_waiting.get();
        (n > 0).then(|| match lang.get() {
            crate::domain::Lang::Zh => {
                format!("另有 {n} 条其他账号在本机登记的记录，将在其本人登录后同步。")
            }
            crate::domain::Lang::En => format!(
                "{n} entries of another account on this device will sync when that person signs in."
            ),
        })
    };
    // Only worth a word while something waits on this phone alone.
    let storage_text = move || {
        (sync.persisted.get() == Some(false) && sync.waiting.get() > 0).then(|| {
            lang.get().pick(
                "注意：浏览器没有承诺长期保存本机数据，清理浏览器数据会删除未同步的记录。请尽快联网同步。",
                "Note: this browser did not promise to keep local data; clearing it would delete unsent entries. Sync soon.",
            )
        })
    };
    // Whether the phone can open every volunteer page without a network (the log form and the
    // wall are their own downloads, kept by the service worker after the first visit).
    let offline_copy = use_offline_copy();
    let offline_copy_text = move || {
        let (state, text) = match offline_copy.get() {
            OfflineCopy::Unknown => return None,
            OfflineCopy::Preparing => ("preparing", Text::OfflinePreparing),
            OfflineCopy::Ready => ("ready", Text::OfflineReady),
            OfflineCopy::Incomplete => ("incomplete", Text::OfflineIncomplete),
        };
        Some((state, text.get(lang.get())))
    };
    let export_error = RwSignal::new(None::<String>);
    let export = move |_| {
        spawn_local(async move {
            match sync.unsent_json().await {
                Ok(json) => download("lovebank-unsent.json", &json),
                Err(e) => export_error.set(Some(e.message(lang.get_untracked()))),
            }
        });
    };
    view! {
        <div class="sync-bar" data-testid="sync-bar" aria-live="polite">
            <span
                class="sync-waiting"
                class:pending=move || 0 < sync.waiting.get()
                data-testid="sync-waiting"
                data-count=move || sync.waiting.get().to_string()
            >
                {waiting_text}
            </span>
            <span class="sync-last" data-testid="sync-last">{last_text}</span>
            {move || offline_copy_text().map(|(state, text)| view! {
                <span class="sync-offline-copy" data-testid="offline-copy" data-state=state>{text}</span>
            })}
            {move || sync.running.get().then(|| view! {
                <span class="sync-running" data-testid="sync-running">
                    <progress></progress>
                    {progress_text}
                </span>
            })}
            <span class="sync-actions">
                <button type="button" on:click=move |_| sync.sync_now() data-testid="sync-now">
                    {pick("立即同步", "Sync now")}
                </button>
                <button type="button" on:click=export data-testid="export-unsent">
                    {pick("导出未发送记录", "Export unsent")}
                </button>
            </span>
            {move || sync.problem.get().map(|p| view! {
                <p class="sync-problem" role="alert" data-testid="sync-problem">{match p {
                    SyncProblem::Server(e) => view! { <ErrorText error=e/> }.into_any(),
                    other => (move || other.message(lang.get())).into_any(),
                }}</p>
            })}
            {move || others_text().map(|t| view! { <p class="hint" data-testid="others-waiting">{t}</p> })}
            {move || storage_text().map(|t| view! { <p class="hint warn" data-testid="storage-not-persisted">{t}</p> })}
            {move || export_error.get().map(|e| view! { <p class="sync-problem" role="alert">{e}</p> })}
        </div>
    }
    .into_any()
}

/// Saves `text` as a file through the browser's download.
fn download(name: &str, text: &str) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
        let options = web_sys::BlobPropertyBag::new();
        options.set_type("application/json");
        let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
            return;
        };
        let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
            return;
        };
        if let Some(link) = document()
            .create_element("a")
            .ok()
            .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok())
        {
            link.set_href(&url);
            link.set_download(name);
            link.click();
        }
        // Revoked a little later: the download reads the URL after the click returns.
        set_timeout(
            move || {
                let _ = web_sys::Url::revoke_object_url(&url);
            },
            std::time::Duration::from_secs(5),
        );
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (name, text);
}
