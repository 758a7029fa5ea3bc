//! The port of a city's install (several sub-districts, each with its own database): what the
//! district's administrator reads across them. Only the install's own sub-district (its home
//! address) is given one; a request to any other sub-district has none.

use super::StoreError;
use crate::domain::city::SubDistrictChoice;
use crate::domain::statistics::{Period, Statistics};

#[async_trait::async_trait]
pub trait City: Send + Sync + 'static {
    /// The install's sub-districts, its own first, each by the name its own database holds
    /// now (its admin may have renamed it).
    async fn sub_districts(&self) -> Result<Vec<SubDistrictChoice>, StoreError>;

    /// The statistics of `period` for one sub-district (its code) or for all of them added up
    /// (`ALL_SUB_DISTRICTS`). Each sub-district is counted whole, every community.
    async fn statistics(&self, code: &str, period: &Period) -> Result<Statistics, StoreError>;
}
