use leptos::prelude::*;

use super::ApiError;
use crate::domain::Overview;

/// The figures on the home page. Public on purpose: they are the aggregate numbers a sub-district
/// publishes (no names, no contacts), and the page must show them to a visitor who is not signed in.
#[server(prefix = "/api", endpoint = "overview")]
pub async fn get_overview() -> Result<Overview, ApiError> {
    let store = super::ports::store()?;
    Ok(store.overview().await?)
}
