//! Downloads of the office's tables: `GET /export/{table}.{csv|xlsx}`. A plain route rather
//! than a server function because the answer is a file the browser saves. It checks the caller
//! exactly as the server functions do (the session cookie, staff or admin, their community
//! only), and the volunteers' and households' tables take the same query as their page, so
//! the file holds the rows on screen.

use app::api::ports::{
    report_scope, request_cookie_in, Accounts, City, Store, SubDistrictPorts, SESSION_COOKIE,
};
use app::api::ApiError;
use app::domain::aid_campaign::{campaign_table, CampaignReport};
use app::domain::audit::{AuditFilter, AuditQuery};
use app::domain::clock::china_today;
use app::domain::export::{
    activities_table, agreements_table, audit_table, households_table, statistics_table,
    volunteers_table, Cell, Table,
};
use app::domain::household_table::HouseholdQuery;
use app::domain::line_export::{lines_table, LineFilter, LineQuery};
use app::domain::person::{Actor, Role};
use app::domain::statistics::StatsInput;
use app::domain::volunteer_table::VolunteerQuery;
use app::domain::Lang;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use chrono::{Datelike, Utc};
use std::sync::Arc;

use crate::api_status::status_of;

/// The newest rows of the audit trail an export holds (the page shows 100 at a time).
const AUDIT_EXPORT_ROWS: u32 = 50_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Csv,
    Xlsx,
}

pub async fn export(
    State(store): State<Arc<dyn Store>>,
    State(accounts): State<Arc<dyn Accounts>>,
    // In an install of several sub-districts: those of the request's (see `crate::city`).
    sub_district: Option<Extension<SubDistrictPorts>>,
    Path(file): Path<String>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    // Each table reads its own filters from the one query string (the page's).
    let filters = match (
        Query::<VolunteerQuery>::try_from_uri(&uri),
        Query::<HouseholdQuery>::try_from_uri(&uri),
        Query::<StatsInput>::try_from_uri(&uri),
        Query::<AuditQuery>::try_from_uri(&uri),
        Query::<LineQuery>::try_from_uri(&uri),
        Query::<CampaignQuery>::try_from_uri(&uri),
    ) {
        (
            Ok(Query(volunteers)),
            Ok(Query(households)),
            Ok(Query(stats)),
            Ok(Query(audit)),
            Ok(Query(lines)),
            Ok(Query(campaign)),
        ) => Filters {
            volunteers,
            households,
            stats,
            audit,
            lines,
            campaign,
        },
        _ => return refuse(&ApiError::Transport("the filters are not valid".into())),
    };
    let (store, accounts, city) = match sub_district {
        Some(Extension(ports)) => (ports.store, ports.accounts, ports.city),
        None => (store, accounts, None),
    };
    match build(&*store, &*accounts, city, &file, &filters, &headers).await {
        Ok((table, format)) => match encode(&table, format) {
            Ok(bytes) => download(&table, format, bytes),
            Err(e) => {
                tracing::error!(error = %e, "export");
                refuse(&ApiError::Unavailable)
            }
        },
        Err(e) => refuse(&e),
    }
}

/// What the page chose above its table; each export reads the part that is its own.
struct Filters {
    volunteers: VolunteerQuery,
    households: HouseholdQuery,
    stats: StatsInput,
    audit: AuditQuery,
    lines: LineQuery,
    campaign: CampaignQuery,
}

/// The campaign page's one choice: which campaign.
#[derive(Debug, Default, serde::Deserialize)]
struct CampaignQuery {
    #[serde(default)]
    campaign: String,
}

async fn build(
    store: &dyn Store,
    accounts: &dyn Accounts,
    city: Option<Arc<dyn City>>,
    file: &str,
    filters: &Filters,
    headers: &HeaderMap,
) -> Result<(Table, Format), ApiError> {
    let (name, format) = match file.rsplit_once('.') {
        Some((name, "csv")) => (name, Format::Csv),
        Some((name, "xlsx")) => (name, Format::Xlsx),
        _ => return Err(ApiError::NotFound),
    };
    let token = request_cookie_in(headers, SESSION_COOKIE).ok_or(ApiError::SignedOut)?;
    let actor = accounts.actor(&token).await?.ok_or(ApiError::SignedOut)?;
    let scope = manager_scope(&actor)?;
    let now = Utc::now();
    let today = china_today(now);
    let table = match name {
        "volunteers" => {
            let all = store.volunteers(scope, today.year()).await?;
            let categories = store.categories().await?;
            volunteers_table(&filters.volunteers.select(&all, today), &categories, today)
        }
        "households" => {
            let all = store.households(scope, today).await?;
            households_table(&filters.households.select(&all, today))
        }
        "agreements" => agreements_table(&store.agreements(scope, today).await?, today),
        "activities" => {
            let categories = store.categories().await?;
            activities_table(&store.activities(scope).await?, &categories)
        }
        "statistics" => statistics_table(
            &app::api::figures_for(&actor, &filters.stats, today, store, city).await?,
        ),
        "lines" => {
            let scope = report_scope(&actor, &filters.lines.community)?;
            let filter = LineFilter::parse(&filters.lines, today)?;
            let categories = store.categories().await?;
            lines_table(
                &store.ledger_lines(scope.as_ref(), &filter).await?,
                &categories,
            )
        }
        "campaign" => {
            let campaign = filters.campaign.campaign.trim();
            let lines = store.aid_lines(scope, Some(campaign)).await?;
            if lines.is_empty() {
                return Err(ApiError::NotFound);
            }
            campaign_table(&CampaignReport::from_lines(campaign, &lines))
        }
        "audit" => {
            let filter = AuditFilter::parse(&filters.audit)?;
            let page = store.audit_trail(scope, &filter, AUDIT_EXPORT_ROWS).await?;
            audit_table(&page.rows)
        }
        _ => return Err(ApiError::NotFound),
    };
    Ok((table, format))
}

