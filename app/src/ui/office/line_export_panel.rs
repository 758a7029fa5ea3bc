//! 服务记录明细: the ledger's own lines of the statistics page's period and community, narrowed
//! by category and state, as CSV or Excel. The files are plain links, checked on the server
//! like every export.

use leptos::prelude::*;

use crate::api::list_categories;
use crate::domain::line_export::LineExportState;
use crate::domain::statistics::StatsInput;
use crate::domain::Lang;
use crate::ui::shell::language::use_lang;

#[component]
pub fn LineExportPanel(asked: Memo<StatsInput>) -> impl IntoView {
    let lang = use_lang();
    let pick = move |zh: &'static str, en: &'static str| move || lang.get().pick(zh, en);
    let categories = LocalResource::new(list_categories);
    let category = RwSignal::new(String::new());
    let state = RwSignal::new(String::new());
    let link = move |format: &'static str| {
        let a = asked.get();
        let query = [
            ("from", a.from),
            ("to", a.to),
            ("community", a.community),
            ("category", category.get()),
            ("state", state.get()),
        ]
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&");
        format!("/export/lines.{format}?{query}")
    };
    let states = [
        (LineExportState::Pending, "待审核", "Pending"),
        (LineExportState::Verified, "已核实", "Verified"),
        (LineExportState::Reversed, "已冲正", "Reversed"),
        (LineExportState::Rejected, "未通过", "Rejected"),
    ];
    view! {
        <form class="filters no-print" data-testid="line-export" on:submit=|ev| ev.prevent_default()>
            <strong>{pick("服务记录明细（本期）", "Service records of the period")}</strong>
            <label>{pick("服务类别", "Category")}
                <select data-testid="line-export-category" prop:value=category on:change=move |ev| category.set(event_target_value(&ev))>
                    <option value="">{pick("全部", "All")}</option>
                    {move || categories.get().and_then(Result::ok).map(|all| all.into_iter().map(|c| view! {
                        <option value=c.code.clone()>{match lang.get() { Lang::Zh => c.name_zh.clone(), Lang::En => c.name_en.clone() }}</option>
                    }).collect_view())}
                </select>
            </label>
            <label>{pick("状态", "State")}
                <select data-testid="line-export-state" prop:value=state on:change=move |ev| state.set(event_target_value(&ev))>
                    <option value="">{pick("全部", "All")}</option>
                    {states.into_iter().map(|(s, zh, en)| view! {
                        <option value=s.code()>{move || lang.get().pick(zh, en)}</option>
                    }).collect_view()}
                </select>
            </label>
            <a class="button" href=move || link("csv") download data-testid="export-lines-csv">{pick("导出 CSV", "CSV")}</a>
            <a class="button" href=move || link("xlsx") download data-testid="export-lines-xlsx">{pick("导出 Excel", "Excel")}</a>
        </form>
    }
    .into_any()
}
