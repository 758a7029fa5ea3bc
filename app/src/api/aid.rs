//! Aid (慰问) and partner organisations (共驻共建单位) for staff: the partners, recording a gift to
//! a household, taking one back, and a campaign's figures. Staff act in their community; the
//! admin in any, and only the admin adds partners of the whole sub-district.

use leptos::prelude::*;

use super::ApiError;
use crate::domain::aid::{AidInput, AidOverview, PartnerInput};
use crate::domain::aid_campaign::CampaignReport;

/// The partners, the campaigns and the gifts recorded in the caller's community (the admin:
/// all), newest first.
#[server(prefix = "/api", endpoint = "aid_given")]
pub async fn aid_given() -> Result<AidOverview, ApiError> {
    use super::ports::{manager, store};
    use crate::domain::aid_campaign::campaigns;
    let actor = manager().await?;
    let store = store()?;
    let lines = store.aid_lines(actor.community.as_ref(), None).await?;
    Ok(AidOverview {
        partners: store.partners(actor.community.as_ref()).await?,
        campaigns: campaigns(&lines),
        lines,
    })
}

/// One campaign: the households it reached and what was given, by partner and by kind.
#[server(prefix = "/api", endpoint = "aid_campaign")]
pub async fn aid_campaign(campaign: String) -> Result<CampaignReport, ApiError> {
    use super::ports::{manager, store};
    let actor = manager().await?;
    let campaign = campaign.trim();
    let lines = store()?
        .aid_lines(actor.community.as_ref(), Some(campaign))
        .await?;
    if lines.is_empty() {
        return Err(ApiError::NotFound);
    }
    Ok(CampaignReport::from_lines(campaign, &lines))
}

/// Adds a partner: staff for their community; the admin for a community they name, or for the
/// whole sub-district when they name none.
#[server(prefix = "/api", endpoint = "add_partner")]
pub async fn add_partner(input: PartnerInput) -> Result<String, ApiError> {
    use super::ports::{audit_entry, manager, scoped_community, store};
    use crate::domain::aid::NewPartner;
    let actor = manager().await?;
    let community = match (&actor.community, input.community.trim()) {
        (None, "") => None,
        _ => Some(scoped_community(&actor, Some(input.community.clone()))?),
    };
    let partner = NewPartner::parse(&input)?;
    let mut audit = audit_entry(&actor, "add_partner", "");
    audit.detail = format!("{} · {}", partner.name, partner.kind.code());
    Ok(store()?
        .add_partner(community.as_ref(), &partner, &actor, audit)
        .await?)
}

/// Records a gift of money or goods to a household the caller looks after.
#[server(prefix = "/api", endpoint = "record_aid")]
pub async fn record_aid(input: AidInput) -> Result<String, ApiError> {
    use super::ports::{audit_entry, manager, store};
    use crate::domain::aid::NewAid;
    use crate::domain::clock::china_today;
    use crate::domain::Lang;
    let actor = manager().await?;
    let aid = NewAid::parse(&input, china_today(chrono::Utc::now()))?;
    let mut audit = audit_entry(&actor, "record_aid", "");
    audit.detail = format!(
        "{} · {} · {}",
        aid.campaign,
        aid.on,
        aid.gift.describe(Lang::Zh)
    );
    Ok(store()?
        .record_aid(actor.community.as_ref(), &aid, &actor, audit)
        .await?)
}

/// Takes a gift back (a mistake), with the reason; the gift stays on record beside its
/// reversal.
#[server(prefix = "/api", endpoint = "reverse_aid")]
pub async fn reverse_aid(aid: String, reason: String) -> Result<String, ApiError> {
    use super::ports::{audit_entry, manager, store};
    use crate::domain::text::Reason;
    let actor = manager().await?;
    let reason = Reason::parse(&reason)?;
    let mut audit = audit_entry(&actor, "reverse_aid", aid.trim());
    audit.detail = reason.as_str().chars().take(400).collect();
    Ok(store()?
        .reverse_aid(actor.community.as_ref(), aid.trim(), &reason, &actor, audit)
        .await?)
}
