use leptos::prelude::*;

use crate::domain::Overview;
use crate::i18n::Text;
use crate::ui::shell::language::{t, use_lang};

/// The sub-district's figures: four headline numbers, then one row per community and the totals.
#[component]
pub fn OverviewTable(overview: Overview) -> impl IntoView {
    let lang = use_lang();
    let cards = [
        (Text::Volunteers, overview.total_volunteers().to_string()),
        (Text::Households, overview.total_households().to_string()),
        (Text::OpenWishes, overview.total_open_wishes().to_string()),
        (Text::VerifiedHours, overview.total_verified().hours_text()),
    ];
    let totals = (
        overview.total_volunteers(),
        overview.total_households(),
        overview.total_open_wishes(),
        overview.total_verified().hours_text(),
    );
    view! {
        <p class="sub-district">{overview.sub_district.clone()}</p>
        <ul class="cards">
            {cards
                .into_iter()
                .map(|(label, value)| {
                    view! {
                        <li class="card">
                            <span class="value">{value}</span>
                            <span class="label">{t(lang, label)}</span>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
        <table class="data">
            <thead>
                <tr>
                    <th scope="col">{t(lang, Text::Community)}</th>
                    <th scope="col">{t(lang, Text::Volunteers)}</th>
                    <th scope="col">{t(lang, Text::Households)}</th>
                    <th scope="col">{t(lang, Text::OpenWishes)}</th>
                    <th scope="col">{t(lang, Text::VerifiedHours)}</th>
                </tr>
            </thead>
            <tbody>
                {overview
                    .communities
                    .into_iter()
                    .map(|c| {
                        view! {
                            <tr>
                                <th scope="row">{c.name}</th>
                                <td>{c.volunteers}</td>
                                <td>{c.households}</td>
                                <td>{c.open_wishes}</td>
                                <td>{c.verified.hours_text()}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
            <tfoot>
                <tr>
                    <th scope="row">{t(lang, Text::Total)}</th>
                    <td>{totals.0}</td>
                    <td>{totals.1}</td>
                    <td>{totals.2}</td>
                    <td>{totals.3}</td>
                </tr>
            </tfoot>
        </table>
    }
}