/// Staff export their community's tables, the admin everyone's.
fn manager_scope(actor: &Actor) -> Result<Option<&app::domain::ids::CommunityId>, ApiError> {
    match (actor.role, &actor.community) {
        (Role::Admin, _) => Ok(None),
        (Role::Staff, Some(community)) => Ok(Some(community)),
        _ => Err(ApiError::Forbidden),
    }
}

fn refuse(error: &ApiError) -> Response {
    (
        status_of(error),
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        error.message(Lang::Zh),
    )
        .into_response()
}

/// The file's bytes. CSV starts with a byte-order mark and ends lines with CRLF, which is what
/// Excel on Windows needs to read UTF-8 Chinese correctly.
pub fn encode(table: &Table, format: Format) -> anyhow::Result<Vec<u8>> {
    match format {
        Format::Csv => {
            let mut out = Vec::from("\u{feff}".as_bytes());
            {
                let mut writer = csv::WriterBuilder::new()
                    .terminator(csv::Terminator::CRLF)
                    .from_writer(&mut out);
                writer.write_record(&table.headers)?;
                for row in &table.rows {
                    writer.write_record(row.iter().map(csv_text))?;
                }
                writer.flush()?;
            }
            Ok(out)
        }
        Format::Xlsx => {
            use rust_xlsxwriter::{Format as CellFormat, Workbook};
            let mut workbook = Workbook::new();
            let sheet = workbook.add_worksheet();
            sheet.set_name(&table.name)?;
            let bold = CellFormat::new().set_bold();
            for (c, header) in table.headers.iter().enumerate() {
                sheet.write_string_with_format(0, c as u16, header, &bold)?;
            }
            for (r, row) in table.rows.iter().enumerate() {
                let r = r as u32 + 1;
                for (c, cell) in row.iter().enumerate() {
                    match cell {
                        Cell::Text(text) => sheet.write_string(r, c as u16, text)?,
                        Cell::Number(n) => sheet.write_number(r, c as u16, *n)?,
                    };
                }
            }
            sheet.set_freeze_panes(1, 0)?;
            sheet.autofit();
            Ok(workbook.save_to_buffer()?)
        }
    }
}

/// A cell as CSV text. Text that a spreadsheet would run as a formula (=, +, -, @ first) gets
/// a leading apostrophe: a name typed as "=HYPERLINK(…)" must stay a name.
fn csv_text(cell: &Cell) -> String {
    match cell {
        Cell::Number(n) => n.to_string(),
        Cell::Text(t) if t.starts_with(['=', '+', '-', '@', '\t', '\r']) => format!("'{t}"),
        Cell::Text(t) => t.clone(),
    }
}

fn download(table: &Table, format: Format, bytes: Vec<u8>) -> Response {
    let (extension, mime) = match format {
        Format::Csv => ("csv", "text/csv; charset=utf-8"),
        Format::Xlsx => (
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
    };
    let date = china_today(Utc::now());
    let name = format!("{}-{date}.{extension}", table.name);
    let encoded: String = name
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect();
    let disposition =
        format!("attachment; filename=\"lovebank-{date}.{extension}\"; filename*=UTF-8''{encoded}");
    let mut response = (StatusCode::OK, bytes).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> Table {
        Table {
            name: "志愿者档案".into(),
            headers: vec!["姓名".into(), "时长".into()],
            rows: vec![
                vec![Cell::Text("=1+1".into()), Cell::Number(1.5)],
                vec![Cell::Text("刘芳, \"小芳\"".into()), Cell::Number(2.0)],
            ],
        }
    }

    #[test]
    fn csv_is_excel_safe_utf8() {
        let bytes = encode(&table(), Format::Csv).expect("csv");
        let text = String::from_utf8(bytes).expect("utf-8");
        assert_eq!(
            text,
            "\u{feff}姓名,时长\r\n'=1+1,1.5\r\n\"刘芳, \"\"小芳\"\"\",2\r\n"
        );
    }

    #[test]
    fn xlsx_is_a_zip_workbook() {
        let bytes = encode(&table(), Format::Xlsx).expect("xlsx");
        assert_eq!(&bytes[..2], b"PK");
    }
}
