//! Pages that arrive as their own WebAssembly chunk the first time they are opened
//! (`cargo leptos build --split`). Sign-in, the passbook, the log form and the wall stay in the
//! first chunk: a volunteer who signs in and loses the network a moment later must still be able
//! to log a service and claim a wish, before the service worker has kept any chunk. Everything
//! else is lazy: the home page, the office (its frame too), the kiosk, the print pages, the wish
//! form and page, the volunteer's points, file, activities and printable passbook, the online application. A volunteer's phone never
//! downloads the office. The service worker keeps each role's chunks for offline use (see the
//! server's `service_worker.rs`).
//!
//! Every route here is named `<Page>Route`; wasm-split names its chunk after it
//! (`__<snake_case>_view_<hash>`), which is how the server groups chunks by role.

use leptos::prelude::*;
#[cfg(feature = "split")]
use leptos_router::lazy_route;
use leptos_router::LazyRoute;

use crate::ui::kiosk::kiosk_page::KioskPage;
use crate::ui::office::activities_page::ActivitiesPage;
use crate::ui::office::agreements_page::AgreementsPage;
use crate::ui::office::aid_page::AidPage;
use crate::ui::office::applications_page::ApplicationsPage;
use crate::ui::office::audit_page::AuditPage;
use crate::ui::office::campaign_page::CampaignPage;
use crate::ui::office::categories_page::CategoriesPage;
use crate::ui::office::households_page::HouseholdsPage;
use crate::ui::office::kiosks_page::KiosksPage;
use crate::ui::office::office_page::OfficePage;
use crate::ui::office::open_account_page::OpenAccountPage;
use crate::ui::office::points_admin_page::PointsAdminPage;
use crate::ui::office::queue_page::QueuePage;
use crate::ui::office::statistics_page::StatisticsPage;
use crate::ui::office::sub_district_page::SubDistrictPage;
use crate::ui::office::sync_problems_page::SyncProblemsPage;
use crate::ui::office::volunteers_page::VolunteersPage;
use crate::ui::office::wishes_review_page::WishesReviewPage;
use crate::ui::print::agreement_print_page::AgreementPrintPage;
use crate::ui::print::certificate_page::CertificatePage;
use crate::ui::print::print_page::PrintPage;
use crate::ui::shell::home::HomePage;
use crate::ui::volunteer::activities_page::VolunteerActivitiesPage;
use crate::ui::volunteer::apply_page::ApplyPage;
use crate::ui::volunteer::file_page::FilePage;
use crate::ui::volunteer::points_page::PointsPage;
use crate::ui::wall::post_wish_page::PostWishPage;
use crate::ui::wall::wish_page::WishPage;

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

lazy_page!(HomeRoute, HomePage);
lazy_page!(OfficeRoute, OfficePage);
lazy_page!(QueueRoute, QueuePage);
lazy_page!(WishesReviewRoute, WishesReviewPage);
lazy_page!(VolunteersRoute, VolunteersPage);
lazy_page!(HouseholdsRoute, HouseholdsPage);
lazy_page!(AgreementsRoute, AgreementsPage);
lazy_page!(ActivitiesRoute, ActivitiesPage);
lazy_page!(AidRoute, AidPage);
lazy_page!(CampaignRoute, CampaignPage);
lazy_page!(StatisticsRoute, StatisticsPage);
lazy_page!(PointsAdminRoute, PointsAdminPage);
lazy_page!(OpenAccountRoute, OpenAccountPage);
lazy_page!(ApplicationsRoute, ApplicationsPage);
lazy_page!(AuditRoute, AuditPage);
lazy_page!(SyncProblemsRoute, SyncProblemsPage);
lazy_page!(KiosksRoute, KiosksPage);
lazy_page!(CategoriesRoute, CategoriesPage);
lazy_page!(SubDistrictRoute, SubDistrictPage);
lazy_page!(KioskRoute, KioskPage);
lazy_page!(AgreementPrintRoute, AgreementPrintPage);
lazy_page!(CertificateRoute, CertificatePage);
lazy_page!(PostWishRoute, PostWishPage);
lazy_page!(VolunteerActivitiesRoute, VolunteerActivitiesPage);
lazy_page!(WishRoute, WishPage);
lazy_page!(PointsRoute, PointsPage);
lazy_page!(FileRoute, FilePage);
lazy_page!(ApplyRoute, ApplyPage);
lazy_page!(PassbookPrintRoute, PrintPage);
