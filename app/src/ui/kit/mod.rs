//! Pieces every area uses: a field's error, an error's sentence, show more, a community choice, pickers.

pub mod attendee_picker;
pub mod category_label;
pub mod community_choice;
pub mod error_text;
pub mod field_error;
pub mod preferences_picker;
pub mod reveal;
pub mod show_more;
pub mod volunteer_file_fields;
