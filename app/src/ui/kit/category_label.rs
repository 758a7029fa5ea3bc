//! A category's label in the person's language, from the categories the last sync brought (so
//! one staff added shows its names, offline too), else the seeded eight's.

use leptos::prelude::*;

use crate::domain::category::category_label_among;
use crate::domain::Lang;
use crate::offline::SyncHandle;

/// Reactive: re-read when a sync brings the categories.
pub fn category_label(code: &str, lang: Lang) -> String {
    match use_context::<SyncHandle>() {
        Some(sync) => sync
            .categories
            .with(|known| category_label_among(code, lang, known.as_deref().unwrap_or(&[]))),
        None => category_label_among(code, lang, &[]),
    }
}
