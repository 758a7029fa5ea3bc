//! The community kiosk (/kiosk): the wish wall on a screen in the community centre, read from
//! three metres. Signs in once with its device token, then pages through the open wishes by
//! itself (each with a QR code a phone scans to claim it), shows the three counts, refreshes on
//! its own, and keeps showing the last data — with a discreet "offline since" — when the
//! network drops, even across a reload.

use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::{Deserialize, Serialize};

use crate::api::{kiosk_sign_in, kiosk_wall, ApiError};
use crate::domain::clock::china_clock;
use crate::domain::wall::{arrange, KioskView, QrPath, WallFilter, WallOrder};
use crate::domain::wish::{WishCard, WishState};
use crate::ui::kit::category_label::category_label;
use crate::ui::shell::language::use_lang;
use crate::ui::shell::page_title::PageTitle;
use crate::ui::wall::wall_counts::WallCounts;
use crate::ui::wall::wish_form::WishForm;

/// Where the kiosk keeps its last data, for a reload without network.
const KIOSK_KEY: &str = "lovebank.kiosk";
/// Wishes on one screen, and how long each screen shows.
const PER_PAGE: usize = 6;
const PAGE_SECONDS: u64 = 12;
/// How often the kiosk asks for new wishes.
const REFRESH_SECONDS: u64 = 10;

#[derive(Clone, Debug, Serialize, Deserialize)]
struct Kept {
    view: KioskView,
    /// When it was fetched, milliseconds since the epoch.
    at: i64,
}

#[derive(Clone, Copy)]
struct KioskState {
    kept: RwSignal<Option<Kept>>,
    offline_since: RwSignal<Option<i64>>,
    needs_token: RwSignal<bool>,
    /// Staff revoked this screen: its wall is forgotten and it says why.
    revoked: RwSignal<bool>,
    page: RwSignal<usize>,
}

fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

fn clock(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(china_clock)
        .unwrap_or_default()
}

async fn refresh(state: KioskState) {
    let origin = window().location().origin().unwrap_or_default();
    match kiosk_wall(origin, None).await {
        Ok(view) => {
            let kept = Kept { view, at: now_ms() };
            use gloo_storage::Storage;
            let _ = gloo_storage::LocalStorage::set(KIOSK_KEY, &kept);
            state.kept.set(Some(kept));
            state.offline_since.set(None);
            state.needs_token.set(false);
            state.revoked.set(false);
        }
        Err(ApiError::KioskRevoked) => {
            use gloo_storage::Storage;
            gloo_storage::LocalStorage::delete(KIOSK_KEY);
            state.kept.set(None);
            state.revoked.set(true);
            state.needs_token.set(true);
        }
        Err(ApiError::SignedOut | ApiError::Forbidden) => state.needs_token.set(true),
        Err(_) => {
            if state.offline_since.get_untracked().is_none() {
                state.offline_since.set(Some(now_ms()));
            }
        }
    }
}

