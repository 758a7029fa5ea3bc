//! Partners (共驻共建单位) and aid (慰问) on SQLite. Each change writes its audit entry in the same
//! transaction. Gifts are append-only (triggers refuse UPDATE and DELETE); a reversal is a row.

use crate::store::row::Cells;
use crate::store::Flag;
use app::api::ports::{AidStore, StoreError};
use app::domain::aid::{AidLine, Fen, Gift, NewAid, NewPartner, Partner, PartnerKind};
use app::domain::audit::AuditEntry;
use app::domain::ids::{CommunityId, HouseholdId};
use app::domain::ledger::LedgerError;
use app::domain::person::Actor;
use app::domain::text::Reason;
use app::domain::{Field, ValidationError};
use sqlx::any::AnyRow;
use uuid::Uuid;

use super::people::require_community;
use super::{audit, failed, parse_ts, ts, SqlStore};

/// A unique index said no: the name is taken (the only unique column a partner has).
fn taken_or_failed(e: sqlx::Error) -> StoreError {
    match &e {
        sqlx::Error::Database(d) if d.is_unique_violation() => {
            StoreError::Invalid(ValidationError::Taken(Field::Partner))
        }
        _ => failed(e),
    }
}

fn partner_of(r: &AnyRow) -> Partner {
    Partner {
        id: r.get("id"),
        name: r.get("name"),
        contact: r.get("contact"),
        kind: PartnerKind::from_code(&r.get::<String, _>("kind")).unwrap_or(PartnerKind::Other),
        community: r
            .get::<Option<String>, _>("community_id")
            .map(CommunityId::new),
        community_name: r.get("community_name"),
    }
}

fn line_of(r: &AnyRow) -> AidLine {
    let gift = match r.get::<String, _>("kind").as_str() {
        "money" => Gift::Money(Fen(r.get::<Option<i64>, _>("amount_fen").unwrap_or(0))),
        _ => Gift::Goods {
            what: r.get::<Option<String>, _>("goods").unwrap_or_default(),
            count: r.get::<Option<i64>, _>("goods_count").unwrap_or(0).max(0) as u32,
        },
    };
    AidLine {
        id: r.get("id"),
        household: HouseholdId::new(r.get::<String, _>("household_id")),
        head: r.get("head_name"),
        address: r.get("address"),
        community_name: r.get("community_name"),
        on: r.get::<String, _>("given_on").parse().unwrap_or_default(),
        campaign: r.get("campaign"),
        partner: r.get("partner_name"),
        gift,
        recorded_by: r.get("recorded_by_name"),
        recorded_at: parse_ts(&r.get::<String, _>("recorded_at")),
        reverses: r.get("reverses"),
        reason: r.get("reason"),
        reversed: r.get::<bool, _>("reversed"),
    }
}

#[async_trait::async_trait]
impl AidStore for SqlStore {
    async fn partners(&self, scope: Option<&CommunityId>) -> Result<Vec<Partner>, StoreError> {
        let rows = sqlx::query(
            "SELECT p.id, p.name, p.contact, p.kind, p.community_id, c.name AS community_name
             FROM partners p LEFT JOIN communities c ON c.id = p.community_id
             WHERE $1 IS NULL OR p.community_id IS NULL OR p.community_id = $1
             ORDER BY p.name, p.id",
        )
        .bind(scope.map(|c| c.as_str()))
        .fetch_all(&self.pool)
        .await
        .map_err(failed)?;
        Ok(rows.iter().map(partner_of).collect())
    }

