//! Log a service (登记服务): the form, and below it what this phone has captured, each entry with
//! where it stands on its way to the server.

use leptos::prelude::*;

use crate::ui::shell::language::use_lang;
use crate::ui::shell::page_title::PageTitle;
use crate::ui::volunteer::local_ledger::LocalLedger;
use crate::ui::volunteer::service_form::ServiceForm;
use leptos_router::components::A;

#[component]
pub fn LogPage() -> impl IntoView {
    let lang = use_lang();
    view! {
        <PageTitle zh="登记服务" en="Log a service"/>
        <ServiceForm/>
        <p class="card hint">
            <A href="/volunteer/activities" attr:data-testid="to-activities">{move || lang.get().pick("社区活动：提议楼院自主活动、报名参加 →", "Community activities: propose one for your building, join one →")}</A>
        </p>
        <LocalLedger/>
    }
}
