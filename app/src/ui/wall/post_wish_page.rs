//! Posting a wish from the phone (/wall/new): saved on the phone first, like every entry.

use leptos::prelude::*;

use crate::ui::shell::language::use_lang;
use crate::ui::shell::page_title::PageTitle;
use crate::ui::wall::wish_form::WishForm;

#[component]
pub fn PostWishPage() -> impl IntoView {
    let lang = use_lang();
    let pick = move |zh: &'static str, en: &'static str| move || lang.get().pick(zh, en);
    view! {
        <PageTitle zh="发布心愿" en="Post a wish"/>
        <section class="post-wish" data-testid="post-wish-page">
            <p><a href="/wall">{pick("← 返回心愿墙", "← Back to the wall")}</a></p>
            <h2>{pick("发布微心愿", "Post a micro-wish")}</h2>
            <p class="hint">{pick("社区工作人员审核后，心愿会出现在心愿墙和社区大屏上。", "After staff review, the wish shows on the wall and the community screen.")}</p>
            <WishForm/>
        </section>
    }
    .into_any()
}
