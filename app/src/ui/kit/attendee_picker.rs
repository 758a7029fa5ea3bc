//! Who attended: the volunteers of a community as a list to tick, with a search for long lists.

use leptos::prelude::*;

use crate::api::{get_overview, volunteers};
use crate::domain::Lang;
use crate::ui::shell::language::use_lang;

#[component]
pub fn AttendeePicker(
    attendees: RwSignal<Vec<String>>,
    /// For the admin: the id of the community chosen in the form (empty: none yet). Staff see
    /// their own community's volunteers whatever it holds.
    community: Signal<String>,
    /// The community of an activity whose attendance is being corrected: only its volunteers are
    /// offered (the admin would otherwise see everyone's).
    #[prop(optional)]
    fixed_community: Option<String>,
) -> impl IntoView {
    let lang = use_lang();
    let people = LocalResource::new(volunteers);
    let overview = LocalResource::new(get_overview);
    let search = RwSignal::new(String::new());
    let community_name = move || {
        if let Some(name) = &fixed_community {
            return Some(name.clone());
        }
        let id = community.get();
        (!id.is_empty())
            .then(|| {
                overview.get().and_then(Result::ok).and_then(|o| {
                    o.communities
                        .into_iter()
                        .find(|c| c.id == id)
                        .map(|c| c.name)
                })
            })
            .flatten()
    };
    let toggle = move |id: String, on: bool| {
        attendees.update(|a| {
            a.retain(|v| *v != id);
            if on {
                a.push(id);
            }
        })
    };
    view! {
        <fieldset class="attendees" data-testid="attendee-picker">
            <legend>{move || match lang.get() {
                Lang::Zh => format!("参加人员（已选 {} 人）", attendees.with(Vec::len)),
                Lang::En => format!("Attendees ({} ticked)", attendees.with(Vec::len)),
            }}</legend>
            <input type="search" class="attendee-search" placeholder=move || lang.get().pick("按姓名查找", "Find by name")
                prop:value=search on:input=move |ev| search.set(event_target_value(&ev))/>
            <div class="check-grid">
                {move || people.get().and_then(Result::ok).map(|all| {
                    let wanted = community_name();
                    let found = search.get();
                    all.into_iter()
                        .filter(|v| wanted.as_ref().is_none_or(|c| *c == v.community_name))
                        .filter(|v| found.trim().is_empty() || v.name.contains(found.trim()))
                        .map(|v| {
                            let id = v.person.to_string();
                            let checked_id = id.clone();
                            view! {
                                <label class="inline check">
                                    <input type="checkbox" data-testid="attendee" data-name=v.name.clone()
                                        prop:checked=move || attendees.with(|a| a.contains(&checked_id))
                                        on:change=move |ev| toggle(id.clone(), event_target_checked(&ev))/>
                                    {v.name.clone()}
                                </label>
                            }
                        })
                        .collect_view()
                })}
            </div>
        </fieldset>
    }
}
