//! Statistics (统计) for staff and the admin: a period, and for the admin one community or all;
//! for a district's administrator, one sub-district or all of them added up.

use leptos::prelude::*;

use super::ApiError;
use crate::domain::city::SubDistrictChoice;
use crate::domain::statistics::{StatisticsReport, StatsInput};

/// The figures and charts of a period (empty dates: this year so far). Staff get their own
/// community's; the admin the whole sub-district's, or one community's when named; the
/// district's administrator (the install's own admin, on its own address) any sub-district's,
/// or all of them added up.
#[server(prefix = "/api", endpoint = "statistics")]
pub async fn statistics(
    input: StatsInput,
    // The language of the charts' words (the figures are the same in both); Chinese if absent.
    lang: Option<crate::domain::Lang>,
) -> Result<StatisticsReport, ApiError> {
    use super::ports::{city, manager, store};
    use crate::domain::clock::china_today;
    let actor = manager().await?;
    let today = china_today(chrono::Utc::now());
    let figures = figures_for(&actor, &input, today, &*store()?, city()).await?;
    Ok(StatisticsReport::new(figures, lang.unwrap_or_default()))
}

/// The sub-districts the caller can choose in the statistics: every one of the install for the
/// district's administrator, none for anyone else (nor on a sub-district's own address).
#[server(prefix = "/api", endpoint = "sub_districts")]
pub async fn sub_districts() -> Result<Vec<SubDistrictChoice>, ApiError> {
    use super::ports::{city, manager};
    use crate::domain::person::Role;
    let actor = manager().await?;
    Ok(match (actor.role, city()) {
        (Role::Admin, Some(city)) => city.sub_districts().await?,
        _ => Vec::new(),
    })
}

/// What `input` asks of `actor`'s statistics, from `store` (the request's sub-district) or, when
/// it names a sub-district, from `city` (the district's view, given on the home address only).
#[cfg(feature = "ssr")]
pub async fn figures_for(
    actor: &crate::domain::person::Actor,
    input: &StatsInput,
    today: chrono::NaiveDate,
    store: &dyn super::ports::Store,
    city: Option<std::sync::Arc<dyn super::ports::City>>,
) -> Result<crate::domain::statistics::Statistics, ApiError> {
    use super::ports::report_scope;
    use crate::domain::person::Role;
    use crate::domain::statistics::Period;
    let period = Period::parse(input, today)?;
    let asked = input.sub_district.trim();
    if asked.is_empty() {
        let scope = report_scope(actor, &input.community)?;
        return Ok(store.statistics(scope.as_ref(), &period).await?);
    }
    match (actor.role, city) {
        // A sub-district is counted whole: its communities are its own admin's to pick.
        (Role::Admin, Some(city)) if input.community.trim().is_empty() => {
            Ok(city.statistics(asked, &period).await?)
        }
        (Role::Admin, Some(_)) => Err(ApiError::NotFound),
        _ => Err(ApiError::Forbidden),
    }
}
