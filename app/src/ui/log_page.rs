//! Log a service (登记服务): the form, and below it what this phone has captured, each entry with
//! where it stands on its way to the server.

use leptos::prelude::*;
use leptos_meta::Title;

use super::language::use_lang;
use super::local_ledger::LocalLedger;
use super::service_form::ServiceForm;

#[component]
pub fn LogPage() -> impl IntoView {
    let lang = use_lang();
    view! {
        <Title text=move || lang.get().pick("登记服务", "Log a service")/>
        <ServiceForm/>
        <LocalLedger/>
    }
}
