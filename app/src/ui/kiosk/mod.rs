//! The community's unattended wish screen.

pub mod kiosk_page;
pub mod kiosk_register;
