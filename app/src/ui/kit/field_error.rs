//! The message beside a form field, in the person's language, when the field's value broke a rule.

use leptos::prelude::*;

use crate::domain::error::{Field, ValidationErrors};
use crate::ui::shell::language::use_lang;

#[component]
pub fn FieldError(errors: RwSignal<ValidationErrors>, field: Field) -> impl IntoView {
    let lang = use_lang();
    move || {
        errors.with(|all| {
            all.for_field(field).map(|e| {
                view! {
                    <p class="field-error" role="alert" data-testid=format!("error-{field:?}")>
                        {e.message(lang.get())}
                    </p>
                }
            })
        })
    }
}
