//! Pages that arrive as their own WebAssembly chunk the first time they are opened
//! (`cargo leptos build --split`). Only the shell, sign-in and the passbook are in the first chunk
//! every phone downloads; everything else is lazy: the home page, the volunteer's log form, wall,
//! points, file, activities and printable passbook, the wish form and page, the online
//! application, the office (its frame too), the kiosk and the print pages. A volunteer's phone
//! never downloads the office.
//!
//! Offline use rests on the service worker: once the passbook has loaded, the page asks it to keep
//! every chunk the person's role opens (see the server's `service_worker.rs`), and the sync bar
//! says when the phone is ready to work offline. A page whose chunk is neither kept nor reachable
//! shows [`PageNotKept`] instead of stopping the app.
//!
//! Every route here is named `<Page>Route` and its chunk `__<route in snake case>_view_page`,
//! which is how the server groups chunks by role.

use std::future::Future;
use std::pin::Pin;

use leptos::prelude::*;
use leptos_router::ChooseView;

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
#[cfg(feature = "split")]
use crate::ui::shell::page_not_kept::PageNotKept;
use crate::ui::volunteer::activities_page::VolunteerActivitiesPage;
use crate::ui::volunteer::apply_page::ApplyPage;
use crate::ui::volunteer::file_page::FilePage;
use crate::ui::volunteer::log_page::LogPage;
use crate::ui::volunteer::points_page::PointsPage;
use crate::ui::wall::post_wish_page::PostWishPage;
use crate::ui::wall::wall_page::WallPage;
use crate::ui::wall::wish_page::WishPage;

/// What loading a page, or its chunk, gives back. The server renders with threads: there the
/// future is `Send`; in the browser the chunk loader's is not, and need not be.
#[cfg(feature = "ssr")]
type PageFuture<T> = Pin<Box<dyn Future<Output = T> + Send>>;
#[cfg(not(feature = "ssr"))]
type PageFuture<T> = Pin<Box<dyn Future<Output = T>>>;

/// A page that arrives as its own chunk: how to draw it, and how to fetch its chunk ahead.
pub trait SplitPage {
    fn view() -> PageFuture<AnyView>;
    fn preload() -> PageFuture<()>;
}

/// Every lazy page as the router sees it: one type for all of them, so the router's code for a
/// lazy route (choosing, preloading, erasing, nesting) is compiled once instead of once per page,
/// as `leptos_router::Lazy<Page>` is. Those copies were about 55 KB of the first chunk's
/// WebAssembly before optimisation, for 31 pages (.docs/BENCHMARKS.md, session 33).
#[derive(Clone, Copy)]
pub struct LazyPage {
    view: fn() -> PageFuture<AnyView>,
    preload: fn() -> PageFuture<()>,
}

impl LazyPage {
    /// The route view of `P`.
    pub fn of<P: SplitPage>() -> Self {
        LazyPage {
            view: P::view,
            preload: P::preload,
        }
    }
}

impl ChooseView for LazyPage {
    async fn choose(self) -> AnyView {
        (self.view)().await
    }

    async fn preload(&self) {
        (self.preload)().await
    }
}

