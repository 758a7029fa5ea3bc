//! Pages that arrive as their own WebAssembly chunk the first time they are opened
//! (`cargo leptos build --split`): the office, the kiosk, the print pages, the wish form and
//! page, and the volunteer's points, file and printable passbook. Sign-in, the passbook, the
//! log form and the wall stay in the first chunk: they are what a phone opens first. A
//! volunteer's phone never downloads the office; the service worker keeps each role's chunks for
//! offline use (see the server's `service_worker.rs`).
//!
//! Every route here is named `<Page>Route`; wasm-split names its chunk after it
//! (`__<snake_case>_view_<hash>`), which is how the server groups chunks by role.

use leptos::prelude::*;
#[cfg(feature = "split")]
use leptos_router::lazy_route;
use leptos_router::LazyRoute;

use super::activities_page::ActivitiesPage;
use super::agreement_print_page::AgreementPrintPage;
use super::agreements_page::AgreementsPage;
use super::audit_page::AuditPage;
use super::certificate_page::CertificatePage;
use super::file_page::FilePage;
use super::households_page::HouseholdsPage;
use super::kiosk_page::KioskPage;
use super::open_account_page::OpenAccountPage;
use super::points_admin_page::PointsAdminPage;
use super::points_page::PointsPage;
use super::post_wish_page::PostWishPage;
use super::print_page::PrintPage;
use super::queue_page::QueuePage;
use super::statistics_page::StatisticsPage;
use super::sync_problems_page::SyncProblemsPage;
use super::volunteers_page::VolunteersPage;
use super::wish_page::WishPage;
use super::wishes_review_page::WishesReviewPage;

/// A route whose view is the page component `$page`, loaded on first use (with the `split`
/// feature; without it, the same page as an ordinary async route).
macro_rules! lazy_page {
    ($route:ident, $page:ident) => {
        pub struct $route;

        #[cfg(feature = "split")]
        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            fn view(_this: Self) -> AnyView {
                view! { <$page/> }.into_any()
            }
        }

        #[cfg(not(feature = "split"))]
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            async fn view(_this: Self) -> AnyView {
                view! { <$page/> }.into_any()
            }
        }
    };
}

lazy_page!(QueueRoute, QueuePage);
lazy_page!(WishesReviewRoute, WishesReviewPage);
lazy_page!(VolunteersRoute, VolunteersPage);
lazy_page!(HouseholdsRoute, HouseholdsPage);
lazy_page!(AgreementsRoute, AgreementsPage);
lazy_page!(ActivitiesRoute, ActivitiesPage);
lazy_page!(StatisticsRoute, StatisticsPage);
lazy_page!(PointsAdminRoute, PointsAdminPage);
lazy_page!(OpenAccountRoute, OpenAccountPage);
lazy_page!(AuditRoute, AuditPage);
lazy_page!(SyncProblemsRoute, SyncProblemsPage);
lazy_page!(KioskRoute, KioskPage);
lazy_page!(AgreementPrintRoute, AgreementPrintPage);
lazy_page!(CertificateRoute, CertificatePage);
lazy_page!(PostWishRoute, PostWishPage);
lazy_page!(WishRoute, WishPage);
lazy_page!(PointsRoute, PointsPage);
lazy_page!(FileRoute, FilePage);
lazy_page!(PassbookPrintRoute, PrintPage);
