//! 社区大屏: the community's kiosks, when each last asked for the wall, and a way to revoke one
//! whose screen was stolen or replaced (its token stops working on its next request, and the
//! screen says so). Registering a new screen is here too.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{kiosks, revoke_kiosk, ApiError};
use crate::domain::administration::KioskRow;
use crate::domain::clock::{china_clock, china_today};
use crate::ui::kiosk::kiosk_register::KioskRegister;
use crate::ui::shell::language::use_lang;
use crate::ui::shell::page_title::PageTitle;

#[component]
pub fn KiosksPage() -> impl IntoView {
    let lang = use_lang();
    let pick = move |zh: &'static str, en: &'static str| move || lang.get().pick(zh, en);
    let changed = RwSignal::new(0_u32);
    let list = LocalResource::new(move || {
        changed.get();
        kiosks()
    });
    let failure = RwSignal::new(None::<ApiError>);
    view! {
        <PageTitle zh="社区大屏" en="Kiosks"/>
        <section class="kiosks" data-testid="kiosks-page">
            <h2>{pick("社区大屏", "Kiosks")}</h2>
            <KioskRegister on_registered=Callback::new(move |_| changed.update(|n| *n += 1))/>
            {move || failure.get().map(|e| view! { <p class="form-error" role="alert">{e.message(lang.get())}</p> })}
            {move || match list.get() {
                None => view! { <p class="hint">{pick("加载中…", "Loading…")}</p> }.into_any(),
                Some(Err(e)) => view! { <p class="form-error" role="alert">{e.message(lang.get())}</p> }.into_any(),
                Some(Ok(rows)) if rows.is_empty() => view! {
                    <p class="hint" data-testid="no-kiosks">{pick("还没有登记大屏。", "No screen is registered yet.")}</p>
                }.into_any(),
                Some(Ok(rows)) => view! {
                    <div class="table-wrap">
                        <table class="table">
                            <thead><tr>
                                <th>{pick("名称", "Name")}</th>
                                <th>{pick("社区", "Community")}</th>
                                <th>{pick("登记于", "Registered")}</th>
                                <th>{pick("最近连接", "Last seen")}</th>
                                <th>{pick("状态", "State")}</th>
                                <th></th>
                            </tr></thead>
                            <tbody>
                                {rows.into_iter().map(|row| view! { <KioskLine row changed failure/> }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any(),
            }}
        </section>
    }
    .into_any()
}

fn when(at: chrono::DateTime<chrono::Utc>) -> String {
    format!("{} {}", china_today(at), china_clock(at))
}

#[component]
fn KioskLine(
    row: KioskRow,
    changed: RwSignal<u32>,
    failure: RwSignal<Option<ApiError>>,
) -> impl IntoView {
    let lang = use_lang();
    let confirming = RwSignal::new(false);
    let id = row.id.clone();
    let revoke = move |_| {
        if !confirming.get_untracked() {
            confirming.set(true);
            return;
        }
        let id = id.clone();
        spawn_local(async move {
            match revoke_kiosk(id).await {
                Ok(()) => {
                    failure.set(None);
                    changed.update(|n| *n += 1);
                }
                Err(e) => failure.set(Some(e)),
            }
        });
    };
    let revoked = row.revoked_at;
    view! {
        <tr data-testid="kiosk-row" data-name=row.name.clone()>
            <td>{row.name.clone()}</td>
            <td>{row.community_name.clone()}</td>
            <td>{when(row.created_at)}</td>
            <td>{row.last_seen_at.map(when).unwrap_or_else(|| "—".into())}</td>
            <td data-testid="kiosk-state">{move || match revoked {
                Some(at) => format!("{} {}", lang.get().pick("已停用", "Revoked"), when(at)),
                None => lang.get().pick("使用中", "In use").to_string(),
            }}</td>
            <td class="actions">
                {revoked.is_none().then(|| view! {
                    <button type="button" class="link danger" on:click=revoke data-testid="revoke-kiosk">
                        {move || if confirming.get() { lang.get().pick("确认停用（大屏将立即无法显示）", "Confirm: the screen stops at once") } else { lang.get().pick("停用", "Revoke") }}
                    </button>
                })}
            </td>
        </tr>
    }
}
