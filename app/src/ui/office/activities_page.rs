//! Activities (活动) for staff: create one with its attendees, correct the attendance while it is
//! open, and close it — each attendee gets a pending service line in the verification queue, in
//! one step.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{activities, close_activity, set_attendees, ApiError};
use crate::domain::activity::{attendee_times, ActivityView, AttendeeTimesInput};
use crate::domain::activity_proposal::ActivityStatus;
use crate::domain::ids::PersonId;
use crate::domain::Lang;
use crate::ui::kit::attendee_picker::AttendeePicker;
use crate::ui::kit::category_label::category_label;
use crate::ui::office::activity_form::ActivityForm;
use crate::ui::office::activity_review::ActivityReview;
use crate::ui::shell::language::use_lang;
use crate::ui::shell::page_title::PageTitle;

#[component]
pub fn ActivitiesPage() -> impl IntoView {
    let lang = use_lang();
    let pick = move |zh: &'static str, en: &'static str| move || lang.get().pick(zh, en);
    let version = RwSignal::new(0_u32);
    let list = LocalResource::new(move || {
        version.track();
        activities()
    });
    let creating = RwSignal::new(false);
    // What closing an activity made: kept above the list, which is read again right after.
    let notice = RwSignal::new(None::<String>);
    let refresh = Callback::new(move |_: String| {
        creating.set(false);
        version.update(|v| *v += 1);
    });
    view! {
        <PageTitle zh="活动" en="Activities"/>
        <section class="activities" data-testid="activities">
            <h2>{pick("志愿活动", "Activities")}</h2>
            <div class="filters">
                <button type="button" class="primary" data-testid="new-activity" on:click=move |_| creating.set(true)>{pick("新建活动", "New activity")}</button>
                <a class="button" href="/export/activities.csv" download>{pick("导出 CSV", "CSV")}</a>
                <a class="button" href="/export/activities.xlsx" download>{pick("导出 Excel", "Excel")}</a>
            </div>
            {move || creating.get().then(|| view! { <ActivityForm saved=refresh cancel=Callback::new(move |_| creating.set(false))/> })}
            {move || notice.get().map(|text| view! { <p class="saved" role="status" data-testid="activity-outcome">{text}</p> })}
            {move || match list.get() {
                None => view! { <p class="hint">{pick("加载中…", "Loading…")}</p> }.into_any(),
                Some(Err(e)) => view! { <p class="form-error" role="alert">{e.message(lang.get())}</p> }.into_any(),
                Some(Ok(all)) if all.is_empty() => view! { <p class="hint">{pick("还没有活动。", "No activity yet.")}</p> }.into_any(),
                Some(Ok(all)) => view! {
                    <ul class="activity-list">
                        {all.into_iter().map(|a| view! { <ActivityCard activity=a changed=refresh notice/> }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </section>
    }
    .into_any()
}

#[component]
fn ActivityCard(
    activity: ActivityView,
    changed: Callback<String>,
    notice: RwSignal<Option<String>>,
) -> impl IntoView {
    let lang = use_lang();
    let pick = move |zh: &'static str, en: &'static str| move || lang.get().pick(zh, en);
    let a = activity;
    let id = a.id.to_string();
    let attendees = RwSignal::new(
        a.attendees
            .iter()
            .map(|p| p.person.to_string())
            .collect::<Vec<_>>(),
    );
    let times = RwSignal::new(
        a.attendees
            .iter()
            .filter_map(|p| {
                p.own_times
                    .clone()
                    .map(|(arrived, left)| AttendeeTimesInput {
                        person: p.person.to_string(),
                        arrived,
                        left,
                    })
            })
            .collect::<Vec<_>>(),
    );
    let window = (
        crate::domain::clock::parse_hh_mm(&a.start),
        crate::domain::clock::parse_hh_mm(&a.end),
    );
    let editing = RwSignal::new(false);
    let confirming = RwSignal::new(false);
    let failure = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let (save_id, close_id) = (id.clone(), id.clone());
    let save = move |_| {
        let id = save_id.clone();
        // Only the ticked ones' times count; checked here first, and again by the server.
        let ticked = attendees.get_untracked();
        let own: Vec<AttendeeTimesInput> = times
            .get_untracked()
            .into_iter()
            .filter(|t| ticked.contains(&t.person))
            .collect();
        if let (Some(start), Some(end)) = window {
            let ids: Vec<PersonId> = ticked.iter().map(PersonId::new).collect();
            if let Err(e) = attendee_times(&own, &ids, start, end) {
                failure.set(Some(ApiError::Invalid(
                    crate::domain::error::ValidationErrors(vec![e]),
                )));
                return;
            }
        }
        failure.set(None);
        busy.set(true);
        spawn_local(async move {
            let result = set_attendees(id.clone(), ticked, own).await;
            busy.set(false);
            match result {
                Ok(()) => {
                    editing.set(false);
                    changed.run(id);
                }
                Err(e) => failure.set(Some(e)),
            }
        });
    };
    let close = move |_| {
        let id = close_id.clone();
        busy.set(true);
        spawn_local(async move {
            let result = close_activity(id.clone()).await;
            busy.set(false);
            confirming.set(false);
            match result {
                Ok(lines) => {
                    notice.set(Some(match lang.get_untracked() {
                        Lang::Zh => {
                            format!("活动已结束，已为 {lines} 名参加人员生成待审核的服务记录。")
                        }
                        Lang::En => format!(
                            "Closed: {lines} pending service records made, one per attendee."
                        ),
                    }));
                    changed.run(id);
                }
                Err(e) => failure.set(Some(e)),
            }
        });
    };
    let names = a
        .attendees
        .iter()
        .map(|p| match &p.own_times {
            Some((arrived, left)) => format!("{}（{arrived}–{left}）", p.name),
            None => p.name.clone(),
        })
        .collect::<Vec<_>>()
        .join("、");
    let witness = a.witness.clone();
    let count = a.attendees.len();
    let open = a.closed.is_none();
    let category = a.category.clone();
    let community_name = a.community_name.clone();
    let status = a.status;
    let proposer = a.proposed_by.clone().map(|(_, name)| name);
    let review_reason = a.review_reason.clone();
    let review_id = id.clone();
    view! {
        <li class="card activity" data-testid="activity" data-title=a.title.clone() data-closed=(!open).to_string()>
            <h3>{a.title.clone()} " " <span class="badge">{move || a.kind.label(lang.get())}</span>
                {a.weekly.then(|| view! { " " <span class="badge" data-testid="activity-weekly">{pick("每周", "Weekly")}</span> })}
                {(status != ActivityStatus::Approved).then(|| view! { " " <span class="badge warn" data-testid="activity-status">{move || status.label(lang.get())}</span> })}</h3>
            {proposer.clone().map(|name| view! { <p class="hint" data-testid="activity-proposer">{pick("提议人（组织者）：", "Proposed by (organiser): ")}{name}</p> })}
            <p>{format!("{} {}–{} · {} · ", a.date, a.start, a.end, a.place)}{move || category_label(&category, lang.get())}
                {move || match lang.get() { Lang::Zh => format!(" · 每人 {} 小时", a.minutes.hours_text()), Lang::En => format!(" · {} h each", a.minutes.hours_text()) }}</p>
            {(!a.content.is_empty()).then(|| view! { <p>{a.content.clone()}</p> })}
            {(!witness.is_empty()).then(|| view! {
                <p data-testid="activity-witness">{pick("见证人：", "Witness: ")}{witness.clone()}</p>
            })}
            <p data-testid="activity-attendees">{move || match lang.get() {
                Lang::Zh => format!("参加人员（{count} 人）：{}", if names.is_empty() { "尚未登记" } else { names.as_str() }),
                Lang::En => format!("Attendees ({count}): {}", if names.is_empty() { "none yet" } else { names.as_str() }),
            }}</p>
            {match (status, a.closed.clone()) {
                (ActivityStatus::Declined, _) => view! {
                    <p class="hint" data-testid="activity-declined">{pick("未批准：", "Declined: ")}{review_reason.clone()}</p>
                }.into_any(),
                (ActivityStatus::Proposed, _) => view! {
                    <ActivityReview activity=review_id.clone() proposer=proposer.clone().unwrap_or_default() changed/>
                }.into_any(),
                (_, Some((on, by))) => view! {
                    <p class="hint" data-testid="activity-closed">{move || match lang.get() {
                        Lang::Zh => format!("已于 {on} 由 {by} 结束，服务记录已进入待审核。"),
                        Lang::En => format!("Closed on {on} by {by}; the service records await verification."),
                    }}</p>
                }.into_any(),
                (_, None) => view! {
                    <div class="row">
                        <button type="button" data-testid="edit-attendees" on:click=move |_| editing.update(|e| *e = !*e)>{pick("登记签到", "Attendance")}</button>
                        <button type="button" class="primary" data-testid="close-activity" on:click=move |_| confirming.set(true)>{pick("结束活动，生成服务记录", "Close and make the records")}</button>
                    </div>
                    {move || confirming.get().then(|| view! {
                        <div class="confirm" role="alertdialog">
                            <p>{move || match lang.get() {
                                Lang::Zh => format!("将为 {} 名参加人员各生成一条待审核的服务记录，结束后不能再修改签到。确定吗？", attendees.with(Vec::len)),
                                Lang::En => format!("Each of the {} attendees gets a pending service record; the attendance cannot change afterwards. Close?", attendees.with(Vec::len)),
                            }}</p>
                            <button type="button" class="primary" disabled=busy data-testid="close-confirm" on:click=close.clone()>{pick("确定结束", "Close")}</button>
                            <button type="button" class="link" on:click=move |_| confirming.set(false)>{pick("取消", "Cancel")}</button>
                        </div>
                    })}
                    {move || editing.get().then(|| view! {
                        <AttendeePicker attendees community=Signal::derive(String::new) fixed_community=community_name.clone() times/>
                        <button type="button" class="primary" disabled=busy data-testid="save-attendees" on:click=save.clone()>{pick("保存签到", "Save attendance")}</button>
                    })}
                }.into_any(),
            }}
            {move || failure.get().map(|e| view! { <p class="form-error" role="alert" data-testid="activity-failed">{e.message(lang.get())}</p> })}
        </li>
    }
}
