//! Server functions: the only door between the browser and the server. Each one is a few lines:
//! find out who is calling, check what their role allows, call a port.

mod activities;
mod activity_proposals;
mod administration;
mod agreements;
mod aid;
mod applications;
mod audit;
mod categories;
mod certificates;
mod error;
mod households;
mod kept_json;
mod kiosk;
mod ledger;
mod overview;
mod people;
mod points;
#[cfg(feature = "ssr")]
pub mod ports;
#[cfg(feature = "ssr")]
mod qr;
mod session;
mod statistics;
mod sync;
mod sync_health;
mod wishes;

pub use activities::{activities, close_activity, create_activity, set_attendees};
pub use activity_proposals::{activity_invitations, review_activity};
pub use administration::{
    add_community, create_staff, kiosks, manage_communities, rename_community, retire_community,
    revoke_kiosk, set_active, set_role, staff_accounts, AddCommunity,
};
pub use agreements::{agreements, make_agreement};
pub use aid::{add_partner, aid_campaign, aid_given, record_aid, reverse_aid};
pub use applications::{
    account_applications, apply_for_account, approve_application, decline_application,
};
pub use audit::audit_trail;
pub use categories::{add_category, list_categories, retire_category};
pub use certificates::{
    issue_certificate, issued_certificate, my_certificates, set_id_card, volunteer_id_card,
};
pub use error::ApiError;
pub use households::{
    close_household, household_file, households, register_household, reopen_household,
    update_household,
};
pub use kiosk::{community_wall, kiosk_sign_in, kiosk_wall, register_kiosk};
pub use ledger::{
    my_passbook, my_time_account, passbook_stamp, queue_line_ids, record_service, reject_record,
    reverse_record, verification_queue, verify_record,
};
pub use overview::get_overview;
pub use people::{my_file, open_account, reset_password, volunteer_passbook, volunteers};
pub use points::{
    add_catalogue_item, catalogue, current_points_rule, custody_report, decide_redemption,
    redemptions_to_decide, request_redemption, retire_catalogue_item, set_points_rule,
};
pub use session::{change_login_phone, change_password, sign_in, sign_out, who_am_i};
#[cfg(feature = "ssr")]
pub use statistics::figures_for;
pub use statistics::{statistics, sub_districts};
pub use sync::{sync_pull, sync_push, sync_reconcile, MAX_BATCH, MAX_PAGE};
pub use sync_health::{resolve_quarantined, sync_problems};
pub use wishes::{
    decide_wish, household_choices, kiosk_post_wish, post_wish, service_menu,
    set_wish_waiting_days, wish_waiting_days, wishes_to_review,
};
