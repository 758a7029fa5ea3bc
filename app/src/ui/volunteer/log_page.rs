//! Log a service (登记服务): the form, and below it what this phone has captured, each entry with
//! where it stands on its way to the server.

use leptos::prelude::*;

use crate::ui::shell::page_title::PageTitle;
use crate::ui::volunteer::local_ledger::LocalLedger;
use crate::ui::volunteer::service_form::ServiceForm;

#[component]
pub fn LogPage() -> impl IntoView {
    view! {
        <PageTitle zh="登记服务" en="Log a service"/>
        <ServiceForm/>
        <LocalLedger/>
    }
}
