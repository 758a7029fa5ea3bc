//! Demo data, so a newcomer opens a living app: the 福利路 sub-district, three communities, a
//! dozen volunteers, households in need, wishes in every state and a few weeks of service records.
//! Deterministic apart from ids and "today", and only ever written into an empty database.

use crate::store::Flag;
use app::domain::points::PointsRule;
use app::domain::{Minutes, SEEDED_CATEGORIES};
use chrono::{Duration, NaiveTime, Utc};
use sqlx::{Any, AnyPool, Transaction};
use uuid::Uuid;

/// The password of every demo account (admin, staff1–staff3, and the volunteers' phones
/// 13800010000–13800010011). Demo data is for trying the app, never for a real deployment.
pub const DEMO_PASSWORD: &str = "lovebank";

mod data;

use data::{COMMUNITIES, HOUSEHOLDS, VOLUNTEERS, WISHES};

/// Fills the database when it has no sub-district and no community yet; otherwise leaves it
/// alone.
pub async fn seed_if_empty(pool: &AnyPool) -> anyhow::Result<()> {
    // A sub-district made by `server init` holds data even before its first community.
    let Flag(holds_data) = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM communities) OR EXISTS (SELECT 1 FROM sub_district)",
    )
    .fetch_one(pool)
    .await?;
    if holds_data {
        tracing::info!("database already holds data: demo data not loaded");
        return Ok(());
    }
    let password_hash = crate::accounts::hash_password(DEMO_PASSWORD)?;
    let mut tx = pool.begin().await?;
    seed(&mut tx).await?;
    // One hash for every demo account: same password, and hashing is slow on purpose.
    sqlx::query("UPDATE people SET password_hash = $1")
        .bind(&password_hash)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    tracing::info!("demo data loaded");
    Ok(())
}

fn id() -> String {
    Uuid::now_v7().to_string()
}

