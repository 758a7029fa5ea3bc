//! 社区活动 on the phone: propose a self-organised activity for one's building or courtyard
//! (saved on the phone first, like a service line, and synced when the network allows), see
//! the community's approved activities as invitations and join one (offline too), and follow
//! one's own proposals: awaiting staff, approved, or declined with the reason.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::activity_invitations;
use crate::domain::activity_proposal::{ActivityStatus, Invitation, JoinInput, ProposalInput};
use crate::domain::category::seeded_categories;
use crate::domain::command::Command;
use crate::domain::error::{Field, ValidationErrors};
use crate::domain::Lang;
use crate::offline::use_sync;
use crate::ui::kit::category_label::category_label;
use crate::ui::kit::field_error::FieldError;
use crate::ui::shell::language::use_lang;
use crate::ui::shell::page_title::PageTitle;

#[component]
pub fn VolunteerActivitiesPage() -> impl IntoView {
    let lang = use_lang();
    let sync = use_sync();
    // Read again after every sync: a proposal just sent, a staff decision, a join.
    let list = LocalResource::new(move || {
        sync.last_sync.track();
        activity_invitations()
    });
    // Joined on this phone, not yet synced.
    let joined_here = RwSignal::new(Vec::<String>::new());
    let pick = move |zh: &'static str, en: &'static str| move || lang.get().pick(zh, en);
    view! {
        <PageTitle zh="社区活动" en="Community activities"/>
        <ProposalForm/>
        <section class="card" data-testid="invitations">
            <h3>{pick("社区活动邀请与我的提议", "Invitations and my proposals")}</h3>
            {move || match list.get() {
                None => view! { <p class="hint">{pick("加载中…", "Loading…")}</p> }.into_any(),
                Some(Err(_)) => view! { <p class="hint">{pick("联网后显示社区的活动。", "The community's activities show when online.")}</p> }.into_any(),
                Some(Ok(items)) if items.is_empty() => view! { <p class="hint">{pick("暂时没有活动。", "No activities yet.")}</p> }.into_any(),
                Some(Ok(items)) => view! {
                    <ul class="plain-list">
                        {items.into_iter().map(|i| invitation_row(i, lang, joined_here)).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </section>
    }
}

fn invitation_row(
    item: Invitation,
    lang: RwSignal<Lang>,
    joined_here: RwSignal<Vec<String>>,
) -> impl IntoView {
    let sync = use_sync();
    let a = item.activity;
    let id = a.id.to_string();
    let category = a.category.clone();
    let status = a.status;
    let can_join = status == ActivityStatus::Approved && !item.joined && !item.mine;
    let (id_join, id_seen) = (id.clone(), id.clone());
    let failure = RwSignal::new(None::<String>);
    let join = move |_| {
        let command = Command::Join(JoinInput {
            activity: id_join.clone(),
        });
        let id = id_join.clone();
        spawn_local(async move {
            match sync.capture(&command).await {
                Ok(_) => joined_here.update(|j| j.push(id)),
                Err(e) => failure.set(Some(e.message(lang.get_untracked()))),
            }
        });
    };
    let organiser = a.proposed_by.map(|(_, name)| name);
    let reason = a.review_reason.clone();
    view! {
        <li class="invitation" data-testid="invitation" data-status=status.code() data-title=a.title.clone()>
            <strong>{a.title.clone()}</strong>
            <span class="badge">{move || status.label(lang.get())}</span>
            <div class="line-head">
                <span>{format!("{} {}–{}", a.date, a.start, a.end)}</span>
                <span>{move || category_label(&category, lang.get())}</span>
            </div>
            <div class="line-body">{format!("{} · {}", a.place, a.content)}</div>
            {organiser.map(|name| view! {
                <p class="hint">{move || format!("{}{name}", lang.get().pick("组织者（见证人）：", "Organiser (witness): "))}</p>
            })}
            {(status == ActivityStatus::Declined).then(|| view! {
                <p class="badge warn" data-testid="declined-reason">{move || format!("{}{reason}", lang.get().pick("未批准：", "Declined: "))}</p>
            })}
            {move || {
                // The server's word first: once synced, the phone's note gives way to it.
                let here = !item.joined && joined_here.with(|j| j.contains(&id_seen));
                if item.joined || here {
                    view! { <p class="saved" data-testid="joined">{move || lang.get().pick(if here { "已报名，等待同步。" } else { "已报名参加。" }, if here { "Joined on this phone, waiting to sync." } else { "You are going." })}</p> }.into_any()
                } else if can_join {
                    let join = join.clone();
                    view! { <button type="button" class="primary" data-testid="join-activity" on:click=join>{move || lang.get().pick("我要参加", "I'll come")}</button> }.into_any()
                } else {
                    ().into_any()
                }
            }}
            {move || failure.get().map(|s| view! { <p class="form-error" role="alert">{s}</p> })}
        </li>
    }
}

/// The proposal form: saved on this phone first, synced when the network allows.
#[component]
fn ProposalForm() -> impl IntoView {
    let lang = use_lang();
    let sync = use_sync();
    let pick = move |zh: &'static str, en: &'static str| move || lang.get().pick(zh, en);
    let tomorrow = (chrono::Utc::now() + chrono::Duration::hours(8 + 24))
        .date_naive()
        .to_string();
    let input = RwSignal::new(ProposalInput {
        date: tomorrow,
        start: "09:00".into(),
        end: "10:00".into(),
        ..ProposalInput::default()
    });
    let errors = RwSignal::new(ValidationErrors::default());
    let saved = RwSignal::new(false);
    let failure = RwSignal::new(None::<String>);
    let field = move |get: fn(&ProposalInput) -> String, set: fn(&mut ProposalInput, String)| {
        (
            move || input.with(get),
            move |ev| input.update(|i| set(i, event_target_value(&ev))),
        )
    };
    let categories = move || {
        sync.categories
            .get()
            .unwrap_or_else(seeded_categories)
            .into_iter()
            .filter(|c| !c.retired)
            .collect::<Vec<_>>()
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(false);
        failure.set(None);
        let proposal = input.get_untracked();
        let known = categories();
        let codes: Vec<&str> = known.iter().map(|c| c.code.as_str()).collect();
        if let Err(found) = proposal.parse(&codes) {
            errors.set(found);
            return;
        }
        errors.set(ValidationErrors::default());
        let command = Command::Propose(proposal);
        spawn_local(async move {
            match sync.capture(&command).await {
                Ok(_) => {
                    saved.set(true);
                    input.update(|i| {
                        i.title.clear();
                        i.content.clear();
                    });
                }
                Err(e) => failure.set(Some(e.message(lang.get_untracked()))),
            }
        });
    };
    let (title, set_title) = field(|i| i.title.clone(), |i, v| i.title = v);
    let (date, set_date) = field(|i| i.date.clone(), |i, v| i.date = v);
    let (start, set_start) = field(|i| i.start.clone(), |i, v| i.start = v);
    let (end, set_end) = field(|i| i.end.clone(), |i, v| i.end = v);
    let (place, set_place) = field(|i| i.place.clone(), |i, v| i.place = v);
    let (content, set_content) = field(|i| i.content.clone(), |i, v| i.content = v);
    view! {
        <form class="card form" data-testid="proposal-form" on:submit=submit novalidate>
            <h3>{pick("提议自主活动", "Propose an activity")}</h3>
            <p class="hint">{pick("楼院、家庭自己组织的活动：社区批准后，本社区的志愿者都能看到并报名；活动结束后由社区登记参加人员，您作为组织者是每个人的见证人。", "An activity your building or courtyard organises: once the community approves it, every volunteer of the community sees it and can join; afterwards staff record who came, and you, the organiser, are everyone's witness.")}</p>
            <label><span>{pick("活动名称", "Title")}</span><input name="title" prop:value=title on:input=set_title/></label>
            <FieldError errors field=Field::Title/>
            <label><span>{pick("楼院（楼栋或院落）", "Building or courtyard")}</span><input name="place" prop:value=place on:input=set_place/></label>
            <FieldError errors field=Field::Place/>
            <div class="row">
                <label><span>{pick("日期", "Date")}</span><input type="date" name="date" prop:value=date on:input=set_date/></label>
                <label><span>{pick("开始", "Start")}</span><input type="time" name="start" prop:value=start on:input=set_start/></label>
                <label><span>{pick("结束", "End")}</span><input type="time" name="end" prop:value=end on:input=set_end/></label>
            </div>
            <FieldError errors field=Field::Date/>
            <FieldError errors field=Field::StartTime/>
            <FieldError errors field=Field::EndTime/>
            <label>
                <span>{pick("服务类别", "Category")}</span>
                <select name="category" on:change=move |ev| input.update(|i| i.category = event_target_value(&ev))>
                    <option value="">{pick("请选择", "Choose")}</option>
                    {move || categories().into_iter().map(|c| {
                        let code = c.code.clone();
                        view! { <option value=code>{c.name(lang.get()).to_string()}</option> }
                    }).collect_view()}
                </select>
            </label>
            <FieldError errors field=Field::Category/>
            <label><span>{pick("活动内容和邀请对象", "What it is, and whom you invite")}</span><textarea name="content" prop:value=content on:input=set_content></textarea></label>
            <FieldError errors field=Field::Content/>
            <button type="submit" class="primary" data-testid="propose-activity">{pick("提交给社区审批", "Send for approval")}</button>
            {move || saved.get().then(|| view! { <p class="saved" role="status" data-testid="proposal-saved">{pick("已保存在本机，同步后交社区审批。", "Saved on this phone; the community reviews it after the sync.")}</p> })}
            {move || failure.get().map(|s| view! { <p class="form-error" role="alert">{s}</p> })}
        </form>
    }
}
