//! Points: the rule that converts hours, and redemptions.

use leptos::prelude::*;

use super::ApiError;
use crate::domain::points::PointsRule;

/// The rule in force. Anyone signed in may read it (a kiosk excepted).
#[server(prefix = "/api", endpoint = "current_points_rule")]
pub async fn current_points_rule() -> Result<PointsRule, ApiError> {
    use super::ports::{caller, store};
    use crate::domain::person::Role;
    if caller().await?.role == Role::Kiosk {
        return Err(ApiError::Forbidden);
    }
    Ok(store()?.points_rule().await?)
}

/// Sets points per verified hour (e.g. "1" or "1.5"), and optionally a different rate for some
/// categories (`per_category[health]=2`), for lines verified from now on. Admin only.
#[server(prefix = "/api", endpoint = "set_points_rule")]
pub async fn set_points_rule(
    per_hour: String,
    #[server(default)] per_category: std::collections::BTreeMap<String, String>,
) -> Result<(), ApiError> {
    use super::ports::{audit_entry, caller, store};
    use crate::domain::person::Role;
    use crate::domain::points::Points;
    use crate::domain::{Field, ValidationError};
    let actor = caller().await?;
    if actor.role != Role::Admin {
        return Err(ApiError::Forbidden);
    }
    let store = store()?;
    let known = store.categories().await?;
    let mut rates = std::collections::BTreeMap::new();
    for (code, rate) in &per_category {
        if !known.iter().any(|c| &c.code == code) {
            return Err(ValidationError::Invalid(Field::Category).into());
        }
        rates.insert(code.clone(), Points::parse(rate, Field::Points)?);
    }
    let rule = PointsRule::new(Points::parse(&per_hour, Field::Points)?, rates)?;
    let mut audit = audit_entry(&actor, "set_points_rule", "");
    audit.detail = format!(
        "per_hour {}; {}",
        rule.per_hour.text(),
        rule.per_category
            .iter()
            .map(|(c, p)| format!("{c} {}", p.text()))
            .collect::<Vec<_>>()
            .join(", ")
    );
    Ok(store.set_points_rule(&rule, audit).await?)
}

/// Asks to spend points on `item`. Volunteers (and staff who volunteer). Refused with the
/// numbers when the balance would go below zero; the points are reserved at once.
#[server(prefix = "/api", endpoint = "request_redemption")]
pub async fn request_redemption(
    points: String,
    item: String,
    // The catalogue item picked, if one was: its name and price count, whatever else was sent.
    catalogue_item: Option<String>,
) -> Result<(), ApiError> {
    use super::ports::{audit_entry, caller, store};
    use crate::domain::error::ValidationError;
    use crate::domain::person::Role;
    use crate::domain::points::Points;
    use crate::domain::text::clean;
    use crate::domain::Field;
    let actor = caller().await?;
    if !matches!(actor.role, Role::Volunteer | Role::Staff) {
        return Err(ApiError::Forbidden);
    }
    let picked = catalogue_item
        .as_deref()
        .map(str::trim)
        .filter(|id| !id.is_empty());
    let (points, item, source) = match picked {
        Some(id) => {
            let offered = store()?.catalogue().await?;
            // Retired since the page loaded, or never there: the person picks again.
            let chosen = offered
                .into_iter()
                .find(|c| c.id == id)
                .ok_or(ValidationError::Invalid(Field::Item))?;
            (chosen.points, chosen.name, "catalogue")
        }
        None => (
            Points::parse(&points, Field::Points)?,
            clean(Field::Note, &item, 200, true, false)?,
            "free text",
        ),
    };
    let id = uuid::Uuid::now_v7().to_string();
    let mut audit = audit_entry(&actor, "request_redemption", &id);
    audit.detail = format!("{} points: {item} ({source})", points.text());
    Ok(store()?
        .request_redemption(&actor.person, &id, points, &item, audit)
        .await?)
}

