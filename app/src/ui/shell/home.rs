use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::get_overview;
use crate::i18n::Text;
use crate::ui::shell::language::{t, use_lang};
use crate::ui::shell::overview_table::OverviewTable;

#[component]
pub fn HomePage() -> impl IntoView {
    let lang = use_lang();
    let overview = Resource::new(|| (), |_| get_overview());
    let steps = [
        (Text::StepGive, Text::StepGiveBody),
        (Text::StepAccumulate, Text::StepAccumulateBody),
        (Text::StepReturn, Text::StepReturnBody),
    ];

    view! {
        <Title text=""/>
        <section class="hero">
            <h1>{t(lang, Text::AppName)}</h1>
            <p class="motto">{t(lang, Text::Motto)}</p>
        </section>
        <section class="steps" aria-labelledby="how">
            <h2 id="how">{t(lang, Text::HowItWorks)}</h2>
            <ol>
                {steps
                    .into_iter()
                    .map(|(title, body)| {
                        view! {
                            <li>
                                <h3>{t(lang, title)}</h3>
                                <p>{t(lang, body)}</p>
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </section>
        <section class="overview" aria-labelledby="overview">
            <h2 id="overview">{t(lang, Text::SubDistrictOverview)}</h2>
            <Suspense fallback=move || view! { <p class="loading">{t(lang, Text::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match overview.await {
                        Ok(o) => view! { <OverviewTable overview=o/> }.into_any(),
                        Err(e) => {
                            view! { <p class="error" role="alert">{move || e.message(lang.get())}</p> }
                                .into_any()
                        }
                    }
                })}
            </Suspense>
        </section>
    }
}
