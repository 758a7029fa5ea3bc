//! The city's data for the statistics bench: communities, volunteers, households and verified
//! lines written straight into a store's tables, as fast as one statement per 500 rows allows.

use std::time::Instant;

use chrono::{Days, NaiveDate};

/// Households set up in each community.
const HOUSEHOLDS_PER_COMMUNITY: usize = 10;
/// Days of history, ending today.
pub const DAYS: u64 = 3_650;
const CATEGORIES: [&str; 4] = ["tutoring", "community_help", "health", "environment"];
/// Rows per multi-row INSERT.
const BATCH: usize = 500;

fn id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// Inserts `rows` into `table` (`columns`, comma-separated), BATCH rows per statement, each row
/// followed by the same `fixed` SQL values for the `fixed_columns`.
async fn insert_rows(
    store: &server::store::SqlStore,
    table: &str,
    columns: &str,
    (fixed_columns, fixed): (&str, &str),
    rows: &[Vec<String>],
) {
    let width = columns.split(',').count();
    // SQLite looks each `$n` up by name among those before it: `?` prepares in linear time.
    let sqlite = store.engine() == server::store::Engine::Sqlite;
    let mut tx = store.pool().begin().await.expect("begin");
    for chunk in rows.chunks(BATCH) {
        let values: Vec<String> = (0..chunk.len())
            .map(|r| {
                let cells: Vec<String> = (1..=width)
                    .map(|c| match sqlite {
                        true => "?".to_string(),
                        false => format!("${}", r * width + c),
                    })
                    .collect();
                format!("({}{fixed})", cells.join(", "))
            })
            .collect();
        let sql = format!(
            "INSERT INTO {table} ({columns}{fixed_columns}) VALUES {}",
            values.join(", ")
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for row in chunk {
            for cell in row {
                query = query.bind(cell.clone());
            }
        }
        query.execute(&mut *tx).await.expect(table);
    }
    tx.commit().await.expect("commit");
}

/// How much one database holds.
#[derive(Clone, Copy)]
pub struct Size {
    pub lines: usize,
    pub communities: usize,
    pub volunteers: usize,
}

/// Writes the city (or one sub-district of it) straight into the store's tables; the
/// verifications go in as one statement, so the running totals are kept by their triggers as
/// they would be one decision at a time.
pub async fn fill(store: &server::store::SqlStore, today: NaiveDate, size: Size, quiet: bool) {
    let Size {
        lines: line_count,
        communities: community_count,
        volunteers: volunteer_count,
    } = size;
    let pool = store.pool();
    let admin: String = sqlx::query_scalar("SELECT id FROM people WHERE role = 'admin'")
        .fetch_one(pool)
        .await
        .expect("admin");
    let at = "2017-01-01T00:00:00.000000Z";
    let communities: Vec<Vec<String>> = (0..community_count)
        .map(|c| {
            vec![
                id(),
                format!("第{}街道第{}社区", c / 8 + 1, c % 8 + 1),
                at.to_string(),
            ]
        })
        .collect();
    insert_rows(
        store,
        "communities",
        "id, name, created_at",
        ("", ""),
        &communities,
    )
    .await;
    let volunteers: Vec<Vec<String>> = (0..volunteer_count)
        .map(|v| {
            vec![
                id(),
                communities[v % community_count][0].clone(),
                format!("志愿者{v}"),
                ["masses", "party_member", "league_member"][v % 3].to_string(),
                format!("139{v:08}"),
                "2017-01-01".to_string(),
                at.to_string(),
            ]
        })
        .collect();
    insert_rows(
        store,
        "people",
        "id, community_id, name, political_status, phone, joined_on, created_at",
        (", role", ", 'volunteer'"),
        &volunteers,
    )
    .await;
    let households: Vec<Vec<String>> = (0..community_count * HOUSEHOLDS_PER_COMMUNITY)
        .map(|h| {
            vec![
                id(),
                communities[h % community_count][0].clone(),
                format!("户主{h}"),
                at.to_string(),
            ]
        })
        .collect();
    insert_rows(
        store,
        "households",
        "id, community_id, head_name, created_at",
        (
            ", address, members, hardship_type, needs",
            ", '幸福路1号', 2, '独居老人', '助餐'",
        ),
        &households,
    )
    .await;
    let started = Instant::now();
    let mut lines = Vec::with_capacity(BATCH * 20);
    for i in 0..line_count {
        let v = i % volunteer_count;
        let community = v % community_count;
        let date = today - Days::new((i as u64 * 7919) % DAYS);
        // One line in three for a household of the volunteer's community.
        let (kind, beneficiary) = if i % 3 == 0 {
            let h = (i / 3 % HOUSEHOLDS_PER_COMMUNITY) * community_count + community;
            ("household", households[h][0].clone())
        } else {
            ("none", String::new())
        };
        lines.push(vec![
            id(),
            volunteers[v][0].clone(),
            communities[community][0].clone(),
            date.to_string(),
            CATEGORIES[i % CATEGORIES.len()].to_string(),
            kind.to_string(),
            beneficiary,
        ]);
        if lines.len() == BATCH * 20 || i + 1 == line_count {
            insert_rows(
                store,
                "service_records",
                "id, volunteer_id, community_id, service_date, category, beneficiary_kind, beneficiary_id",
                (
                    ", start_time, end_time, minutes, place, content, created_at, received_at",
                    ", '09:00', '10:30', 90, '社区服务站', '上门探望', \
                     '2017-01-01T00:00:00.000000Z', '2017-01-01T00:00:00.000000Z'",
                ),
                &lines,
            )
            .await;
            lines.clear();
        }
    }
    if !quiet {
        println!(
            "wrote {line_count} lines in {:.1} s",
            started.elapsed().as_secs_f64()
        );
    }
    // The lines are on file before anyone verifies them, and PostgreSQL's autovacuum has
    // analyzed them by then. Verified in bulk in a schema whose tables were never analyzed, the
    // triggers' cached generic plans scan the growing tables: 3–6 ms a line instead of 0.1 ms
    // (measured on a new schema of 20,000 lines: 64 s, against 1.1 s after `ANALYZE`).
    sqlx::query("ANALYZE").execute(pool).await.expect("analyze");
    let started = Instant::now();
    let mut tx = pool.begin().await.expect("begin");
    if store.engine() == server::store::Engine::Postgres {
        // As the store's write transactions do: its connections plan every statement afresh
        // (for the reports), which in a trigger run a million times costs more than the work.
        sqlx::query("SET LOCAL plan_cache_mode = auto")
            .execute(&mut *tx)
            .await
            .expect("plan cache");
    }
    sqlx::query(
        "INSERT INTO record_events (id, record_id, kind, person_id, at, points)
         SELECT 'v' || r.id, r.id, 'verified', $1, r.received_at, 150 FROM service_records r
         WHERE NOT EXISTS (SELECT 1 FROM record_events e WHERE e.record_id = r.id)",
    )
    .bind(&admin)
    .execute(&mut *tx)
    .await
    .expect("verified");
    tx.commit().await.expect("commit");
    if !quiet {
        println!(
            "verified them, the running totals kept by their triggers, in {:.1} s",
            started.elapsed().as_secs_f64()
        );
    }
    sqlx::query("ANALYZE").execute(pool).await.expect("analyze");
}