/// The redemption catalogue: what points buy. Anyone signed in (a kiosk excepted).
#[server(prefix = "/api", endpoint = "catalogue")]
pub async fn catalogue() -> Result<Vec<crate::domain::catalogue::CatalogueItem>, ApiError> {
    use super::ports::{caller, store};
    use crate::domain::person::Role;
    if caller().await?.role == Role::Kiosk {
        return Err(ApiError::Forbidden);
    }
    Ok(store()?.catalogue().await?)
}

/// Adds an item to the catalogue. Admin only (the points are the sub-district's).
#[server(prefix = "/api", endpoint = "add_catalogue_item")]
pub async fn add_catalogue_item(
    input: crate::domain::catalogue::CatalogueInput,
) -> Result<String, ApiError> {
    use super::ports::{audit_entry, caller, store};
    use crate::domain::catalogue::NewCatalogueItem;
    use crate::domain::person::Role;
    let actor = caller().await?;
    if actor.role != Role::Admin {
        return Err(ApiError::Forbidden);
    }
    let item = NewCatalogueItem::parse(&input)?;
    let mut audit = audit_entry(&actor, "add_catalogue_item", "");
    audit.detail = format!("{} · {}", item.name, item.points.text());
    Ok(store()?.add_catalogue_item(&item, &actor, audit).await?)
}

/// Takes an item off the catalogue (past redemptions keep its name). Admin only.
#[server(prefix = "/api", endpoint = "retire_catalogue_item")]
pub async fn retire_catalogue_item(id: String) -> Result<(), ApiError> {
    use super::ports::{audit_entry, caller, store};
    use crate::domain::person::Role;
    let actor = caller().await?;
    if actor.role != Role::Admin {
        return Err(ApiError::Forbidden);
    }
    let audit = audit_entry(&actor, "retire_catalogue_item", &id);
    Ok(store()?.retire_catalogue_item(&id, audit).await?)
}

/// Redemption requests of the caller's volunteers: waiting ones first, then recent decisions.
#[server(prefix = "/api", endpoint = "redemptions_to_decide")]
pub async fn redemptions_to_decide(
) -> Result<Vec<crate::domain::catalogue::StaffRedemption>, ApiError> {
    use super::ports::{manager, store};
    let actor = manager().await?;
    Ok(store()?
        .redemptions_for_staff(actor.community.as_ref())
        .await?)
}

/// Approves a redemption (`approve`) or refuses it with a reason the volunteer reads
/// (`refuse`); a refused request gives its reserved points back.
#[server(prefix = "/api", endpoint = "decide_redemption")]
pub async fn decide_redemption(
    id: String,
    decision: String,
    reason: String,
) -> Result<(), ApiError> {
    use super::ports::{audit_entry, manager, store};
    use crate::domain::text::Reason;
    use crate::domain::{Field, ValidationError};
    let actor = manager().await?;
    let refusal = match decision.as_str() {
        "approve" => None,
        "refuse" => Some(Reason::parse(&reason)?),
        _ => return Err(ValidationError::Invalid(Field::Note).into()),
    };
    let action = if refusal.is_some() {
        "refuse_redemption"
    } else {
        "approve_redemption"
    };
    let mut audit = audit_entry(&actor, action, &id);
    audit.detail = reason.chars().take(200).collect();
    Ok(store()?
        .decide_redemption(
            actor.community.as_ref(),
            &id,
            refusal.as_ref(),
            &actor,
            audit,
        )
        .await?)
}

/// The admin's check of the bank's controls: per staff member, verifications and approvals for
/// accounts they opened or whose password they set. Admin only.
#[server(prefix = "/api", endpoint = "custody_report")]
pub async fn custody_report() -> Result<Vec<crate::domain::controls::CustodyRow>, ApiError> {
    use super::ports::{caller, store};
    use crate::domain::person::Role;
    if caller().await?.role != Role::Admin {
        return Err(ApiError::Forbidden);
    }
    Ok(store()?.custody_report().await?)
}
