//! The person's entries on this device, newest first, each with where it stands: saved on this
//! phone and waiting, on the server, refused (with the reason), or quarantined.

use leptos::prelude::*;

use crate::domain::category::SEEDED_CATEGORIES;
use crate::domain::record::duration;
use crate::domain::Lang;
use crate::offline::{use_sync, LocalLine, LocalState};
use crate::ui::kit::show_more::ShowMore;
use crate::ui::shell::language::use_lang;

fn state_code(state: &LocalState) -> &'static str {
    match state {
        LocalState::Waiting => "waiting",
        LocalState::Synced => "synced",
        LocalState::Refused(_) => "refused",
        LocalState::Quarantined(_) => "quarantined",
    }
}

fn state_text(state: &LocalState, lang: Lang) -> String {
    // Reasons travel as the server's typed error, so they read in the person's language.
    let reason = state.reason(lang).unwrap_or_default();
    match state {
        LocalState::Waiting => lang
            .pick("已存本机·待同步", "On this phone · waiting")
            .into(),
        LocalState::Synced => lang
            .pick("已同步·待审核", "Synced · awaiting review")
            .into(),
        LocalState::Refused(_) => format!("{}{reason}", lang.pick("未通过：", "Refused: ")),
        LocalState::Quarantined(_) => {
            format!("{}{reason}", lang.pick("无法处理：", "Not processed: "))
        }
    }
}

fn line_view(line: LocalLine, lang: RwSignal<Lang>) -> impl IntoView {
    let record = line.record.clone().unwrap_or_default();
    let category = SEEDED_CATEGORIES
        .iter()
        .find(|c| c.0 == record.category)
        .map(|c| (c.1, c.2, c.3));
    let hours = {
        let parse = crate::domain::clock::parse_hh_mm;
        match (parse(&record.start), parse(&record.end)) {
            (Some(s), Some(e)) => duration(s, e).map(|m| m.hours_text()).unwrap_or_default(),
            _ => String::new(),
        }
    };
    let state = line.state.clone();
    let code = state_code(&state);
    view! {
        <li class="local-line" data-testid="local-line" data-state=code data-id=line.id.clone()>
            <div class="line-head">
                <span class="line-date">{format!("{} {}–{}", record.date, record.start, record.end)}</span>
                <span class="line-category">
                    {move || category.map(|(zh, en, icon)| format!("{icon} {}", lang.get().pick(zh, en)))}
                </span>
                <span class="line-hours">{move || format!("{hours}{}", lang.get().pick(" 小时", " h"))}</span>
            </div>
            <div class="line-body">{format!("{} · {}", record.place, record.content)}</div>
            <div class=format!("line-state state-{code}")>{move || state_text(&state, lang.get())}</div>
        </li>
    }
}

/// Lines drawn at first, and added per "show more": a phone back from a month offline, or a
/// volunteer of many years, has thousands.
const PAGE: usize = 100;

#[component]
pub fn LocalLedger() -> impl IntoView {
    let lang = use_lang();
    let sync = use_sync();
    let shown = RwSignal::new(PAGE);
    // Service records only: a profile change (or, later, a claim) shows on its own page. Only
    // the lines drawn are copied; a phone holds thousands.
    let is_service = |l: &&LocalLine| l.kind == "service";
    let count = Memo::new(move |_| sync.lines.with(|all| all.iter().filter(is_service).count()));
    let drawn = move || {
        sync.lines.with(|all| {
            all.iter()
                .filter(is_service)
                .take(shown.get())
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    let hidden = move || count.get().saturating_sub(shown.get());
    view! {
        <section class="local-ledger">
            <h2>{move || lang.get().pick("我的服务记录", "My services")}</h2>
            <Show
                when=move || { count.get() > 0 }
                fallback=move || view! { <p class="hint">{move || lang.get().pick("还没有记录。", "Nothing yet.")}</p> }
            >
                <ul class="local-lines" data-testid="local-lines">
                    <For
                        each=drawn
                        key=|line| (line.id.clone(), state_code(&line.state))
                        children=move |line| line_view(line, lang)
                    />
                </ul>
                <ShowMore hidden=Signal::derive(hidden) shown page=PAGE/>
            </Show>
        </section>
    }
    .into_any()
}