    async fn add_partner(
        &self,
        community: Option<&CommunityId>,
        partner: &NewPartner,
        actor: &Actor,
        entry: AuditEntry,
    ) -> Result<String, StoreError> {
        let mut tx = crate::store::engine::begin_write(&self.pool).await?;
        if let Some(c) = community {
            require_community(&mut tx, c).await?;
        }
        let id = Uuid::now_v7().to_string();
        sqlx::query(
            "INSERT INTO partners (id, community_id, name, contact, kind, created_by, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&id)
        .bind(community.map(|c| c.as_str()))
        .bind(&partner.name)
        .bind(&partner.contact)
        .bind(partner.kind.code())
        .bind(actor.person.as_str())
        .bind(ts(entry.at))
        .execute(&mut *tx)
        .await
        .map_err(taken_or_failed)?;
        let mut entry = entry;
        entry.subject = id.clone();
        audit::insert(&mut tx, &entry).await?;
        tx.commit().await.map_err(failed)?;
        Ok(id)
    }

    async fn record_aid(
        &self,
        scope: Option<&CommunityId>,
        aid: &NewAid,
        actor: &Actor,
        entry: AuditEntry,
    ) -> Result<String, StoreError> {
        let mut tx = crate::store::engine::begin_write(&self.pool).await?;
        let (community, Flag(closed)): (String, Flag) = sqlx::query_as(
            "SELECT community_id, closed_on IS NOT NULL FROM households
             WHERE id = $1 AND ($2 IS NULL OR community_id = $2)",
        )
        .bind(aid.household.as_str())
        .bind(scope.map(|c| c.as_str()))
        .fetch_optional(&mut *tx)
        .await
        .map_err(failed)?
        .ok_or(StoreError::NotFound)?;
        if closed {
            return Err(StoreError::Invalid(ValidationError::Invalid(
                Field::Household,
            )));
        }
        if let Some(partner) = &aid.partner {
            let Flag(offered) = sqlx::query_scalar(
                "SELECT EXISTS (SELECT 1 FROM partners WHERE id = $1
                   AND (community_id IS NULL OR community_id = $2))",
            )
            .bind(partner)
            .bind(&community)
            .fetch_one(&mut *tx)
            .await
            .map_err(failed)?;
            if !offered {
                return Err(StoreError::Invalid(ValidationError::Invalid(
                    Field::Partner,
                )));
            }
        }
        let (amount, goods, count) = match &aid.gift {
            Gift::Money(fen) => (Some(fen.0), None, None),
            Gift::Goods { what, count } => (None, Some(what.as_str()), Some(i64::from(*count))),
        };
        let id = Uuid::now_v7().to_string();
        sqlx::query(
            "INSERT INTO aid_gifts (id, household_id, community_id, given_on, campaign,
               partner_id, kind, amount_fen, goods, goods_count, recorded_by, recorded_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        )
        .bind(&id)
        .bind(aid.household.as_str())
        .bind(&community)
        .bind(aid.on.to_string())
        .bind(&aid.campaign)
        .bind(aid.partner.as_deref())
        .bind(aid.gift.kind_code())
        .bind(amount)
        .bind(goods)
        .bind(count)
        .bind(actor.person.as_str())
        .bind(ts(entry.at))
        .execute(&mut *tx)
        .await
        .map_err(failed)?;
        let mut entry = entry;
        entry.subject = id.clone();
        audit::insert(&mut tx, &entry).await?;
        tx.commit().await.map_err(failed)?;
        Ok(id)
    }

    async fn reverse_aid(
        &self,
        scope: Option<&CommunityId>,
        id: &str,
        reason: &Reason,
        actor: &Actor,
        entry: AuditEntry,
    ) -> Result<String, StoreError> {
        let mut tx = crate::store::engine::begin_write(&self.pool).await?;
        let (Flag(is_reversal), Flag(reversed)): (Flag, Flag) = sqlx::query_as(
            "SELECT g.reverses IS NOT NULL,
               EXISTS (SELECT 1 FROM aid_gifts v WHERE v.reverses = g.id)
             FROM aid_gifts g WHERE g.id = $1 AND ($2 IS NULL OR g.community_id = $2)",
        )
        .bind(id)
        .bind(scope.map(|c| c.as_str()))
        .fetch_optional(&mut *tx)
        .await
        .map_err(failed)?
        .ok_or(StoreError::NotFound)?;
        if is_reversal {
            return Err(StoreError::Ledger(LedgerError::ReversalOfReversal));
        }
        if reversed {
            return Err(StoreError::Ledger(LedgerError::AlreadyReversed));
        }
        let reversal = Uuid::now_v7().to_string();
        // The reversal repeats the gift, so that a reader of either row sees what was taken
        // back; it is dated the day of the gift it cancels.
        sqlx::query(
            "INSERT INTO aid_gifts (id, household_id, community_id, given_on, campaign,
               partner_id, kind, amount_fen, goods, goods_count, recorded_by, recorded_at,
               reverses, reason)
             SELECT $1, household_id, community_id, given_on, campaign, partner_id, kind,
               amount_fen, goods, goods_count, $2, $3, id, $4
             FROM aid_gifts WHERE id = $5",
        )
        .bind(&reversal)
        .bind(actor.person.as_str())
        .bind(ts(entry.at))
        .bind(reason.as_str())
        .bind(id)
        .execute(&mut *tx)
        .await
        .map_err(failed)?;
        audit::insert(&mut tx, &entry).await?;
        tx.commit().await.map_err(failed)?;
        Ok(reversal)
    }

    async fn aid_lines(
        &self,
        scope: Option<&CommunityId>,
        campaign: Option<&str>,
    ) -> Result<Vec<AidLine>, StoreError> {
        let rows = sqlx::query(
            "SELECT g.id, g.household_id, h.head_name, h.address, c.name AS community_name,
               g.given_on, g.campaign, p.name AS partner_name, g.kind, g.amount_fen, g.goods,
               g.goods_count, r.name AS recorded_by_name, g.recorded_at, g.reverses, g.reason,
               EXISTS (SELECT 1 FROM aid_gifts v WHERE v.reverses = g.id) AS reversed
             FROM aid_gifts g
               JOIN households h ON h.id = g.household_id
               JOIN communities c ON c.id = g.community_id
               JOIN people r ON r.id = g.recorded_by
               LEFT JOIN partners p ON p.id = g.partner_id
             WHERE ($1 IS NULL OR g.community_id = $1) AND ($2 IS NULL OR g.campaign = $2)
             ORDER BY g.recorded_at DESC, g.id DESC",
        )
        .bind(scope.map(|c| c.as_str()))
        .bind(campaign)
        .fetch_all(&self.pool)
        .await
        .map_err(failed)?;
        Ok(rows.iter().map(line_of).collect())
    }
}
