//! One line of the love passbook on the phone: when, what, how long, who saw it, where it stands,
//! and the verified time so far.

use leptos::prelude::*;

use crate::api::ApiError;
use crate::domain::record::RecordFlag;
use crate::domain::Lang;
use crate::offline::passbook::{PassbookLine, RowState};
use crate::ui::kit::category_label::category_label;
use crate::ui::kit::error_text::ErrorText;

pub fn state_code(state: &RowState) -> &'static str {
    match state {
        RowState::Waiting => "waiting",
        RowState::Pending => "pending",
        RowState::Verified { .. } => "verified",
        RowState::Rejected { .. } => "rejected",
        RowState::Refused(_) => "refused",
        RowState::Quarantined(_) => "quarantined",
    }
}

/// Where a line stands, in words, with the reason of a refusal (read in full: for lazy pages).
pub fn state_text(state: &RowState, lang: Lang) -> String {
    // Refusals travel as the server's typed error, so they read in the person's language.
    let typed = |raw: &str| {
        crate::domain::json::from_json::<ApiError>(raw)
            .map(|e| e.message(lang))
            .unwrap_or_else(|_| raw.to_string())
    };
    match state {
        RowState::Refused(r) | RowState::Quarantined(r) => {
            format!("{}{}", refusal_prefix(state, lang), typed(r))
        }
        other => plain_state_text(other, lang),
    }
}

/// Where a line stands, in words; for a refused or quarantined line only the words before its
/// reason.
fn plain_state_text(state: &RowState, lang: Lang) -> String {
    match state {
        RowState::Waiting => lang
            .pick("已存本机·待同步", "On this phone · waiting to sync")
            .into(),
        RowState::Pending => lang.pick("待审核", "Awaiting review").into(),
        RowState::Verified { points } => match lang {
            Lang::Zh => format!("已核实 · 积分 {}", points.text()),
            Lang::En => format!("Verified · {} points", points.text()),
        },
        RowState::Rejected { reason } => {
            format!("{}{reason}", lang.pick("未通过：", "Rejected: "))
        }
        RowState::Refused(_) | RowState::Quarantined(_) => refusal_prefix(state, lang).into(),
    }
}

fn refusal_prefix(state: &RowState, lang: Lang) -> &'static str {
    match state {
        RowState::Quarantined(_) => lang.pick("无法处理：", "Not processed: "),
        _ => lang.pick("未通过：", "Refused: "),
    }
}

/// Where a line stands, for the passbook in the first chunk: a refusal's reason is worded by
/// [`ErrorText`], so the first chunk carries no rule's reader or sentence.
#[component]
fn LineStateText(state: RowState, lang: RwSignal<Lang>) -> impl IntoView {
    let reason = match &state {
        RowState::Refused(raw) | RowState::Quarantined(raw) => {
            Some(match ApiError::read_kept(raw) {
                Some(error) => view! { <ErrorText error/> }.into_any(),
                // Not the server's JSON (an entry quarantined with words): shown as it is.
                None => raw.clone().into_any(),
            })
        }
        _ => None,
    };
    view! { {move || plain_state_text(&state, lang.get())} {reason} }
}

pub fn passbook_line_view(line: PassbookLine, lang: RwSignal<Lang>) -> impl IntoView {
    let code = state_code(&line.state);
    let state = line.state.clone();
    let category = line.category.clone();
    let hours = line.minutes.hours_text();
    let cumulative = line.cumulative;
    let reverses = line.reverses.clone();
    let is_reversal = reverses.is_some();
    let witness = line.witness.clone();
    let signed = line.witness_signed;
    let paid_by = line.paid_by.clone();
    view! {
        <li
            class=format!("passbook-line line-{code}")
            class:reversal=is_reversal
            data-testid="passbook-line"
            data-state=code
            data-id=line.id.clone()
        >
            <div class="line-head">
                <span class="line-date">{format!("{} {}–{}", line.date, line.start, line.end)}</span>
                <span class="line-category">{move || category_label(&category, lang.get())}</span>
                <span class="line-hours" data-testid="line-hours">{move || format!("{hours}{}", lang.get().pick(" 小时", " h"))}</span>
            </div>
            <div class="line-body">{format!("{} · {}", line.place, line.content)}</div>
            {line.likely_duplicate.then(|| view! {
                <div class="badge warn" data-testid="duplicate-flag">
                    {move || RecordFlag::LikelyDuplicate.message(lang.get())}
                </div>
            })}
            {reverses.map(|(_, reason)| view! {
                <div class="line-reversal" data-testid="reversal-note">
                    {move || format!("{}{reason}", lang.get().pick("冲正：", "Correction: "))}
                </div>
            })}
            {paid_by.map(|(requester, minutes, refunded)| view! {
                <div class="line-return" data-testid="line-return">{move || match (lang.get(), refunded) {
                    (Lang::Zh, false) => format!("回报：为{requester}的求助服务，{requester}用存折支付了 {} 小时", minutes.hours_text()),
                    (Lang::Zh, true) => format!("回报：{requester}支付的 {} 小时已退还（服务被冲正）", minutes.hours_text()),
                    (Lang::En, false) => format!("Help in return: {requester} paid {} h of their passbook for this", minutes.hours_text()),
                    (Lang::En, true) => format!("Help in return: {requester}'s {} h went back (the service was reversed)", minutes.hours_text()),
                }}</div>
            })}
            <div class="line-foot">
                <span class=format!("line-state state-{code}") data-testid="line-state"><LineStateText state lang/></span>
                {(!witness.is_empty()).then(|| {
                    let witness = witness.clone();
                    view! {
                        <span class="line-witness">{move || format!("{}{witness}", lang.get().pick("见证人：", "Witness: "))}</span>
                        {signed.then(|| view! {
                            <span class="badge ok" data-testid="witness-signed">{move || lang.get().pick("见证人已现场签名", "Signed by the witness")}</span>
                        })}
                    }
                })}
                {cumulative.map(|c| view! {
                    <span class="line-cumulative" data-testid="line-cumulative">
                        {move || format!("{}{}{}", lang.get().pick("累计 ", "Total "), c.hours_text(), lang.get().pick(" 小时", " h"))}
                    </span>
                })}
            </div>
        </li>
    }
}
