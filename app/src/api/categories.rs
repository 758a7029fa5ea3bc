//! Service categories: the eight of the Love Bank, and the ones staff add.

use leptos::prelude::*;

use super::ApiError;
use crate::domain::Category;

/// Every category, in display order. Anyone may read them (forms and the wall need them).
#[server(prefix = "/api", endpoint = "categories")]
pub async fn list_categories() -> Result<Vec<Category>, ApiError> {
    Ok(super::ports::store()?.categories().await?)
}

/// Adds a category. Staff and the admin; the code must be new.
#[server(prefix = "/api", endpoint = "add_category")]
pub async fn add_category(
    code: String,
    name_zh: String,
    name_en: String,
    icon: String,
) -> Result<(), ApiError> {
    use super::ports::{audit_entry, manager, store};
    let actor = manager().await?;
    let category = Category::parse(&code, &name_zh, &name_en, &icon)?;
    let mut audit = audit_entry(&actor, "add_category", &category.code);
    audit.detail = format!("{} / {}", category.name_zh, category.name_en);
    Ok(store()?.add_category(&category, audit).await?)
}

/// Retires a category (`retired = true`) or restores it. A retired category leaves the forms
/// (phones after their next sync); lines that name it stay as they are. Staff and the admin.
#[server(prefix = "/api", endpoint = "retire_category")]
pub async fn retire_category(code: String, retired: bool) -> Result<(), ApiError> {
    use super::ports::{audit_entry, manager, store};
    let actor = manager().await?;
    let action = if retired {
        "retire_category"
    } else {
        "restore_category"
    };
    Ok(store()?
        .retire_category(
            code.trim(),
            retired,
            audit_entry(&actor, action, code.trim()),
        )
        .await?)
}