#[component]
pub fn KioskPage() -> impl IntoView {
    let lang = use_lang();
    let pick = move |zh: &'static str, en: &'static str| move || lang.get().pick(zh, en);
    let state = KioskState {
        kept: RwSignal::new(None),
        offline_since: RwSignal::new(None),
        needs_token: RwSignal::new(false),
        revoked: RwSignal::new(false),
        page: RwSignal::new(0),
    };
    // The categories the wall came with name its wishes (one staff added included).
    let sync = crate::offline::use_sync();
    Effect::new(move |_| {
        let categories = state
            .kept
            .with(|k| k.as_ref().map(|k| k.view.categories.clone()))
            .filter(|c| !c.is_empty());
        if categories.is_some() {
            sync.categories.set(categories);
        }
    });
    // In the browser only: the kept data at once, then the network, then the timers.
    Effect::new(move |_| {
        if let Some(kept) = crate::stored::read::<Kept>(KIOSK_KEY) {
            state.kept.set(Some(kept));
        }
        spawn_local(refresh(state));
        let refresher = set_interval_with_handle(
            move || spawn_local(refresh(state)),
            std::time::Duration::from_secs(REFRESH_SECONDS),
        );
        let pager = set_interval_with_handle(
            move || state.page.update(|p| *p = p.wrapping_add(1)),
            std::time::Duration::from_secs(PAGE_SECONDS),
        );
        on_cleanup(move || {
            if let Ok(h) = refresher {
                h.clear();
            }
            if let Ok(h) = pager {
                h.clear();
            }
        });
    });
    let open = Memo::new(move |_| {
        state.kept.with(|k| {
            k.as_ref()
                .map(|k| {
                    let filter = WallFilter {
                        state: Some(WishState::Open),
                        order: WallOrder::OldestOpen,
                        ..WallFilter::default()
                    };
                    arrange(&k.view.wall.cards, &filter)
                        .into_iter()
                        .cloned()
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    let pages = move || open.with(|o| o.len().div_ceil(PER_PAGE).max(1));
    let shown = move || {
        let page = state.page.get() % pages();
        open.with(|o| {
            o.iter()
                .skip(page * PER_PAGE)
                .take(PER_PAGE)
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    let code_of = move |id: &str| {
        state.kept.with(|k| {
            k.as_ref().and_then(|k| {
                k.view
                    .codes
                    .iter()
                    .find(|(w, _)| w == id)
                    .map(|(_, qr)| qr.clone())
            })
        })
    };
    view! {
        <PageTitle zh="社区心愿大屏" en="Community wish screen"/>
        <section class="kiosk" data-testid="kiosk">
            <Show
                when=move || state.kept.with(Option::is_some)
                fallback=move || view! {
                    <h1 class="kiosk-title">{pick("社区心愿屏", "Community wish screen")}</h1>
                    <noscript><p class="card">{pick("大屏需要启用 JavaScript。", "The screen needs JavaScript.")}</p></noscript>
                    {move || state.revoked.get().then(|| view! {
                        <p class="kiosk-revoked card" role="alert" data-testid="kiosk-revoked">{move || ApiError::KioskRevoked.message(lang.get())}</p>
                    })}
                    {move || if state.needs_token.get() {
                        view! { <KioskTokenForm state/> }.into_any()
                    } else {
                        view! { <p class="kiosk-loading" data-testid="kiosk-loading">{pick("正在连接…", "Connecting…")}</p> }.into_any()
                    }}
                }
            >
                <header class="kiosk-head">
                    <h1>{move || state.kept.with(|k| k.as_ref().map(|k| k.view.wall.community_name.clone()).unwrap_or_default())}{pick("微心愿墙", " wish wall")}</h1>
                    {move || state.kept.with(|k| k.as_ref().map(|k| view! { <WallCounts counts=k.view.wall.counts/> }))}
                </header>
                <div class="kiosk-notes" data-testid="kiosk-notes">
                    <For each=shown key=|c| format!("{}-{}-{}", c.id.as_str(), c.claims, c.need.len()) let:card>
                        <KioskNote qr=code_of(card.id.as_str()) card/>
                    </For>
                    {move || open.with(Vec::is_empty).then(|| view! {
                        <p class="kiosk-empty">{pick("暂时没有待认领的心愿，感谢每一位志愿者！", "No open wish right now — thank you, volunteers!")}</p>
                    })}
                </div>
                <KioskFooter state page_text=Signal::derive(move || format!("{} / {}", state.page.get() % pages() + 1, pages()))/>
                {move || state.needs_token.get().then(|| view! { <KioskTokenForm state/> })}
                <KioskStaffMode/>
            </Show>
        </section>
    }
    .into_any()
}

#[component]
fn KioskFooter(state: KioskState, page_text: Signal<String>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <footer class="kiosk-foot">
            <span>{move || lang.get().pick("用手机扫码，认领心愿", "Scan with your phone to claim a wish")}</span>
            <span data-testid="kiosk-page">{page_text}</span>
            <span class="kiosk-status" data-testid="kiosk-status">{move || match state.offline_since.get() {
                Some(since) => format!("{}{}{}", lang.get().pick("离线 · 自 ", "Offline since "), clock(since), lang.get().pick(" 起显示最后一次的数据", ", showing the last data")),
                None => format!("{}{}", lang.get().pick("更新于 ", "Updated "), state.kept.with(|k| k.as_ref().map(|k| clock(k.at)).unwrap_or_default())),
            }}</span>
        </footer>
    }
    .into_any()
}

#[component]
fn KioskNote(card: WishCard, qr: Option<QrPath>) -> impl IntoView {
    let lang = use_lang();
    let category = card.category.clone();
    view! {
        <article class=format!("note kiosk-note note-{}", card.category) data-testid="kiosk-note" data-wish=card.id.as_str().to_string()>
            <div class="kiosk-text">
                <span class="note-category">{move || category_label(&category, lang.get())}</span>
                <p class="note-need" data-testid="kiosk-need">{card.need.clone()}</p>
                {(!card.offer.is_empty()).then(|| view! { <p class="note-offer">{move || lang.get().pick("回报：", "In return: ")}{card.offer.clone()}</p> })}
                <p class="note-poster">{card.poster.clone()}{(card.capacity > 1).then(|| format!(" · {}/{}", card.claims, card.capacity))}</p>
            </div>
            {qr.map(|qr| view! {
                <svg class="qr" viewBox=format!("0 0 {0} {0}", qr.size) role="img" aria-label=move || lang.get().pick("认领二维码", "QR code to claim") data-testid="kiosk-qr">
                    <rect width="100%" height="100%" fill="#fff"/>
                    <path d=qr.path fill="#000"/>
                </svg>
            })}
        </article>
    }
    .into_any()
}

/// The kiosk's staff mode: a discreet button opens the wish form; staff type their password with
/// each wish, and the panel closes itself after two minutes untouched.
#[component]
fn KioskStaffMode() -> impl IntoView {
    let lang = use_lang();
    let open = RwSignal::new(false);
    Effect::new(move |_| {
        if open.get() {
            set_timeout(move || open.set(false), std::time::Duration::from_secs(120));
        }
    });
    view! {
        <button type="button" class="link kiosk-staff-button" on:click=move |_| open.update(|o| *o = !*o) data-testid="kiosk-staff-mode">
            {move || if open.get() { lang.get().pick("关闭", "Close") } else { lang.get().pick("工作人员", "Staff") }}
        </button>
        {move || open.get().then(|| view! {
            <div class="kiosk-staff card" data-testid="kiosk-staff-panel">
                <h2>{move || lang.get().pick("代居民发布心愿", "Post a wish for a resident")}</h2>
                <WishForm kiosk=true/>
            </div>
        })}
    }
    .into_any()
}

#[component]
fn KioskTokenForm(state: KioskState) -> impl IntoView {
    let lang = use_lang();
    let pick = move |zh: &'static str, en: &'static str| move || lang.get().pick(zh, en);
    let token = RwSignal::new(String::new());
    let failure = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        spawn_local(async move {
            match kiosk_sign_in(token.get_untracked()).await {
                Ok(()) => {
                    failure.set(None);
                    refresh(state).await;
                }
                Err(ApiError::SignInFailed) => failure.set(Some(
                    lang.get_untracked()
                        .pick(
                            "口令不正确，请向社区工作人员核对。",
                            "The token is not right; ask the community staff.",
                        )
                        .into(),
                )),
                Err(e) => failure.set(Some(e.message(lang.get_untracked()))),
            }
        });
    };
    view! {
        <form class="form narrow card kiosk-token" on:submit=submit data-testid="kiosk-token-form">
            <h2>{pick("社区大屏登录", "Kiosk sign-in")}</h2>
            <p class="hint">{pick("请输入社区工作人员在工作台“社区大屏”中生成的大屏口令。", "Enter the screen token staff created in the office, under Kiosks.")}</p>
            <input name="token" autocomplete="off" prop:value=token on:input=move |ev| token.set(event_target_value(&ev)) data-testid="kiosk-token-input"/>
            <button type="submit" class="primary" data-testid="kiosk-sign-in">{pick("开始显示", "Start")}</button>
            {move || failure.get().map(|f| view! { <p class="error" role="alert">{f}</p> })}
        </form>
    }
    .into_any()
}
