//! Service preferences (服务意向): a checkbox per category, with its icon.

use leptos::prelude::*;

use crate::domain::category::SEEDED_CATEGORIES;
use crate::ui::shell::language::use_lang;

#[component]
pub fn PreferencesPicker(
    preferences: RwSignal<Vec<String>>,
    legend_zh: &'static str,
    legend_en: &'static str,
) -> impl IntoView {
    let lang = use_lang();
    view! {
        <fieldset class="categories">
            <legend>{move || lang.get().pick(legend_zh, legend_en)}</legend>
            {SEEDED_CATEGORIES.iter().map(|(code, zh, en, icon)| {
                let code = code.to_string();
                let checked = code.clone();
                view! {
                    <label class="category-choice">
                        <input
                            type="checkbox"
                            name="preferences"
                            value=code.clone()
                            prop:checked=move || preferences.with(|p| p.contains(&checked))
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                preferences.update(|p| {
                                    p.retain(|c| c != &code);
                                    if on { p.push(code.clone()); }
                                });
                            }
                        />
                        <span aria-hidden="true">{*icon}</span>
                        <span>{move || lang.get().pick(zh, en)}</span>
                    </label>
                }
            }).collect_view()}
        </fieldset>
    }
}
