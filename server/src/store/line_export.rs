//! The ledger's lines of a period as a file: one query, each line with its volunteer, community,
//! beneficiary in words, and the fact that decided it (or the reversal that took it back).

use crate::store::row::Cells;
use app::api::ports::StoreError;
use app::domain::ids::CommunityId;
use app::domain::line_export::{LineExportRow, LineExportState, LineFilter, MAX_EXPORT_LINES};
use app::domain::Minutes;
use sqlx::AnyPool;

use super::failed;
use super::help_given::local_date;

pub(super) async fn lines(
    pool: &AnyPool,
    scope: Option<&CommunityId>,
    filter: &LineFilter,
) -> Result<Vec<LineExportRow>, StoreError> {
    // The state is derived in SQL so that the filter and the limit apply to it.
    let rows = sqlx::query(
        "WITH lines AS (
           SELECT r.*, p.name AS volunteer_name, c.name AS community_name,
             COALESCE(h.head_name, w.need, '活动：' || a.title, r.beneficiary_name, '') AS beneficiary_label,
             e.kind AS decision, e.at AS decided_at, e.reason AS decision_reason,
             d.name AS decider,
             CASE WHEN e.kind = 'rejected' THEN 'rejected'
                  WHEN e.kind = 'verified' AND EXISTS
                    (SELECT 1 FROM service_records x WHERE x.reverses = r.id) THEN 'reversed'
                  WHEN e.kind = 'verified' THEN 'verified'
                  ELSE 'pending' END AS state
           FROM service_records r
           JOIN people p ON p.id = r.volunteer_id
           JOIN communities c ON c.id = r.community_id
           LEFT JOIN households h ON r.beneficiary_kind = 'household' AND h.id = r.beneficiary_id
           LEFT JOIN wishes w ON r.beneficiary_kind = 'wish' AND w.id = r.beneficiary_id
           LEFT JOIN activities a ON r.beneficiary_kind = 'activity' AND a.id = r.beneficiary_id
           LEFT JOIN record_events e ON e.record_id = r.id
           LEFT JOIN people d ON d.id = e.person_id
           WHERE ($1 IS NULL OR r.community_id = $1)
             AND r.service_date BETWEEN $2 AND $3
             AND ($4 IS NULL OR r.category = $4))
         SELECT * FROM lines WHERE $5 IS NULL OR state = $5
         ORDER BY service_date, start_time, received_at, id
         LIMIT $6",
    )
    .bind(scope.map(|c| c.as_str().to_string()))
    .bind(filter.period.from.to_string())
    .bind(filter.period.to.to_string())
    .bind(&filter.category)
    .bind(filter.state.map(LineExportState::code))
    .bind(i64::from(MAX_EXPORT_LINES) + 1)
    .fetch_all(pool)
    .await
    .map_err(failed)?;
    if rows.len() > MAX_EXPORT_LINES as usize {
        return Err(StoreError::Failed(format!(
            "more than {MAX_EXPORT_LINES} lines: choose a shorter period"
        )));
    }
    let corrupt = || StoreError::Failed("a ledger line does not parse".into());
    rows.iter()
        .map(|r| {
            let reversal = r.get::<String, _>("kind") == "reversal";
            let minutes = r.get::<i64, _>("minutes");
            // A witness who signed on the spot is said so: the file has no drawings.
            let signed = !r.get::<String, _>("witness_signature").is_empty();
            let witness = format!(
                "{} {}{}",
                r.get::<String, _>("witness_name"),
                r.get::<String, _>("witness_phone"),
                if signed { "（现场签名）" } else { "" }
            );
            // A reversal says why in its own line; a rejection in its fact.
            let reason = if reversal {
                r.get::<String, _>("reason")
            } else {
                r.get::<Option<String>, _>("decision_reason")
                    .unwrap_or_default()
            };
            Ok(LineExportRow {
                date: r
                    .get::<String, _>("service_date")
                    .parse()
                    .map_err(|_| corrupt())?,
                start: r.get("start_time"),
                end: r.get("end_time"),
                volunteer: r.get("volunteer_name"),
                community: r.get("community_name"),
                category: r.get("category"),
                place: r.get("place"),
                content: r.get("content"),
                beneficiary: r.get("beneficiary_label"),
                witness: witness.trim().to_string(),
                minutes: Minutes(if reversal { -minutes } else { minutes }),
                reversal,
                state: LineExportState::from_code(&r.get::<String, _>("state"))
                    .ok_or_else(corrupt)?,
                decided_by: r.get::<Option<String>, _>("decider").unwrap_or_default(),
                decided_on: r
                    .get::<Option<String>, _>("decided_at")
                    .map(|at| local_date(&at)),
                reason,
            })
        })
        .collect()
}
