//! Registering a kiosk (社区大屏): staff name the screen and get its token once, to type into the
//! screen's browser at /kiosk. Only the token's hash is kept on the server.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::register_kiosk;
use crate::ui::shell::language::use_lang;

#[component]
pub fn KioskRegister(
    /// Told after a screen is registered (the kiosks page reloads its list).
    #[prop(optional)]
    on_registered: Option<Callback<()>>,
) -> impl IntoView {
    let lang = use_lang();
    let pick = move |zh: &'static str, en: &'static str| move || lang.get().pick(zh, en);
    let name = RwSignal::new(String::new());
    let community = RwSignal::new(String::new());
    let outcome = RwSignal::new(None::<Result<String, String>>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        spawn_local(async move {
            let chosen = Some(community.get_untracked()).filter(|c| !c.trim().is_empty());
            let result = register_kiosk(name.get_untracked(), chosen)
                .await
                .map_err(|e| e.message(lang.get_untracked()));
            if let (Ok(_), Some(told)) = (&result, on_registered) {
                told.run(());
            }
            outcome.set(Some(result));
            busy.set(false);
        });
    };
    view! {
        <details class="card kiosk-register">
            <summary>{pick("登记社区大屏", "Register a community screen")}</summary>
            <form class="form" on:submit=submit data-testid="kiosk-register">
                <label>
                    <span>{pick("大屏名称（如：活动室大屏）", "Screen name (e.g. Activity room)")}</span>
                    <input name="kiosk-name" prop:value=name on:input=move |ev| name.set(event_target_value(&ev)) data-testid="kiosk-name"/>
                </label>
                <button type="submit" disabled=busy>{pick("生成大屏口令", "Create the screen's token")}</button>
            </form>
            {move || outcome.get().map(|o| match o {
                Ok(token) => view! {
                    <div class="saved" data-testid="kiosk-token-box">
                        <p>{pick("请在大屏的浏览器中打开 /kiosk 并输入以下口令（只显示这一次）：", "Open /kiosk in the screen's browser and enter this token (shown only once):")}</p>
                        <code data-testid="kiosk-token">{token}</code>
                    </div>
                }.into_any(),
                Err(e) => view! { <p class="error" role="alert">{e}</p> }.into_any(),
            })}
        </details>
    }
    .into_any()
}
