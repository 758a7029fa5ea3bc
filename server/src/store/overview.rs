use crate::store::row::Cells;
use app::api::ports::StoreError;
use app::domain::{CommunitySummary, Minutes, Overview};
use sqlx::AnyPool;

use super::failed;

pub(super) async fn overview(pool: &AnyPool) -> Result<Overview, StoreError> {
    // One read transaction: the figures come from one snapshot.
    let mut tx = crate::store::engine::begin_read(pool).await?;
    let sub_district: Option<String> =
        sqlx::query_scalar("SELECT name FROM sub_district WHERE id = 1")
            .fetch_optional(&mut *tx)
            .await
            .map_err(failed)?;
    let rows = sqlx::query(OVERVIEW_SQL)
        .fetch_all(&mut *tx)
        .await
        .map_err(failed)?;
    // Households helped, by the one definition the statistics use, per community, ever: from
    // the running totals (migration 0022), so the public home page never reads the ledger.
    let helped: std::collections::HashMap<String, i64> = sqlx::query_as::<_, (String, i64)>(
        "SELECT h.community_id, COUNT(DISTINCT m.household_id) FROM household_help_months m
             JOIN households h ON h.id = m.household_id WHERE m.acts > 0 GROUP BY h.community_id",
    )
    .fetch_all(&mut *tx)
    .await
    .map_err(failed)?
    .into_iter()
    .collect();
    tx.commit().await.map_err(failed)?;
    let communities = rows
        .iter()
        .map(|r| CommunitySummary {
            id: r.get("id"),
            name: r.get("name"),
            volunteers: r.get("volunteers"),
            households: helped
                .get(r.get::<String, _>("id").as_str())
                .copied()
                .unwrap_or(0),
            open_wishes: r.get("open_wishes"),
            verified: Minutes(r.get("verified_minutes")),
            retired: r.get("retired"),
        })
        .collect();
    Ok(Overview {
        sub_district: sub_district.unwrap_or_default(),
        communities,
    })
}

/// Per community. A wish is open when approved, not fulfilled or withdrawn, and with room for
/// another claimer; a line counts once verified.
const OVERVIEW_SQL: &str = "
SELECT c.id, c.name, c.retired_at IS NOT NULL AS retired,
  (SELECT COUNT(*) FROM people p WHERE p.community_id = c.id AND p.role = 'volunteer'
     AND p.deactivated_at IS NULL) AS volunteers,
  (SELECT COUNT(*) FROM wishes w WHERE w.community_id = c.id
     AND EXISTS (SELECT 1 FROM wish_events e WHERE e.wish_id = w.id AND e.kind = 'approved')
     AND NOT EXISTS (SELECT 1 FROM wish_events e WHERE e.wish_id = w.id AND e.kind IN ('fulfilled', 'withdrawn'))
     AND (SELECT COUNT(*) FROM wish_places e WHERE e.wish_id = w.id) < w.capacity
  ) AS open_wishes,
  (SELECT COALESCE(CAST(SUM(m.minutes) AS BIGINT), 0) FROM verified_months m
     WHERE m.community_id = c.id) AS verified_minutes
FROM communities c
ORDER BY c.created_at, c.name";
