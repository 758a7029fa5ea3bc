use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, Html, Link, Meta, MetaTags, Title};
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::{path, SsrMode};

use super::activities_page::ActivitiesPage;
use super::agreement_print_page::AgreementPrintPage;
use super::agreements_page::AgreementsPage;
use super::audit_page::AuditPage;
use super::certificate_page::CertificatePage;
use super::file_page::FilePage;
use super::header::Header;
use super::home::HomePage;
use super::households_page::HouseholdsPage;
use super::kiosk_page::KioskPage;
use super::language::{provide_language, t, use_lang_shared};
use super::log_page::LogPage;
use super::network::provide_network_status;
use super::not_found::NotFound;
use super::office_page::OfficePage;
use super::open_account_page::OpenAccountPage;
use super::passbook_page::PassbookPage;
use super::points_admin_page::PointsAdminPage;
use super::points_page::PointsPage;
use super::post_wish_page::PostWishPage;
use super::print_page::PrintPage;
use super::queue_page::QueuePage;
use super::sign_in_page::SignInPage;
use super::statistics_page::StatisticsPage;
use super::sync_problems_page::SyncProblemsPage;
use super::volunteer_page::VolunteerPage;
use super::volunteers_page::VolunteersPage;
use super::wall_page::WallPage;
use super::wish_page::WishPage;
use super::wishes_review_page::WishesReviewPage;
use crate::i18n::Text;
use crate::offline::provide_sync;

/// The HTML document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::api::ports::adopt_request_nonce();
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <AutoReload options=options.clone()/>
                <HydrationScripts options=options.clone()/>
                <HashedStylesheet options id="leptos"/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let lang = provide_language();
    let shared_lang = use_lang_shared();
    provide_network_status();
    provide_sync();
    // Effects run only in the browser, after hydration: the mark tells tests (and curious
    // people in devtools) that the WebAssembly has taken over the server's HTML.
    Effect::new(move |_| {
        if let Some(html) = document().document_element() {
            let _ = html.set_attribute("data-hydrated", "true");
        }
    });

    view! {
        <Html {..} lang=move || lang.get().tag()/>
        <Title formatter=move |page: String| {
            // Read where no arena may be active (see `use_lang_shared`).
            let app = Text::AppName.get(shared_lang.get());
            if page.is_empty() { app.to_string() } else { format!("{page} · {app}") }
        }/>
        <Meta name="description" content="爱心银行：志愿服务时间银行 · Love Bank, a time bank for volunteering"/>
        <Meta name="theme-color" content="#c8102e"/>
        <Link rel="manifest" href="/manifest.webmanifest"/>
        <Link rel="icon" href="/icons/icon.svg" type_="image/svg+xml"/>
        <Link rel="apple-touch-icon" href="/icons/icon-192.png"/>
        <Router>
            <Header/>
            <main id="main">
                <Routes fallback=NotFound>
                    // Async: the figures are in the first HTML, so the page is whole without JavaScript
                    // and in the service worker's cached copy.
                    <Route path=path!("") view=HomePage ssr=SsrMode::Async/>
                    <ParentRoute path=path!("/volunteer") view=VolunteerPage>
                        <Route path=path!("") view=PassbookPage/>
                        <Route path=path!("log") view=LogPage/>
                        <Route path=path!("points") view=PointsPage/>
                        <Route path=path!("file") view=FilePage/>
                        <Route path=path!("print") view=PrintPage/>
                    </ParentRoute>
                    <Route path=path!("/signin") view=SignInPage/>
                    <ParentRoute path=path!("/wall") view=VolunteerPage>
                        <Route path=path!("") view=WallPage/>
                        <Route path=path!("new") view=PostWishPage/>
                        <Route path=path!(":id") view=WishPage/>
                    </ParentRoute>
                    <Route path=path!("/kiosk") view=KioskPage/>
                    <Route path=path!("/print/agreement/:id") view=AgreementPrintPage/>
                    <Route path=path!("/print/certificate/:id") view=CertificatePage/>
                    <ParentRoute path=path!("/office") view=OfficePage>
                        <Route path=path!("") view=QueuePage/>
                        <Route path=path!("wishes") view=WishesReviewPage/>
                        <Route path=path!("volunteers") view=VolunteersPage/>
                        <Route path=path!("households") view=HouseholdsPage/>
                        <Route path=path!("agreements") view=AgreementsPage/>
                        <Route path=path!("activities") view=ActivitiesPage/>
                        <Route path=path!("statistics") view=StatisticsPage/>
                        <Route path=path!("points") view=PointsAdminPage/>
                        <Route path=path!("open") view=OpenAccountPage/>
                        <Route path=path!("audit") view=AuditPage/>
                        <Route path=path!("sync") view=SyncProblemsPage/>
                    </ParentRoute>
                </Routes>
            </main>
            <footer class="footer">
                <p>{t(lang, Text::Motto)}</p>
            </footer>
        </Router>
    }
}
