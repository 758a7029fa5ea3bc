//! Statistics (统计) for staff and the admin: a period, and for the admin one community or all.

use leptos::prelude::*;

use super::ApiError;
use crate::domain::statistics::{StatisticsReport, StatsInput};

/// The figures and charts of a period (empty dates: this year so far). Staff get their own
/// community's; the admin the whole sub-district's, or one community's when named.
#[server(prefix = "/api", endpoint = "statistics")]
pub async fn statistics(
    input: StatsInput,
    // The language of the charts' words (the figures are the same in both); Chinese if absent.
    lang: Option<crate::domain::Lang>,
) -> Result<StatisticsReport, ApiError> {
    use super::ports::{manager, report_scope, store};
    use crate::domain::clock::china_today;
    use crate::domain::statistics::Period;
    let actor = manager().await?;
    let scope = report_scope(&actor, &input.community)?;
    let period = Period::parse(&input, china_today(chrono::Utc::now()))?;
    let figures = store()?.statistics(scope.as_ref(), &period).await?;
    Ok(StatisticsReport::new(figures, lang.unwrap_or_default()))
}
