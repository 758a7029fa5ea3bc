//! The matrix itself: what each server function must answer to each kind of caller.

use super::Expect::{self, *};

/// (function, [signed out, volunteer, staff, other staff, admin, kiosk]), in the order the
/// test calls them.
pub(super) fn matrix() -> Vec<(&'static str, [Expect; 6])> {
    #[rustfmt::skip]
    let matrix = vec![
        ("overview",            [Allowed,   Allowed,   Allowed,   Allowed,   Allowed,   Allowed]),
        ("categories",          [Allowed,   Allowed,   Allowed,   Allowed,   Allowed,   Allowed]),
        ("sign_in",             [Allowed,   Allowed,   Allowed,   Allowed,   Allowed,   Allowed]),
        ("kiosk_sign_in",       [SignInFailed, SignInFailed, SignInFailed, SignInFailed, SignInFailed, SignInFailed]),
        ("who_am_i",            [Allowed,   Allowed,   Allowed,   Allowed,   Allowed,   Allowed]),
        ("sign_out",            [SignedOut, Allowed,   Allowed,   Allowed,   Allowed,   Allowed]),
        ("change_password",     [SignedOut, Allowed,   Allowed,   Allowed,   Allowed,   Forbidden]),
        ("record_service",      [SignedOut, Allowed,   Allowed,   Allowed,   Forbidden, Forbidden]),
        ("my_passbook",         [SignedOut, Allowed,   Allowed,   Allowed,   Forbidden, Forbidden]),
        ("my_time_account",     [SignedOut, Allowed,   Allowed,   Allowed,   Forbidden, Forbidden]),
        ("verification_queue",  [SignedOut, Forbidden, Allowed,   Allowed,   Allowed,   Forbidden]),
        ("queue_line_ids",      [SignedOut, Forbidden, Allowed,   Allowed,   Allowed,   Forbidden]),
        ("verify_record",       [SignedOut, Forbidden, Allowed,   Ledger("OtherCommunity"), Allowed, Forbidden]),
        ("reject_record",       [SignedOut, Forbidden, Allowed,   Ledger("OtherCommunity"), Allowed, Forbidden]),
        ("reverse_record",      [SignedOut, Forbidden, Allowed,   Ledger("OtherCommunity"), Allowed, Forbidden]),
        ("current_points_rule", [SignedOut, Allowed,   Allowed,   Allowed,   Allowed,   Forbidden]),
        ("set_points_rule",     [SignedOut, Forbidden, Forbidden, Forbidden, Allowed,   Forbidden]),
        // Staff have no verified hours of their own in the demo: allowed, then refused by the rule.
        ("request_redemption",  [SignedOut, Allowed,   Ledger("InsufficientPoints"), Ledger("InsufficientPoints"), Forbidden, Forbidden]),
        ("audit_trail",         [SignedOut, Forbidden, Allowed,   Allowed,   Allowed,   Forbidden]),
        ("open_account",        [SignedOut, Forbidden, Allowed,   Forbidden, Allowed,   Forbidden]),
        ("reset_password",      [SignedOut, Forbidden, Allowed,   Forbidden, Allowed,   Forbidden]),
        ("register_kiosk",      [SignedOut, Forbidden, Allowed,   Forbidden, Allowed,   Forbidden]),
        ("add_category",        [SignedOut, Forbidden, Allowed,   Allowed,   Allowed,   Forbidden]),
        ("retire_category",     [SignedOut, Forbidden, Allowed,   Allowed,   Allowed,   Forbidden]),
        ("community_wall",      [SignedOut, Allowed,   Allowed,   Forbidden, Allowed,   Allowed]),
        ("kiosk_wall",          [SignedOut, Allowed,   Allowed,   Forbidden, Allowed,   Allowed]),
        ("post_wish",           [SignedOut, Forbidden, Allowed,   Forbidden, Allowed,   Forbidden]),
        // The kiosk's staff mode: only from a kiosk, and only with a staff password (staff1's here).
        ("kiosk_post_wish",     [SignedOut, Forbidden, Forbidden, Forbidden, Forbidden, Allowed]),
        ("wishes_to_review",    [SignedOut, Forbidden, Allowed,   Allowed,   Allowed,   Forbidden]),
        ("decide_wish",         [SignedOut, Forbidden, Allowed,   NotFound,  Allowed,   Forbidden]),
        // 福康's waiting period: its staff and the admin; staff of another community may not.
        ("wish_waiting_days",   [SignedOut, Forbidden, Allowed,   Forbidden, Allowed,   Forbidden]),
        ("set_wish_waiting_days", [SignedOut, Forbidden, Allowed, Forbidden, Allowed,   Forbidden]),
        ("service_menu",        [SignedOut, Allowed,   Allowed,   Forbidden, Allowed,   Forbidden]),
        ("household_choices",   [SignedOut, Forbidden, Allowed,   Forbidden, Allowed,   Forbidden]),
        ("sync_push",           [SignedOut, Allowed,   Allowed,   Allowed,   Allowed,   Forbidden]),
        ("sync_pull",           [SignedOut, Allowed,   Allowed,   Allowed,   Allowed,   Forbidden]),
        ("sync_reconcile",      [SignedOut, Allowed,   Allowed,   Allowed,   Allowed,   Forbidden]),
        ("my_file",             [SignedOut, Allowed,   Allowed,   Allowed,   Forbidden, Forbidden]),
        ("passbook_stamp",      [SignedOut, Allowed,   Allowed,   Allowed,   Forbidden, Forbidden]),
        ("volunteers",          [SignedOut, Forbidden, Allowed,   Allowed,   Allowed,   Forbidden]),
        ("volunteer_passbook",  [SignedOut, Forbidden, Allowed,   Forbidden, Allowed,   Forbidden]),
        ("households",          [SignedOut, Forbidden, Allowed,   Allowed,   Allowed,   Forbidden]),
        ("household_file",      [SignedOut, Forbidden, Allowed,   NotFound,  Allowed,   Forbidden]),
        ("register_household",  [SignedOut, Forbidden, Allowed,   Forbidden, Allowed,   Forbidden]),
        ("update_household",    [SignedOut, Forbidden, Allowed,   NotFound,  Allowed,   Forbidden]),
        ("agreements",          [SignedOut, Forbidden, Allowed,   Allowed,   Allowed,   Forbidden]),
        ("make_agreement",      [SignedOut, Forbidden, Allowed,   NotFound,  Allowed,   Forbidden]),
        ("activities",          [SignedOut, Forbidden, Allowed,   Allowed,   Allowed,   Forbidden]),
        ("create_activity",     [SignedOut, Forbidden, Allowed,   Forbidden, Allowed,   Forbidden]),
        ("set_attendees",       [SignedOut, Forbidden, Allowed,   NotFound,  Allowed,   Forbidden]),
        ("close_activity",      [SignedOut, Forbidden, Allowed,   NotFound,  Allowed,   Forbidden]),
        ("review_activity",     [SignedOut, Forbidden, Allowed,   NotFound,  Allowed,   Forbidden]),
        ("activity_invitations", [SignedOut, Allowed,  Allowed,   Allowed,   Forbidden, Forbidden]),
        ("statistics",          [SignedOut, Forbidden, Allowed,   Forbidden, Allowed,   Forbidden]),
        // The choice of sub-district: an empty list for a manager of one sub-district (the
        // district's administrator gets the list: `city.rs`).
        ("sub_districts",       [SignedOut, Forbidden, Allowed,   Allowed,   Allowed,   Forbidden]),
        ("issue_certificate",   [SignedOut, Forbidden, Allowed,   NotFound,  Allowed,   Forbidden]),
        // The volunteer is 刘芳, to whom the certificate was issued (someone else's: see
        // `a_volunteer_sees_only_their_own_certificates`).
        ("issued_certificate",  [SignedOut, Allowed,   Allowed,   NotFound,  Allowed,   Forbidden]),
        ("my_certificates",     [SignedOut, Allowed,   Allowed,   Allowed,   Allowed,   Forbidden]),
        // 刘芳's identity card number: staff of 福康社区 only, not even the admin.
        ("volunteer_id_card",   [SignedOut, Forbidden, Allowed,   NotFound,  Forbidden, Forbidden]),
        ("set_id_card",         [SignedOut, Forbidden, Allowed,   NotFound,  Forbidden, Forbidden]),
        ("catalogue",           [SignedOut, Allowed,   Allowed,   Allowed,   Allowed,   Forbidden]),
        ("add_catalogue_item",  [SignedOut, Forbidden, Forbidden, Forbidden, Allowed,   Forbidden]),
        ("retire_catalogue_item", [SignedOut, Forbidden, Forbidden, Forbidden, Allowed, Forbidden]),
        ("redemptions_to_decide", [SignedOut, Forbidden, Allowed, Allowed,   Allowed,   Forbidden]),
        ("decide_redemption",   [SignedOut, Forbidden, Allowed,   NotFound,  Allowed,   Forbidden]),
        ("custody_report",      [SignedOut, Forbidden, Forbidden, Forbidden, Allowed,   Forbidden]),
        ("change_login_phone",  [SignedOut, Allowed,   Allowed,   Allowed,   Forbidden, Forbidden]),
        ("sync_problems",       [SignedOut, Forbidden, Allowed,   Allowed,   Allowed,   Forbidden]),
        ("resolve_quarantined", [SignedOut, Forbidden, NotFound,  NotFound,  NotFound,  Forbidden]),
        ("manage_communities",  [SignedOut, Forbidden, Forbidden, Forbidden, Allowed,   Forbidden]),
        ("add_community",       [SignedOut, Forbidden, Forbidden, Forbidden, Allowed,   Forbidden]),
        ("rename_community",    [SignedOut, Forbidden, Forbidden, Forbidden, Allowed,   Forbidden]),
        ("retire_community",    [SignedOut, Forbidden, Forbidden, Forbidden, Allowed,   Forbidden]),
        ("staff_accounts",      [SignedOut, Forbidden, Forbidden, Forbidden, Allowed,   Forbidden]),
        ("create_staff",        [SignedOut, Forbidden, Forbidden, Forbidden, Allowed,   Forbidden]),
        ("set_role",            [SignedOut, Forbidden, Forbidden, Forbidden, Allowed,   Forbidden]),
        ("set_active",          [SignedOut, Forbidden, Allowed,   NotFound,  Allowed,   Forbidden]),
        ("kiosks",              [SignedOut, Forbidden, Allowed,   Allowed,   Allowed,   Forbidden]),
        ("revoke_kiosk",        [SignedOut, Forbidden, Allowed,   NotFound,  Allowed,   Forbidden]),
        // Anyone may apply (each cell from its own address: the per-address throttle is tested
        // on its own); staff decide their own community's applications.
        ("apply_for_account",   [Allowed,   Allowed,   Allowed,   Allowed,   Allowed,   Allowed]),
        ("account_applications", [SignedOut, Forbidden, Allowed,  Allowed,   Allowed,   Forbidden]),
        ("approve_application", [SignedOut, Forbidden, Allowed,   NotFound,  Allowed,   Forbidden]),
        ("decline_application", [SignedOut, Forbidden, Allowed,   NotFound,  Allowed,   Forbidden]),
        ("aid_given",           [SignedOut, Forbidden, Allowed,   Allowed,   Allowed,   Forbidden]),
        // 福康's campaign: another community's staff find nothing of theirs in it.
        ("aid_campaign",        [SignedOut, Forbidden, Allowed,   NotFound,  Allowed,   Forbidden]),
        // A partner of 福康社区: not for another community's staff to add.
        ("add_partner",         [SignedOut, Forbidden, Allowed,   Forbidden, Allowed,   Forbidden]),
        ("record_aid",          [SignedOut, Forbidden, Allowed,   NotFound,  Allowed,   Forbidden]),
        ("reverse_aid",         [SignedOut, Forbidden, Allowed,   NotFound,  Allowed,   Forbidden]),
        // Last: closing the demo household would change the rows above; reopening restores it.
        ("close_household",     [SignedOut, Forbidden, Allowed,   NotFound,  Allowed,   Forbidden]),
        ("reopen_household",    [SignedOut, Forbidden, Allowed,   NotFound,  Allowed,   Forbidden]),
    ];
    matrix
}
