use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, Html, MetaTags, Title};
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::{path, SsrMode};

use crate::i18n::Text;
use crate::offline::{provide_offline_copy, provide_sync};
use crate::ui::shell::header::Header;
use crate::ui::shell::language::{provide_language, t, use_lang_shared};
use crate::ui::shell::lazy_routes::*;
use crate::ui::shell::network::provide_network_status;
use crate::ui::shell::not_found::NotFound;
use crate::ui::shell::sign_in_page::SignInPage;
use crate::ui::volunteer::passbook_page::PassbookPage;
use crate::ui::volunteer::volunteer_page::VolunteerPage;

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
                // The same on every page: written here, on the server, rather than by
                // leptos_meta from the app, whose components for them would be in the first
                // chunk every phone downloads only to restate what the HTML says.
                <meta name="description" content="爱心银行：志愿服务时间银行 · Love Bank, a time bank for volunteering"/>
                <meta name="theme-color" content="#c8102e"/>
                <link rel="manifest" href="/manifest.webmanifest"/>
                <link rel="icon" href="/icons/icon.svg" type="image/svg+xml"/>
                <link rel="apple-touch-icon" href="/icons/icon-192.png"/>
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
    provide_offline_copy();
    // The mark tells tests (and curious people in devtools) that the WebAssembly has taken over
    // the server's HTML: the whole page, lazy chunk included.
    #[cfg(feature = "hydrate")]
    {
        let sync = crate::offline::use_sync();
        let offline_copy = crate::offline::use_offline_copy();
        let online = expect_context::<crate::ui::shell::network::NetworkStatus>().0;
        crate::hydration::after_hydration(move || {
            if let Some(html) = document().document_element() {
                let _ = html.set_attribute("data-hydrated", "true");
            }
            // Whoever signs in, the pages their role opens are kept for a reload offline; asked
            // again whenever the network comes or goes (offline, the worker answers from what it
            // kept, which the sync bar shows). Only once the page's own work is done (the local
            // read, the sync): on a slow phone those downloads would otherwise compete with the
            // passbook the person is waiting for.
            Effect::new(move |_| {
                let role = sync.me.with(|m| m.as_ref().map(|m| m.role));
                online.track();
                if sync.loaded.get() && !sync.running.get() {
                    crate::offline::service_worker::keep_chunks_for(role, offline_copy);
                }
            });
        });
    }

    view! {
        <Html {..} lang=move || lang.get().tag()/>
        <Title formatter=move |page: String| {
            // Read where no arena may be active (see `use_lang_shared`).
            let app = Text::AppName.get(shared_lang.get());
            if page.is_empty() { app.to_string() } else { format!("{page} · {app}") }
        }/>
        <Router>
            <Header/>
            <main id="main">
                <Routes fallback=NotFound>
                    // Async: the figures are in the first HTML, so the page is whole without JavaScript
                    // and in the service worker's cached copy.
                    <Route path=path!("") view={LazyPage::of::<HomeRoute>()} ssr=SsrMode::Async/>
                    <ParentRoute path=path!("/volunteer") view=VolunteerPage>
                        <Route path=path!("") view=PassbookPage/>
                        <Route path=path!("log") view={LazyPage::of::<LogRoute>()}/>
                        <Route path=path!("points") view={LazyPage::of::<PointsRoute>()}/>
                        <Route path=path!("file") view={LazyPage::of::<FileRoute>()}/>
                        <Route path=path!("print") view={LazyPage::of::<PassbookPrintRoute>()}/>
                        <Route path=path!("activities") view={LazyPage::of::<VolunteerActivitiesRoute>()}/>
                    </ParentRoute>
                    <Route path=path!("/signin") view=SignInPage/>
                    <Route path=path!("/apply") view={LazyPage::of::<ApplyRoute>()}/>
                    <ParentRoute path=path!("/wall") view=VolunteerPage>
                        <Route path=path!("") view={LazyPage::of::<WallRoute>()}/>
                        <Route path=path!("new") view={LazyPage::of::<PostWishRoute>()}/>
                        <Route path=path!(":id") view={LazyPage::of::<WishRoute>()}/>
                    </ParentRoute>
                    <Route path=path!("/kiosk") view={LazyPage::of::<KioskRoute>()}/>
                    <Route path=path!("/print/agreement/:id") view={LazyPage::of::<AgreementPrintRoute>()}/>
                    <Route path=path!("/print/certificate/:id") view={LazyPage::of::<CertificateRoute>()}/>
                    <ParentRoute path=path!("/office") view={LazyPage::of::<OfficeRoute>()}>
                        <Route path=path!("") view={LazyPage::of::<QueueRoute>()}/>
                        <Route path=path!("wishes") view={LazyPage::of::<WishesReviewRoute>()}/>
                        <Route path=path!("volunteers") view={LazyPage::of::<VolunteersRoute>()}/>
                        <Route path=path!("households") view={LazyPage::of::<HouseholdsRoute>()}/>
                        <Route path=path!("agreements") view={LazyPage::of::<AgreementsRoute>()}/>
                        <Route path=path!("activities") view={LazyPage::of::<ActivitiesRoute>()}/>
                        <Route path=path!("aid") view={LazyPage::of::<AidRoute>()}/>
                        <Route path=path!("campaign") view={LazyPage::of::<CampaignRoute>()}/>
                        <Route path=path!("statistics") view={LazyPage::of::<StatisticsRoute>()}/>
                        <Route path=path!("points") view={LazyPage::of::<PointsAdminRoute>()}/>
                        <Route path=path!("open") view={LazyPage::of::<OpenAccountRoute>()}/>
                        <Route path=path!("applications") view={LazyPage::of::<ApplicationsRoute>()}/>
                        <Route path=path!("audit") view={LazyPage::of::<AuditRoute>()}/>
                        <Route path=path!("sync") view={LazyPage::of::<SyncProblemsRoute>()}/>
                        <Route path=path!("kiosks") view={LazyPage::of::<KiosksRoute>()}/>
                        <Route path=path!("categories") view={LazyPage::of::<CategoriesRoute>()}/>
                        <Route path=path!("sub-district") view={LazyPage::of::<SubDistrictRoute>()}/>
                    </ParentRoute>
                </Routes>
            </main>
            <footer class="footer">
                <p>{t(lang, Text::Motto)}</p>
            </footer>
        </Router>
    }
}
