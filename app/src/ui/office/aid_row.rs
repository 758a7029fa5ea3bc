//! One gift of aid in the list: what was given, to whom, by whom; a reversal or a gift taken
//! back says so with its reason, and a gift that stands can be reversed.

use leptos::prelude::*;

use crate::domain::aid::AidLine;
use crate::ui::office::aid_reversal::AidReversal;
use crate::ui::shell::language::use_lang;

#[component]
pub fn AidRow(line: AidLine, saved: Callback<()>) -> impl IntoView {
    let lang = use_lang();
    let gift = line.gift.clone();
    let state = match (&line.reverses, line.reversed) {
        (Some(_), _) => Some(("冲正：", "Reversal: ")),
        (None, true) => Some(("已冲正 · ", "Reversed · ")),
        (None, false) => None,
    };
    let reason = line.reason.clone();
    let stands = line.stands();
    let id = line.id.clone();
    view! {
        <tr data-testid="aid-row" class:reversed=!stands>
            <td>{line.on.to_string()}</td>
            <td>{line.head.clone()}</td>
            <td>{line.campaign.clone()}</td>
            <td>
                {move || state.map(|(zh, en)| lang.get().pick(zh, en))}
                {move || gift.describe(lang.get())}
                {(!reason.is_empty()).then(|| view! { <small class="hint">{format!("（{reason}）")}</small> })}
            </td>
            <td>{line.partner.clone().unwrap_or_default()}</td>
            <td>{line.recorded_by.clone()}</td>
            <td>{stands.then(|| view! { <AidReversal aid=id.clone() saved/> })}</td>
        </tr>
    }
}
