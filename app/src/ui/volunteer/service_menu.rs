//! The service menu (服务菜单): what the community's volunteers offer, by category, with how many
//! offer it. Picking a skill addresses the wish being written to that service.

use leptos::prelude::*;

use crate::api::service_menu;
use crate::ui::kit::category_label::category_label;
use crate::ui::shell::language::use_lang;

#[component]
pub fn ServiceMenu(
    /// The community (the admin's choice; `None` for the caller's own).
    community: Signal<Option<String>>,
    /// Called with (category, skill) when a service is picked.
    on_pick: Callback<(String, String)>,
) -> impl IntoView {
    let lang = use_lang();
    let pick = move |zh: &'static str, en: &'static str| move || lang.get().pick(zh, en);
    let menu = LocalResource::new(move || service_menu(community.get()));
    view! {
        <details class="service-menu card" data-testid="service-menu">
            <summary>{pick("从服务菜单点单", "Pick from the service menu")}</summary>
            <p class="hint">{pick("本社区志愿者能提供的服务：点一项，心愿就发给这项服务。", "What your community's volunteers offer: pick one to address your wish to it.")}</p>
            {move || match menu.get() {
                None => view! { <p class="hint">{pick("加载中…", "Loading…")}</p> }.into_any(),
                Some(Err(_)) => view! { <p class="hint">{pick("联网后显示服务菜单。", "The menu shows when you are online.")}</p> }.into_any(),
                Some(Ok(menu)) if menu.is_empty() => view! { <p class="hint">{pick("还没有志愿者登记特长。", "No volunteer has listed a skill yet.")}</p> }.into_any(),
                Some(Ok(menu)) => menu.into_iter().map(|entry| {
                    let code = entry.category.clone();
                    let volunteers = entry.volunteers;
                    view! {
                        <div class="menu-category">
                            <h4>
                                {move || if code.is_empty() { lang.get().pick("其他", "Other").to_string() } else { category_label(&code, lang.get()) }}
                                <small>{move || match lang.get() {
                                    crate::domain::Lang::Zh => format!("（{volunteers} 位志愿者）"),
                                    crate::domain::Lang::En => format!(" ({volunteers} volunteers)"),
                                }}</small>
                            </h4>
                            <div class="chips">
                                {entry.skills.into_iter().map(|(skill, n)| {
                                    let category = entry.category.clone();
                                    let chosen = skill.clone();
                                    view! {
                                        <button type="button" class="chip" data-testid="menu-skill"
                                            on:click=move |_| on_pick.run((category.clone(), chosen.clone()))>
                                            {skill}{(n > 1).then(|| format!(" ×{n}"))}
                                        </button>
                                    }
                                }).collect_view()}
                            </div>
                        </div>
                    }
                }).collect_view().into_any(),
            }}
        </details>
    }
    .into_any()
}
