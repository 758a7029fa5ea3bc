//! 街道管理: the admin's page for running the sub-district — its communities and its staff
//! accounts. Staff are shown a plain refusal (the server refuses them too).

use leptos::prelude::*;

use crate::ui::kit::community_choice::is_admin;
use crate::ui::office::communities_panel::CommunitiesPanel;
use crate::ui::office::staff_panel::StaffPanel;
use crate::ui::shell::language::use_lang;
use crate::ui::shell::page_title::PageTitle;

#[component]
pub fn SubDistrictPage() -> impl IntoView {
    let lang = use_lang();
    let admin = is_admin();
    let changed = RwSignal::new(0_u32);
    view! {
        <PageTitle zh="街道管理" en="Sub-district"/>
        <section class="sub-district" data-testid="sub-district-page">
            <Show when=admin fallback=move || view! {
                <p class="hint">{move || lang.get().pick("只有街道管理员可以管理社区和工作人员账号。", "Only the sub-district's administrator manages communities and staff.")}</p>
            }>
                <CommunitiesPanel changed/>
                <StaffPanel changed/>
            </Show>
        </section>
    }
    .into_any()
}
