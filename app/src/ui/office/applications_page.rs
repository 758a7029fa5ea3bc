//! Online applications (开户申请) for staff to decide: waiting ones first come, first served, with
//! the whole file. Opening the account or declining it (with a reason the applicant reads when
//! they try to sign in) are plain calls: an `ActionForm` here would pull Leptos' action-form
//! machinery, shared with the sub-district page, into the phone's first download (measured:
//! +31 KB brotli).

use leptos::prelude::*;

use leptos::task::spawn_local;

use crate::api::{account_applications, approve_application, decline_application, ApiError};
use crate::domain::application::{ApplicationRow, ApplicationStatus};
use crate::domain::clock::china_clock;
use crate::domain::person::PoliticalStatus;
use crate::ui::kit::category_label::category_label;
use crate::ui::kit::community_choice::is_admin;
use crate::ui::shell::language::use_lang;
use crate::ui::shell::page_title::PageTitle;

/// Reasons staff give most often, one tap each; any other can be typed.
const COMMON_REASONS: [&str; 3] = [
    "不在本社区居住",
    "信息不完整，请补充后重新申请",
    "电话无法联系，请到社区服务站办理",
];

#[component]
pub fn ApplicationsPage() -> impl IntoView {
    let lang = use_lang();
    let pick = move |zh: &'static str, en: &'static str| move || lang.get().pick(zh, en);
    let decisions = Decisions {
        approved: RwSignal::new(None),
        declined: RwSignal::new(None),
        decided: RwSignal::new(0),
    };
    let status = RwSignal::new(ApplicationStatus::Pending.code().to_string());
    let decided = decisions.decided;
    let list = LocalResource::new(move || {
        decided.get();
        account_applications(status.get())
    });
    view! {
        <PageTitle zh="开户申请" en="Applications"/>
        <section class="card" data-testid="applications-page">
            <h2>{pick("网上开户申请", "Online applications")}</h2>
            <div class="toolbar">
                <label><span>{pick("状态", "Status")}</span>
                    <select data-testid="application-status" prop:value=status
                        on:change=move |ev| status.set(event_target_value(&ev))>
                        {ApplicationStatus::ALL.into_iter().map(|s| view! {
                            <option value=s.code()>{move || s.label(lang.get())}</option>
                        }).collect_view()}
                        <option value="">{pick("全部", "All")}</option>
                    </select>
                </label>
            </div>
            {move || match decisions.approved.get() {
                Some(Ok(())) => Some(view! { <p class="saved" role="status" data-testid="approve-ok">{pick("已开户，申请人现在可以用自己的手机号和密码登录。", "The account is open: the applicant signs in with their phone and password.")}</p> }.into_any()),
                Some(Err(e)) => Some(view! { <p class="form-error" role="alert" data-testid="approve-failed">{e.message(lang.get())}</p> }.into_any()),
                None => None,
            }}
            {move || match decisions.declined.get() {
                Some(Ok(())) => Some(view! { <p class="saved" role="status" data-testid="decline-ok">{pick("已退回申请，申请人登录时会看到原因。", "Declined: the applicant sees the reason when they try to sign in.")}</p> }.into_any()),
                Some(Err(e)) => Some(view! { <p class="form-error" role="alert" data-testid="decline-failed">{e.message(lang.get())}</p> }.into_any()),
                None => None,
            }}
            <Transition fallback=move || view! { <p class="muted">{pick("加载中…", "Loading…")}</p> }>
                {move || list.get().map(|result| match result {
                    Ok(rows) if rows.is_empty() => view! {
                        <p class="muted" data-testid="no-applications">{pick("没有这类申请。", "No applications here.")}</p>
                    }.into_any(),
                    Ok(rows) => view! {
                        <ul class="cards">
                            {rows.into_iter().map(|row| view! { <ApplicationCard row decisions/> }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(e) => view! { <p class="form-error" role="alert">{e.message(lang.get())}</p> }.into_any(),
                })}
            </Transition>
        </section>
    }
    .into_any()
}

/// The outcome of the last decision on the page; `decided` counts those that went through (the
/// list reloads on it, so a refused one keeps its card and half-filled form).
#[derive(Clone, Copy)]
struct Decisions {
    approved: RwSignal<Option<Result<(), ApiError>>>,
    declined: RwSignal<Option<Result<(), ApiError>>>,
    decided: RwSignal<u32>,
}

impl Decisions {
    fn record(self, outcome: RwSignal<Option<Result<(), ApiError>>>, result: Result<(), ApiError>) {
        self.approved.set(None);
        self.declined.set(None);
        if result.is_ok() {
            self.decided.update(|n| *n += 1);
        }
        outcome.set(Some(result));
    }
}

#[component]
fn ApplicationCard(row: ApplicationRow, decisions: Decisions) -> impl IntoView {
    let lang = use_lang();
    let pick = move |zh: &'static str, en: &'static str| move || lang.get().pick(zh, en);
    let admin = is_admin();
    let declining = RwSignal::new(false);
    let today = crate::domain::clock::china_today(chrono::Utc::now());
    let age = chrono::Datelike::year(&today) - row.birth_year;
    let preferences = row.preferences.clone();
    let political = row.political_status.clone();
    let gender = row.gender;
    let pending = row.status == ApplicationStatus::Pending;
    let id = row.id.clone();
    let id_decline = row.id.clone();
    let line = |zh: &'static str, en: &'static str, value: String| {
        (!value.is_empty()).then(|| {
            view! {
                <div><dt>{move || lang.get().pick(zh, en)}</dt><dd>{value}</dd></div>
            }
        })
    };
    view! {
        <li class="card" data-testid="application" data-phone=row.phone.clone()>
            <h3>{row.name.clone()} " "
                <span class="badge" data-testid="application-state">{move || row.status.label(lang.get())}</span>
            </h3>
            <dl class="facts">
                <div><dt>{pick("性别 / 年龄", "Gender / age")}</dt>
                    <dd>{move || format!("{} · {}", gender.map(|g| g.label(lang.get())).unwrap_or("—"), age)}</dd></div>
                <div><dt>{pick("政治面貌", "Political status")}</dt>
                    <dd>{move || PoliticalStatus::display(&political, lang.get())}</dd></div>
                {line("手机号", "Phone", row.phone.clone())}
                {line("职业", "Occupation", row.occupation.clone())}
                {line("技能特长", "Skills", row.skills.clone())}
                {line("兴趣爱好", "Hobbies", row.hobbies.clone())}
                {(!preferences.is_empty()).then(|| view! {
                    <div><dt>{pick("服务意向", "Preferences")}</dt>
                        <dd>{move || preferences.iter().map(|c| category_label(c, lang.get())).collect::<Vec<_>>().join("、")}</dd></div>
                })}
                {move || admin().then(|| view! {
                    <div><dt>{pick("社区", "Community")}</dt><dd>{row.community_name.clone()}</dd></div>
                })}
                <div><dt>{pick("提交时间", "Sent")}</dt><dd>{china_clock(row.submitted_at)}</dd></div>
                {row.decided_at.map(|at| view! {
                    <div><dt>{pick("处理", "Decided")}</dt>
                        <dd>{format!("{} · {}", china_clock(at), row.decided_by.clone().unwrap_or_default())}</dd></div>
                })}
                {line("未通过原因", "Reason", row.reason.clone())}
            </dl>
            {pending.then(|| view! {
                <div class="actions">
                    <button type="button" class="primary" data-testid="approve-application" on:click=move |_| {
                        let id = id.clone();
                        spawn_local(async move {
                            let result = approve_application(id).await.map(|_| ());
                            decisions.record(decisions.approved, result);
                        });
                    }>{pick("通过，开户", "Approve: open the account")}</button>
                    <button type="button" class="link" data-testid="decline-application"
                        on:click=move |_| declining.update(|d| *d = !*d)>{pick("不通过…", "Decline…")}</button>
                </div>
                {move || declining.get().then(|| view! { <DeclineForm application=id_decline.clone() decisions/> })}
            })}
        </li>
    }
}

/// Declining asks for the reason the applicant will read; common ones are one tap.
#[component]
fn DeclineForm(application: String, decisions: Decisions) -> impl IntoView {
    let lang = use_lang();
    let pick = move |zh: &'static str, en: &'static str| move || lang.get().pick(zh, en);
    let reason = RwSignal::new(String::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let application = application.clone();
        spawn_local(async move {
            let result = decline_application(application, reason.get_untracked()).await;
            decisions.record(decisions.declined, result);
        });
    };
    view! {
        <form class="form" on:submit=submit data-testid="decline-form" novalidate>
            <div class="chips">
                {COMMON_REASONS.into_iter().map(|r| view! {
                    <button type="button" class="chip" on:click=move |_| reason.set(r.to_string())>{r}</button>
                }).collect_view()}
            </div>
            <label><span>{pick("原因（申请人会看到）", "Reason (the applicant reads it)")}</span>
                <input name="reason" maxlength="200" data-testid="decline-reason" prop:value=reason
                    on:input=move |ev| reason.set(event_target_value(&ev))/></label>
            <button type="submit" class="primary" data-testid="decline-submit">{pick("确认不通过", "Decline")}</button>
        </form>
    }
}
