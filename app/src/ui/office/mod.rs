//! The staff's office: queue, files, agreements, activities, statistics, audit.

pub mod activities_page;
pub mod activity_form;
pub mod agreement_form;
pub mod agreements_page;
pub mod audit_page;
pub mod categories_page;
pub mod communities_panel;
pub mod custody_check;
pub mod deactivation_form;
pub mod household_closure_form;
pub mod household_form;
pub mod households_page;
pub mod kiosks_page;
pub mod office_page;
pub mod open_account_page;
pub mod points_admin_page;
pub mod queue_filters;
pub mod queue_page;
pub mod reset_password_form;
pub mod staff_panel;
pub mod staff_passbook;
pub mod statistics_page;
pub mod sub_district_page;
pub mod sync_problems_page;
pub mod volunteers_page;
pub mod wishes_review_page;