async fn seed(tx: &mut Transaction<'_, Any>) -> anyhow::Result<()> {
    let now = Utc::now();
    let now_text = now.to_rfc3339();
    let today = now.date_naive();

    sqlx::query("INSERT INTO sub_district (id, name) VALUES (1, '福利路街道')")
        .execute(&mut **tx)
        .await?;
    for (order, (code, zh, en, icon)) in SEEDED_CATEGORIES.iter().enumerate() {
        sqlx::query("INSERT INTO categories (code, name_zh, name_en, icon, sort_order, created_at) VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(code).bind(zh).bind(en).bind(icon).bind(order as i64).bind(&now_text)
            .execute(&mut **tx).await?;
    }

    let mut community_ids = Vec::new();
    for (i, name) in COMMUNITIES.iter().enumerate() {
        let cid = id();
        // created_at spaced by a second so the order of the list is the order above
        let created = (now + Duration::seconds(i as i64)).to_rfc3339();
        sqlx::query("INSERT INTO communities (id, name, created_at) VALUES ($1, $2, $3)")
            .bind(&cid)
            .bind(name)
            .bind(created)
            .execute(&mut **tx)
            .await?;
        community_ids.push(cid);
    }

    sqlx::query("INSERT INTO people (id, role, community_id, name, username, joined_on, created_at) VALUES ($1, 'admin', NULL, '街道管理员', 'admin', $2, $3)")
        .bind(id()).bind(today.to_string()).bind(&now_text)
        .execute(&mut **tx).await?;
    let mut staff_ids = Vec::new();
    for (i, cid) in community_ids.iter().enumerate() {
        let sid = id();
        sqlx::query("INSERT INTO people (id, role, community_id, name, username, joined_on, created_at) VALUES ($1, 'staff', $2, $3, $4, $5, $6)")
            .bind(&sid).bind(cid).bind(format!("{}工作人员", COMMUNITIES[i]))
            .bind(format!("staff{}", i + 1)).bind(today.to_string()).bind(&now_text)
            .execute(&mut **tx).await?;
        staff_ids.push(sid);
    }

    let mut volunteer_ids = Vec::new();
    for (i, (name, gender, birth_year, political, skills, prefs)) in VOLUNTEERS.iter().enumerate() {
        let vid = id();
        let community = i % 3;
        let joined = today - Duration::days(30 * (i as i64 + 2));
        sqlx::query("INSERT INTO people (id, role, community_id, name, gender, birth_year, political_status, phone, skills, preferences, joined_on, created_at) VALUES ($1, 'volunteer', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)")
            .bind(&vid).bind(&community_ids[community]).bind(name).bind(gender).bind(birth_year)
            .bind(political).bind(format!("138{:08}", 10_000 + i)).bind(skills)
            .bind(serde_json::to_string(prefs)?).bind(joined.to_string()).bind(&now_text)
            .execute(&mut **tx).await?;
        volunteer_ids.push((vid, community));
    }

    let mut household_ids = Vec::new();
    for (i, (head, address, members, hardship, needs)) in HOUSEHOLDS.iter().enumerate() {
        let hid = id();
        sqlx::query("INSERT INTO households (id, community_id, head_name, address, members, hardship_type, needs, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
            .bind(&hid).bind(&community_ids[i / 2]).bind(head).bind(address).bind(members)
            .bind(hardship).bind(needs).bind(&now_text)
            .execute(&mut **tx).await?;
        household_ids.push(hid);
    }

    for (community, poster, need, offer, category, capacity, state) in WISHES {
        let wid = id();
        sqlx::query("INSERT INTO wishes (id, community_id, poster_name, need, offer, category, capacity, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
            .bind(&wid).bind(&community_ids[community]).bind(poster).bind(need).bind(offer)
            .bind(category).bind(capacity).bind(&now_text)
            .execute(&mut **tx).await?;
        let claimer = &volunteer_ids[community].0;
        let events: &[(&str, Option<&String>)] = match state {
            "open" => &[("approved", Some(&staff_ids[community]))],
            "claimed" => &[
                ("approved", Some(&staff_ids[community])),
                ("claimed", Some(claimer)),
            ],
            "fulfilled" => &[
                ("approved", Some(&staff_ids[community])),
                ("claimed", Some(claimer)),
                ("fulfilled", Some(claimer)),
            ],
            _ => &[], // waiting for a staff member's approval
        };
        for (kind, person) in events {
            sqlx::query(
                "INSERT INTO wish_events (id, wish_id, kind, person_id, at) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(id())
            .bind(&wid)
            .bind(kind)
            .bind(person)
            .bind(&now_text)
            .execute(&mut **tx)
            .await?;
        }
    }

    // Three lines per volunteer over the past weeks: the older ones verified by their community's
    // staff, the newest pending; one rejected, to show every state.
    let places = ["社区服务站", "居民家中", "社区广场", "老年活动室"];
    let rule = PointsRule::default();
    for (v, (vid, community)) in volunteer_ids.iter().enumerate() {
        let (_, _, _, _, _, prefs) = VOLUNTEERS[v];
        for line in 0..3_i64 {
            let rid = id();
            let date = today - Duration::days(3 + 9 * line + v as i64);
            let start = NaiveTime::from_hms_opt(9 + (v as u32 % 5), 0, 0).unwrap_or_default();
            let minutes = 60 + 30 * ((v as i64 + line) % 4);
            let end = start + Duration::minutes(minutes);
            let household = &household_ids[community * 2 + (line as usize % 2)];
            sqlx::query("INSERT INTO service_records (id, volunteer_id, community_id, service_date, start_time, end_time, minutes, place, content, category, beneficiary_kind, beneficiary_id, witness_name, witness_phone, created_at, received_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'household', $11, $12, $13, $14, $15)")
                .bind(&rid).bind(vid).bind(&community_ids[*community])
                .bind(date.to_string()).bind(start.format("%H:%M").to_string()).bind(end.format("%H:%M").to_string())
                .bind(minutes).bind(places[(v + line as usize) % places.len()])
                .bind(format!("{}服务", VOLUNTEERS[v].4)).bind(prefs[line as usize % prefs.len()])
                .bind(household).bind(HOUSEHOLDS[community * 2 + (line as usize % 2)].0)
                .bind(format!("139{:08}", 20_000 + community * 2 + (line as usize % 2)))
                .bind(&now_text).bind(&now_text)
                .execute(&mut **tx).await?;
            let verdict = match (v, line) {
                (_, 0) => None,
                (4, 1) => Some(("rejected", "见证人无法联系，请补充见证人电话")),
                _ => Some(("verified", "")),
            };
            if let Some((kind, reason)) = verdict {
                let points = if kind == "verified" {
                    rule.points_for(prefs[line as usize % prefs.len()], Minutes(minutes))
                        .0
                } else {
                    0
                };
                sqlx::query("INSERT INTO record_events (id, record_id, kind, person_id, at, reason, points) VALUES ($1, $2, $3, $4, $5, $6, $7)")
                    .bind(id()).bind(&rid).bind(kind).bind(&staff_ids[*community]).bind(&now_text).bind(reason).bind(points)
                    .execute(&mut **tx).await?;
            }
        }
    }

    // An agreement per community for its first household: many-on-one in the first community,
    // one-on-one elsewhere; and an activity coming up in the first community, attendance taken.
    for (community, community_id) in community_ids.iter().enumerate() {
        let aid = id();
        let pairing = if community == 0 {
            "many_on_one"
        } else {
            "one_on_one"
        };
        sqlx::query("INSERT INTO agreements (id, community_id, household_id, pairing, content, frequency, start_on, end_on, created_by, created_at) VALUES ($1, $2, $3, $4, $5, 'weekly', $6, $7, $8, $9)")
            .bind(&aid).bind(community_id).bind(&household_ids[community * 2]).bind(pairing)
            .bind("每周上门探望，代购生活用品，陪同就医")
            .bind((today - Duration::days(60)).to_string()).bind((today + Duration::days(300)).to_string())
            .bind(&staff_ids[community]).bind(&now_text)
            .execute(&mut **tx).await?;
        let serving = volunteer_ids
            .iter()
            .filter(|(_, c)| *c == community)
            .take(if community == 0 { 2 } else { 1 });
        for (vid, _) in serving {
            sqlx::query(
                "INSERT INTO agreement_volunteers (agreement_id, person_id) VALUES ($1, $2)",
            )
            .bind(&aid)
            .bind(vid)
            .execute(&mut **tx)
            .await?;
        }
    }
    // What points buy, at the sub-district's prices.
    for (name, points) in [
        ("社区食堂午餐券", 300),
        ("理发服务一次", 500),
        ("爱心超市 大米 5 公斤", 2000),
        ("公交卡充值 20 元", 2000),
    ] {
        sqlx::query(
            "INSERT INTO catalogue_items (id, name, points, created_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(id())
        .bind(name)
        .bind(points)
        .bind(&now_text)
        .execute(&mut **tx)
        .await?;
    }
    // Aid (慰问): a partner of the whole sub-district and a school of 福康社区; the autumn
    // campaign gave 福康's two households money from the partner and rice from the community.
    let (alliance, school) = (id(), id());
    for (pid, community, name, contact, kind) in [
        (
            &alliance,
            None,
            "福利路爱心企业联盟",
            "赵经理 13900040001",
            "company",
        ),
        (
            &school,
            Some(&community_ids[0]),
            "福康小学",
            "德育处 13900040002",
            "school",
        ),
    ] {
        sqlx::query("INSERT INTO partners (id, community_id, name, contact, kind, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)")
            .bind(pid).bind(community).bind(name).bind(contact).bind(kind)
            .bind(&staff_ids[0]).bind(&now_text)
            .execute(&mut **tx).await?;
    }
    let given_on = (today - Duration::days(20)).to_string();
    for household in &household_ids[..2] {
        for (partner, kind, fen, goods, count) in [
            (Some(&alliance), "money", Some(50_000), None, None),
            (None, "goods", None, Some("大米（10斤装）"), Some(1)),
        ] {
            sqlx::query("INSERT INTO aid_gifts (id, household_id, community_id, given_on, campaign, partner_id, kind, amount_fen, goods, goods_count, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, '重阳节慰问', $5, $6, $7, $8, $9, $10, $11)")
                .bind(id()).bind(household).bind(&community_ids[0]).bind(&given_on)
                .bind(partner).bind(kind).bind(fen).bind(goods).bind(count)
                .bind(&staff_ids[0]).bind(&now_text)
                .execute(&mut **tx).await?;
        }
    }
    let activity = id();
    sqlx::query("INSERT INTO activities (id, community_id, kind, title, held_on, start_time, end_time, place, category, content, created_by, created_at) VALUES ($1, $2, 'regular', '周末社区环境清洁', $3, '08:30', '10:30', '福康社区中心广场', 'environment', '清理楼道杂物、绿地垃圾', $4, $5)")
        .bind(&activity).bind(&community_ids[0]).bind((today + Duration::days(2)).to_string())
        .bind(&staff_ids[0]).bind(&now_text)
        .execute(&mut **tx).await?;
    for (vid, _) in volunteer_ids.iter().filter(|(_, c)| *c == 0) {
        sqlx::query("INSERT INTO activity_attendees (activity_id, person_id) VALUES ($1, $2)")
            .bind(&activity)
            .bind(vid)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}
