//! The micro-wish wall on the phone: notes, the wish form, a wish's page.

pub mod post_wish_page;
pub mod wall_counts;
pub mod wall_page;
pub mod wish_form;
pub mod wish_note;
pub mod wish_page;
