//! Who attended: the volunteers of a community as a list to tick, with a search for long lists,
//! and, at the attendance, the own arrival and departure of those who came late or left early.

use leptos::prelude::*;

use crate::api::{get_overview, volunteers};
use crate::domain::activity::AttendeeTimesInput;
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
    /// At the attendance: the own times of those who did not stay the whole activity (blank
    /// fields are the activity's start or end).
    #[prop(optional)]
    times: Option<RwSignal<Vec<AttendeeTimesInput>>>,
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
            {times.map(|times| view! { <OwnTimes attendees times people/> })}
        </fieldset>
    }
}

type People = LocalResource<
    Result<Vec<crate::domain::volunteer_table::VolunteerSummary>, crate::api::ApiError>,
>;

/// One row per ticked attendee: when they arrived and left, if not with the activity.
#[component]
fn OwnTimes(
    attendees: RwSignal<Vec<String>>,
    times: RwSignal<Vec<AttendeeTimesInput>>,
    people: People,
) -> impl IntoView {
    let lang = use_lang();
    let value = move |person: &str, left: bool| {
        times.with(|all| {
            all.iter()
                .find(|t| t.person == person)
                .map(|t| {
                    if left {
                        t.left.clone()
                    } else {
                        t.arrived.clone()
                    }
                })
                .unwrap_or_default()
        })
    };
    let set = move |person: String, left: bool, to: String| {
        times.update(|all| {
            if !all.iter().any(|t| t.person == person) {
                all.push(AttendeeTimesInput {
                    person: person.clone(),
                    ..AttendeeTimesInput::default()
                });
            }
            if let Some(t) = all.iter_mut().find(|t| t.person == person) {
                if left {
                    t.left = to;
                } else {
                    t.arrived = to;
                }
            }
            all.retain(|t| !(t.arrived.is_empty() && t.left.is_empty()));
        })
    };
    view! {
        <div class="attendee-times" data-testid="attendee-times">
            <p class="hint">{move || lang.get().pick(
                "迟到或早退的，请填写本人到达、离开的时间，服务时长按本人时间计算；不填即为全程参加。",
                "For anyone who came late or left early, give their own arrival and departure: their hours count from those. Blank means the whole activity.",
            )}</p>
            {move || {
                let all = people.get().and_then(Result::ok).unwrap_or_default();
                attendees.get().into_iter().map(|id| {
                    let name = all.iter().find(|v| v.person.as_str() == id).map(|v| v.name.clone()).unwrap_or_default();
                    let label = name.clone();
                    let (a_id, l_id, a_set, l_set) = (id.clone(), id.clone(), id.clone(), id.clone());
                    view! {
                        <div class="row own-times" data-testid="attendee-time" data-name=label.clone()>
                            <span>{name}</span>
                            <label class="inline">
                                <span>{move || lang.get().pick("到达", "Arrived")}</span>
                                <input type="time" data-testid="attendee-arrived" prop:value=move || value(&a_id, false)
                                    on:change=move |ev| set(a_set.clone(), false, event_target_value(&ev))/>
                            </label>
                            <label class="inline">
                                <span>{move || lang.get().pick("离开", "Left")}</span>
                                <input type="time" data-testid="attendee-left" prop:value=move || value(&l_id, true)
                                    on:change=move |ev| set(l_set.clone(), true, event_target_value(&ev))/>
                            </label>
                        </div>
                    }
                }).collect_view()
            }}
        </div>
    }
    .into_any()
}
