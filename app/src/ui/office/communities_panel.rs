//! The admin's communities (社区管理): add one, rename one, retire one (its history stays and
//! counts in past statistics; nothing new is filed under it) or restore it. The add form is an
//! `ActionForm`, so it works before the page's WebAssembly has arrived.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{manage_communities, rename_community, retire_community, AddCommunity, ApiError};
use crate::domain::administration::CommunityRow;
use crate::ui::shell::language::use_lang;

#[component]
pub fn CommunitiesPanel(
    /// Bumped on every change, so the staff panel's community choices follow.
    changed: RwSignal<u32>,
) -> impl IntoView {
    let lang = use_lang();
    let pick = move |zh: &'static str, en: &'static str| move || lang.get().pick(zh, en);
    let add = ServerAction::<AddCommunity>::new();
    Effect::new(move |_| {
        if add.version().get() > 0 {
            changed.update(|n| *n += 1);
        }
    });
    let failure = RwSignal::new(None::<ApiError>);
    let list = LocalResource::new(move || {
        changed.get();
        manage_communities()
    });
    view! {
        <section class="card" data-testid="communities-panel">
            <h3>{pick("社区", "Communities")}</h3>
            <ActionForm action=add attr:class="toolbar" attr:data-testid="add-community-form">
                <label><span>{pick("新社区名称", "New community")}</span>
                    <input name="name" required maxlength="100" data-testid="community-name"/></label>
                <button type="submit" class="primary">{pick("添加社区", "Add")}</button>
            </ActionForm>
            {move || match add.value().get() {
                Some(Err(e)) => Some(view! { <p class="form-error" role="alert" data-testid="add-community-failed">{e.message(lang.get())}</p> }.into_any()),
                Some(Ok(_)) => Some(view! { <p class="saved" role="status">{pick("社区已添加。", "The community is added.")}</p> }.into_any()),
                None => None,
            }}
            {move || failure.get().map(|e| view! { <p class="form-error" role="alert" data-testid="community-failed">{e.message(lang.get())}</p> })}
            <div class="table-wrap">
                <table class="table">
                    <thead><tr>
                        <th>{pick("社区", "Community")}</th>
                        <th class="num">{pick("工作人员", "Staff")}</th>
                        <th class="num">{pick("志愿者", "Volunteers")}</th>
                        <th class="num">{pick("困难家庭", "Households")}</th>
                        <th></th>
                    </tr></thead>
                    <tbody>
                        {move || list.get().and_then(Result::ok).map(|rows| rows.into_iter().map(|row| view! {
                            <CommunityLine row changed failure/>
                        }).collect_view())}
                    </tbody>
                </table>
            </div>
        </section>
    }
    .into_any()
}

#[component]
fn CommunityLine(
    row: CommunityRow,
    changed: RwSignal<u32>,
    failure: RwSignal<Option<ApiError>>,
) -> impl IntoView {
    let lang = use_lang();
    let pick = move |zh: &'static str, en: &'static str| move || lang.get().pick(zh, en);
    let editing = RwSignal::new(false);
    let name = RwSignal::new(row.name.clone());
    let id = row.id.to_string();
    let (id_rename, id_retire) = (id.clone(), id);
    let retired = row.retired;
    let run =
        move |call: std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), ApiError>>>>| {
            spawn_local(async move {
                match call.await {
                    Ok(()) => {
                        failure.set(None);
                        changed.update(|n| *n += 1);
                    }
                    Err(e) => failure.set(Some(e)),
                }
            });
        };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        editing.set(false);
        run(Box::pin(rename_community(
            id_rename.clone(),
            name.get_untracked(),
        )));
    };
    // Retiring asks once more in the row itself (no browser dialog on an office PC).
    let confirming = RwSignal::new(false);
    let toggle = move |_| {
        if retired || confirming.get_untracked() {
            confirming.set(false);
            run(Box::pin(retire_community(id_retire.clone(), !retired)));
        } else {
            confirming.set(true);
        }
    };
    view! {
        <tr data-testid="community-row" data-name=row.name.clone()>
            <td>
                {move || if editing.get() {
                    view! {
                        <form class="inline" on:submit=save.clone()>
                            <input aria-label=pick("社区名称", "Community name") maxlength="100" prop:value=name
                                on:input=move |ev| name.set(event_target_value(&ev)) data-testid="rename-input"/>
                            <button type="submit" class="primary" data-testid="rename-save">{pick("保存", "Save")}</button>
                        </form>
                    }.into_any()
                } else {
                    view! {
                        <span>{name.get()}</span>
                        {retired.then(|| view! { " " <span class="badge warn" data-testid="retired-badge">{pick("已撤销", "retired")}</span> })}
                    }.into_any()
                }}
            </td>
            <td class="num">{row.staff}</td>
            <td class="num">{row.volunteers}</td>
            <td class="num">{row.households}</td>
            <td class="actions">
                <button type="button" class="link" on:click=move |_| editing.update(|e| *e = !*e) data-testid="rename-community">{pick("改名", "Rename")}</button>
                <button type="button" class="link" on:click=toggle data-testid="retire-community">
                    {move || match (retired, confirming.get()) {
                        (true, _) => lang.get().pick("恢复", "Restore"),
                        (false, false) => lang.get().pick("撤销", "Retire"),
                        (false, true) => lang.get().pick("确认撤销（历史保留，不再登记新内容）", "Confirm: keep its history, take nothing new"),
                    }}
                </button>
            </td>
        </tr>
    }
}