/// A page `$page`, loaded on first use from the chunk named `$chunk` (with the `split` feature;
/// without it, the same page drawn at once), reached through the marker `$route` and
/// [`LazyPage::of`].
///
/// Leptos' `#[lazy_route]` panics when a chunk cannot be fetched, and a panic ends the whole
/// WebAssembly app: a phone that lost the network before the service worker kept a page would
/// freeze on its first tap. These pages load their chunk with wasm-split's `fallible` option
/// instead and show [`PageNotKept`] (in the person's language, with a way to try again) when it
/// does not arrive. `$chunk` must read `__<route in snake case>_view_…`: the server groups chunks
/// by that name for the service worker.
// rustfmt indents the attribute's arguments further on every run inside a macro: kept by hand.
#[rustfmt::skip]
macro_rules! lazy_page {
    ($route:ident, $page:ident, $chunk:ident) => {
        pub struct $route;

        #[cfg(feature = "split")]
        mod $chunk {
            use super::*;

            #[leptos::wasm_split::wasm_split(
                $chunk,
                wasm_split_path = ::leptos::wasm_split,
                fallible,
                preload(load)
            )]
            pub fn page() -> Result<AnyView, leptos::wasm_split::SplitLoaderError> {
                Ok(view! { <$page/> }.into_any())
            }
        }

        #[cfg(feature = "split")]
        impl SplitPage for $route {
            fn view() -> PageFuture<AnyView> {
                Box::pin(async {
                    match $chunk::page().await {
                        Ok(view) => view,
                        Err(_) => view! { <PageNotKept/> }.into_any(),
                    }
                })
            }

            // The router loads the chunk before it draws (or hydrates) the page, so that the
            // view is ready at once; a failure here is met again, and shown, by `view`.
            fn preload() -> PageFuture<()> {
                Box::pin(async {
                    let _ = $chunk::load().await;
                })
            }
        }

        #[cfg(not(feature = "split"))]
        impl SplitPage for $route {
            fn view() -> PageFuture<AnyView> {
                Box::pin(async {
                    // The server's page names the chunk, so the browser fetches it beside the
                    // bundle.
                    #[cfg(feature = "ssr")]
                    leptos::prefetch_lazy_fn_on_server(stringify!($chunk));
                    view! { <$page/> }.into_any()
                })
            }

            fn preload() -> PageFuture<()> {
                Box::pin(async {})
            }
        }
    };
}

lazy_page!(HomeRoute, HomePage, __home_route_view_page);
lazy_page!(OfficeRoute, OfficePage, __office_route_view_page);
lazy_page!(QueueRoute, QueuePage, __queue_route_view_page);
lazy_page!(
    WishesReviewRoute,
    WishesReviewPage,
    __wishes_review_route_view_page
);
lazy_page!(
    VolunteersRoute,
    VolunteersPage,
    __volunteers_route_view_page
);
lazy_page!(
    HouseholdsRoute,
    HouseholdsPage,
    __households_route_view_page
);
lazy_page!(
    AgreementsRoute,
    AgreementsPage,
    __agreements_route_view_page
);
lazy_page!(
    ActivitiesRoute,
    ActivitiesPage,
    __activities_route_view_page
);
lazy_page!(AidRoute, AidPage, __aid_route_view_page);
lazy_page!(CampaignRoute, CampaignPage, __campaign_route_view_page);
lazy_page!(
    StatisticsRoute,
    StatisticsPage,
    __statistics_route_view_page
);
lazy_page!(
    PointsAdminRoute,
    PointsAdminPage,
    __points_admin_route_view_page
);
lazy_page!(
    OpenAccountRoute,
    OpenAccountPage,
    __open_account_route_view_page
);
lazy_page!(
    ApplicationsRoute,
    ApplicationsPage,
    __applications_route_view_page
);
lazy_page!(AuditRoute, AuditPage, __audit_route_view_page);
lazy_page!(
    SyncProblemsRoute,
    SyncProblemsPage,
    __sync_problems_route_view_page
);
lazy_page!(KiosksRoute, KiosksPage, __kiosks_route_view_page);
lazy_page!(
    CategoriesRoute,
    CategoriesPage,
    __categories_route_view_page
);
lazy_page!(
    SubDistrictRoute,
    SubDistrictPage,
    __sub_district_route_view_page
);
lazy_page!(KioskRoute, KioskPage, __kiosk_route_view_page);
lazy_page!(
    AgreementPrintRoute,
    AgreementPrintPage,
    __agreement_print_route_view_page
);
lazy_page!(
    CertificateRoute,
    CertificatePage,
    __certificate_route_view_page
);
lazy_page!(PostWishRoute, PostWishPage, __post_wish_route_view_page);
lazy_page!(
    VolunteerActivitiesRoute,
    VolunteerActivitiesPage,
    __volunteer_activities_route_view_page
);
lazy_page!(WishRoute, WishPage, __wish_route_view_page);
lazy_page!(PointsRoute, PointsPage, __points_route_view_page);
lazy_page!(FileRoute, FilePage, __file_route_view_page);
lazy_page!(ApplyRoute, ApplyPage, __apply_route_view_page);
lazy_page!(
    PassbookPrintRoute,
    PrintPage,
    __passbook_print_route_view_page
);
lazy_page!(LogRoute, LogPage, __log_route_view_page);
lazy_page!(WallRoute, WallPage, __wall_route_view_page);
