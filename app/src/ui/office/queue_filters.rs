//! The verification queue's filters: volunteer, service dates, category and flag. Sent as a
//! form (not at each keystroke), they start again at the first page.

use leptos::prelude::*;

use crate::api::list_categories;
use crate::domain::queue::QueueQuery;
use crate::ui::shell::language::use_lang;

#[component]
pub fn QueueFilters(query: RwSignal<QueueQuery>) -> impl IntoView {
    let lang = use_lang();
    let pick = move |zh: &'static str, en: &'static str| move || lang.get().pick(zh, en);
    let categories = LocalResource::new(list_categories);
    let draft = RwSignal::new(QueueQuery::default());
    let set = move |apply: fn(&mut QueueQuery, String)| {
        move |ev: leptos::ev::Event| draft.update(|q| apply(q, event_target_value(&ev)))
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut asked = draft.get_untracked();
        asked.page = 0;
        query.set(asked);
    };
    view! {
        <form class="filters toolbar" role="search" on:submit=submit data-testid="queue-filters">
            <label><span>{pick("志愿者", "Volunteer")}</span>
                <input type="search" data-testid="queue-filter-volunteer" placeholder=pick("姓名", "Name") on:input=set(|q, v| q.volunteer = v)/></label>
            <label><span>{pick("从", "From")}</span>
                <input type="date" data-testid="queue-filter-from" on:input=set(|q, v| q.from = v)/></label>
            <label><span>{pick("到", "To")}</span>
                <input type="date" data-testid="queue-filter-to" on:input=set(|q, v| q.to = v)/></label>
            <label><span>{pick("类别", "Category")}</span>
                <select data-testid="queue-filter-category" on:change=set(|q, v| q.category = v)>
                    <option value="">{pick("全部", "All")}</option>
                    {move || categories.get().and_then(Result::ok).map(|all| all.into_iter().map(|c| {
                        let label = format!("{} {}", c.icon, lang.get().pick(&c.name_zh, &c.name_en));
                        view! { <option value=c.code>{label}</option> }
                    }).collect_view())}
                </select></label>
            <label><span>{pick("提示", "Flag")}</span>
                <select data-testid="queue-filter-flag" on:change=set(|q, v| q.flag = v)>
                    <option value="">{pick("全部", "All")}</option>
                    <option value="duplicate">{pick("可能重复", "Likely duplicate")}</option>
                    <option value="no_witness">{pick("无见证人", "No witness")}</option>
                    <option value="odd_date">{pick("日期异常", "Odd date")}</option>
                </select></label>
            <button type="submit" data-testid="queue-filter-apply">{pick("筛选", "Filter")}</button>
        </form>
    }
    .into_any()
}
