//! 服务类别: the sub-district's service categories. Staff add one (a code, the Chinese and
//! English names, an icon) and retire one that is no longer offered — never delete it: lines
//! name it. Phones show the change after their next sync, offline too.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{add_category, list_categories, retire_category, ApiError};
use crate::domain::error::{Field, ValidationErrors};
use crate::domain::Category;
use crate::ui::kit::field_error::FieldError;
use crate::ui::shell::language::use_lang;
use crate::ui::shell::page_title::PageTitle;

#[component]
pub fn CategoriesPage() -> impl IntoView {
    let lang = use_lang();
    let pick = move |zh: &'static str, en: &'static str| move || lang.get().pick(zh, en);
    let changed = RwSignal::new(0_u32);
    let list = LocalResource::new(move || {
        changed.get();
        list_categories()
    });
    let failure = RwSignal::new(None::<ApiError>);
    view! {
        <PageTitle zh="服务类别" en="Categories"/>
        <section class="categories-admin" data-testid="categories-page">
            <h2>{pick("服务类别", "Service categories")}</h2>
            <NewCategoryForm changed/>
            {move || failure.get().map(|e| view! { <p class="form-error" role="alert">{e.message(lang.get())}</p> })}
            <div class="table-wrap">
                <table class="table">
                    <thead><tr>
                        <th>{pick("图标", "Icon")}</th>
                        <th>{pick("代码", "Code")}</th>
                        <th>{pick("中文名称", "Chinese")}</th>
                        <th>{pick("英文名称", "English")}</th>
                        <th></th>
                    </tr></thead>
                    <tbody>
                        {move || list.get().and_then(Result::ok).map(|rows| rows.into_iter().map(|c| view! {
                            <CategoryLine category=c changed failure/>
                        }).collect_view())}
                    </tbody>
                </table>
            </div>
        </section>
    }
    .into_any()
}

#[component]
fn NewCategoryForm(changed: RwSignal<u32>) -> impl IntoView {
    let lang = use_lang();
    let pick = move |zh: &'static str, en: &'static str| move || lang.get().pick(zh, en);
    let code = RwSignal::new(String::new());
    let name_zh = RwSignal::new(String::new());
    let name_en = RwSignal::new(String::new());
    let icon = RwSignal::new(String::new());
    let errors = RwSignal::new(ValidationErrors::default());
    let failure = RwSignal::new(None::<ApiError>);
    let saved = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(false);
        let (c, zh, en, i) = (
            code.get_untracked(),
            name_zh.get_untracked(),
            name_en.get_untracked(),
            icon.get_untracked(),
        );
        if let Err(e) = Category::parse(&c, &zh, &en, &i) {
            errors.set(e);
            return;
        }
        spawn_local(async move {
            match add_category(c, zh, en, i).await.map_err(ApiError::typed) {
                Ok(()) => {
                    errors.set(ValidationErrors::default());
                    failure.set(None);
                    saved.set(true);
                    for field in [code, name_zh, name_en, icon] {
                        field.set(String::new());
                    }
                    changed.update(|n| *n += 1);
                }
                Err(ApiError::Invalid(e)) => errors.set(e),
                Err(e) => failure.set(Some(e)),
            }
        });
    };
    let input = move |signal: RwSignal<String>| {
        move |ev: leptos::ev::Event| signal.set(event_target_value(&ev))
    };
    view! {
        <form class="form card" novalidate on:submit=submit data-testid="new-category-form">
            <h3>{pick("新增服务类别", "New category")}</h3>
            <div class="row">
                <label><span>{pick("代码（小写字母、数字、下划线）", "Code (a–z, 0–9, _)")}</span>
                    <input data-testid="category-code" maxlength="40" prop:value=code on:input=input(code)/></label>
                <label><span>{pick("中文名称", "Chinese name")}</span>
                    <input data-testid="category-zh" maxlength="40" prop:value=name_zh on:input=input(name_zh)/></label>
                <label><span>{pick("英文名称", "English name")}</span>
                    <input data-testid="category-en" maxlength="60" prop:value=name_en on:input=input(name_en)/></label>
                <label><span>{pick("图标（可选）", "Icon (optional)")}</span>
                    <input data-testid="category-icon" maxlength="8" size="4" prop:value=icon on:input=input(icon)/></label>
            </div>
            <FieldError errors field=Field::Category/>
            <FieldError errors field=Field::Name/>
            <FieldError errors field=Field::Note/>
            <button type="submit" class="primary" data-testid="add-category">{pick("添加", "Add")}</button>
            {move || failure.get().map(|e| view! { <p class="form-error" role="alert">{e.message(lang.get())}</p> })}
            {move || saved.get().then(|| view! { <p class="saved" role="status" data-testid="category-added">{pick("已添加；志愿者的手机下次同步后即可选择。", "Added: volunteers' phones offer it after their next sync.")}</p> })}
        </form>
    }
    .into_any()
}

#[component]
fn CategoryLine(
    category: Category,
    changed: RwSignal<u32>,
    failure: RwSignal<Option<ApiError>>,
) -> impl IntoView {
    let lang = use_lang();
    let retired = category.retired;
    let code = category.code.clone();
    let toggle = move |_| {
        let code = code.clone();
        spawn_local(async move {
            match retire_category(code, !retired).await {
                Ok(()) => {
                    failure.set(None);
                    changed.update(|n| *n += 1);
                }
                Err(e) => failure.set(Some(e)),
            }
        });
    };
    view! {
        <tr data-testid="category-row" data-code=category.code.clone()>
            <td aria-hidden="true">{category.icon.clone()}</td>
            <td><code>{category.code.clone()}</code></td>
            <td>{category.name_zh.clone()}
                {retired.then(|| view! { " " <span class="badge warn" data-testid="category-retired">{move || lang.get().pick("已停用", "retired")}</span> })}</td>
            <td>{category.name_en.clone()}</td>
            <td class="actions">
                <button type="button" class="link" on:click=toggle data-testid="retire-category">
                    {move || if retired { lang.get().pick("恢复", "Restore") } else { lang.get().pick("停用", "Retire") }}
                </button>
            </td>
        </tr>
    }
}
