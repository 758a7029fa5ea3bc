//! What counts as help given to a household, shared by its file, the households' table, the
//! statistics and the home page: one definition, so every figure agrees.

use app::domain::clock::china_today;
use chrono::{DateTime, NaiveDate, Utc};

/// The service lines that helped a household: for it, or for a wish posted for it; neither
/// rejected nor taken back by a reversal. Statistics count help from the same lines. A line has
/// at most one decision, so one `LEFT JOIN` tells both "rejected" and "verified".
///
/// Without `household`, one pass over the ledger, which SQLite can also fold into a join (the
/// agreements' lines, by volunteer). With `household`, a SQL parameter such as `"?2"`, only that
/// household's lines, through the beneficiary index: the two ways a line reaches a household are
/// then two branches, since one `OR` would make SQLite read the whole ledger.
pub(super) fn help_lines(household: Option<&str>) -> String {
    help_lines_where(household, "TRUE")
}

/// `help_lines` of the whole sub-district on some days only: `days`, an SQL condition on
/// `r.service_date`, is applied while reading the ledger (through its date index), so a few
/// days at a statistics period's edges never read every line.
pub(super) fn help_lines_on(days: &str) -> String {
    help_lines_where(None, days)
}

fn help_lines_where(household: Option<&str>, days: &str) -> String {
    let kept = "r.kind = 'service' AND d.kind IS DISTINCT FROM 'rejected'
    AND NOT EXISTS (SELECT 1 FROM service_records v WHERE v.reverses = r.id)";
    let columns = "r.id, r.volunteer_id, r.community_id, r.service_date, r.minutes, r.content,
    r.category, d.kind IS NOT DISTINCT FROM 'verified' AS verified";
    match household {
        None => format!(
            "help_lines AS (
  SELECT {columns},
    CASE WHEN r.beneficiary_kind = 'household' THEN r.beneficiary_id ELSE w.household_id END
      AS household_id
  FROM service_records r
  LEFT JOIN wishes w ON r.beneficiary_kind = 'wish' AND w.id = r.beneficiary_id
  LEFT JOIN record_events d ON d.record_id = r.id
  WHERE (r.beneficiary_kind = 'household' OR w.household_id IS NOT NULL) AND {kept} AND {days}
)"
        ),
        Some(p) => format!(
            "help_lines AS (
  SELECT {columns}, r.beneficiary_id AS household_id
  FROM service_records r LEFT JOIN record_events d ON d.record_id = r.id
  WHERE r.beneficiary_kind = 'household' AND r.beneficiary_id = {p} AND {kept}
  UNION ALL
  SELECT {columns}, w.household_id
  FROM wishes w
  JOIN service_records r ON r.beneficiary_kind = 'wish' AND r.beneficiary_id = w.id
  LEFT JOIN record_events d ON d.record_id = r.id
  WHERE w.household_id = {p} AND {kept}
)"
        ),
    }
}

/// Help a household was given, one row per act of help with its China date and way: a verified
/// service for it (or for a wish posted for it), or a wish posted for it that staff confirmed
/// fulfilled (goods or help given without a service line included), or aid (慰问) given to it
/// and not taken back. "Households helped" in
/// every figure — the statistics, the yearly table, the home page — counts the distinct
/// households of these rows, so a household helped in two ways counts once. Reads `help_lines`.
pub(super) const HELP_GIVEN: &str = "help_given AS (
  SELECT household_id, service_date AS day, 'service' AS way FROM help_lines WHERE verified
  UNION ALL
  SELECT w.household_id, date(e.at, '+8 hours') AS day, 'wish' AS way
  FROM wish_events e JOIN wishes w ON w.id = e.wish_id
  WHERE e.kind = 'fulfilled' AND w.household_id IS NOT NULL
  UNION ALL
  SELECT a.household_id, a.given_on AS day, 'aid' AS way FROM aid_gifts a
  WHERE a.reverses IS NULL AND NOT EXISTS (SELECT 1 FROM aid_gifts v WHERE v.reverses = a.id)
)";

/// China's date of a stored UTC timestamp.
pub(super) fn local_date(stored: &str) -> NaiveDate {
    DateTime::parse_from_rfc3339(stored)
        .map(|t| china_today(t.with_timezone(&Utc)))
        .unwrap_or_default()
}
