//! Assistance agreements (帮扶协议): staff pair a household of their community with volunteers of
//! it; the list shows how each is kept.

use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use super::ApiError;
use crate::domain::agreement::{AgreementInput, AgreementView};

/// The agreements the caller looks after, newest first, with services and behind-schedule.
#[server(prefix = "/api", endpoint = "agreements")]
pub async fn agreements() -> Result<Vec<AgreementView>, ApiError> {
    use super::ports::{manager, store};
    use crate::domain::clock::china_today;
    let actor = manager().await?;
    let today = china_today(chrono::Utc::now());
    Ok(store()?.agreements(actor.community.as_ref(), today).await?)
}

/// Makes an agreement. The household decides the community: staff may only name one of theirs,
/// and every volunteer must belong to it.
#[server(prefix = "/api", endpoint = "make_agreement", input = Json)]
pub async fn make_agreement(input: AgreementInput) -> Result<String, ApiError> {
    use super::ports::{audit_entry, manager, store};
    use crate::domain::agreement::Agreement;
    let actor = manager().await?;
    let agreement = Agreement::parse(&input)?;
    let audit = audit_entry(&actor, "make_agreement", "");
    let id = store()?
        .make_agreement(actor.community.as_ref(), &agreement, &actor, audit)
        .await?;
    Ok(id.to_string())
}
