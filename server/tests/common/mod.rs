//! Starts the real router on port 0 with a fresh SQLite database (demo data loaded).

#![allow(dead_code)] // each test binary uses a different part

use std::net::SocketAddr;
use std::sync::Arc;

use app::api::ports::Store;
use leptos::config::LeptosOptions;
use server::accounts::PasswordAccounts;
use server::service_worker::ServiceWorker;
use server::sqlite::SqliteStore;
use server::{app_router, AppState};

pub struct TestApp {
    pub address: SocketAddr,
    pub store: SqliteStore,
    _data: tempfile::TempDir,
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.address, path)
    }
}

pub async fn spawn_app() -> TestApp {
    let data = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}", data.path().join("test.db").display());
    let store = SqliteStore::open(&url).await.expect("open store");
    server::demo::seed_if_empty(store.pool())
        .await
        .expect("demo data");
    let leptos_options = LeptosOptions::builder()
        .output_name("lovebank")
        .site_root(data.path().display().to_string())
        .build();
    let shared: Arc<dyn Store> = Arc::new(store.clone());
    let state = AppState {
        service_worker: Arc::new(ServiceWorker::from_build(&leptos_options)),
        leptos_options,
        accounts: Arc::new(PasswordAccounts::new(shared.clone(), false).expect("accounts")),
        store: shared,
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let address = listener.local_addr().expect("address");
    tokio::spawn(async move { axum::serve(listener, app_router(state)).await });
    TestApp {
        address,
        store,
        _data: data,
    }
}
