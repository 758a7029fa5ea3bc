use std::sync::Arc;

use anyhow::Context;
use app::api::ports::{AdminStore, Store};
use clap::Parser;
use leptos::config::get_configuration;
use server::accounts::PasswordAccounts;
use server::service_worker::{hash_file_path, ServiceWorker};
use server::store::SqlStore;
use server::{app_router, AppState, Config, SecurityPolicy};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let config = Config::parse();
    server::telemetry::init(&config.log, config.log_format)?;
    if let Some(server::Task::Backup { to }) = &config.task {
        for file in SqlStore::backup(&config.database_url(), to).await? {
            println!("已备份到 / backed up to {}", file.display());
        }
        return Ok(());
    }
    if let Some(server::Task::Copy { to }) = &config.task {
        let report = server::store::copy_install(&config.database_url(), to).await?;
        println!("已复制并核对 / copied and checked:\n{report}");
        return Ok(());
    }
    if let Some(server::Task::AddSubDistrict {
        code,
        host,
        founding,
    }) = &config.task
    {
        let home = SqlStore::open(&config.database_url()).await?;
        let password = server::init::admin_password(founding.admin_password.clone())?;
        let request = server::init::InitRequest::of(founding, &password);
        let outcome =
            server::init::add_sub_district(&home, &config.database_url(), code, host, &request)
                .await;
        home.close().await;
        outcome?;
        let (sub_district, admin_login) = (&founding.sub_district, &founding.admin_login);
        println!(
            "已添加 {sub_district}（{host}）；运行中的服务几秒内开始为它服务，其管理员 {admin_login} \
             即可在那里登录。 / {sub_district} is added at {host}: the running servers serve it \
             within seconds, and {admin_login} can sign in there."
        );
        return Ok(());
    }
    if let Some(server::Task::Init { founding }) = &config.task {
        std::fs::create_dir_all(&config.data_dir)
            .with_context(|| format!("creating the data folder {}", config.data_dir.display()))?;
        let store = SqlStore::open(&config.database_url()).await?;
        let password = server::init::admin_password(founding.admin_password.clone())?;
        let request = server::init::InitRequest::of(founding, &password);
        let (sub_district, admin_login) = (&founding.sub_district, &founding.admin_login);
        let outcome = server::init::init(&store, &request).await;
        store.close().await;
        outcome?;
        println!(
            "已初始化 {sub_district}；管理员 {admin_login} 可以登录了。 / {sub_district} is ready: \
             {admin_login} can sign in."
        );
        return Ok(());
    }

    let mut leptos_options = get_configuration(None)
        .context("reading the Leptos build configuration")?
        .leptos_options;
    // The build writes hash.txt beside the binary; follow it even when the binary is started
    // directly rather than by cargo-leptos (which sets LEPTOS_HASH_FILES itself).
    if std::env::var_os("LEPTOS_HASH_FILES").is_none() {
        leptos_options.hash_files =
            hash_file_path(&leptos_options).is_some_and(|path| path.exists());
    }
    if let Some(listen) = config.listen {
        leptos_options.site_addr = listen;
    }

    std::fs::create_dir_all(&config.data_dir)
        .with_context(|| format!("creating the data folder {}", config.data_dir.display()))?;
    let store = SqlStore::open(&config.database_url()).await?;
    if config.demo_data {
        server::demo::seed_if_empty(store.pool()).await?;
    } else if !store.is_initialised().await? {
        store.close().await;
        let program = std::env::args().next().unwrap_or_else(|| "server".into());
        eprintln!("{}", server::init::not_initialised_message(&program));
        std::process::exit(2);
    }

    let shared_store: Arc<dyn Store> = Arc::new(store.clone());
    let accounts = PasswordAccounts::new(shared_store.clone(), config.secure_cookies)?;
    let sub_districts = Arc::new(
        server::city::SubDistricts::open(store.clone(), &config.database_url(), &accounts).await?,
    );
    tokio::spawn(sub_districts.clone().keep_looking());
    let state = AppState {
        service_worker: Arc::new(ServiceWorker::from_build(&leptos_options)),
        leptos_options: leptos_options.clone(),
        accounts: Arc::new(accounts),
        store: shared_store,
        security: SecurityPolicy {
            https: config.secure_cookies,
        },
        sub_districts: Some(sub_districts.clone()),
    };
    let service_worker = state.service_worker.clone();
    tokio::spawn(async move { service_worker.packs.warm_up().await });
    let listener = tokio::net::TcpListener::bind(leptos_options.site_addr)
        .await
        .with_context(|| format!("listening on {}", leptos_options.site_addr))?;
    tracing::info!(
        address = %listener.local_addr()?,
        database = %redact(&config.database_url()),
        "Love Bank is listening on http://{}",
        listener.local_addr()?
    );
    server::serve::serve(listener, app_router(state), shutdown_signal()).await?;

    // In-flight requests have finished; close the pools so SQLite checkpoints its WAL.
    sub_districts.close().await;
    tracing::info!("stopped");
    Ok(())
}

/// Ctrl-C or SIGTERM (what systemd and container runtimes send).
async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::error!(error = %e, "cannot listen for Ctrl-C");
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(e) => tracing::error!(error = %e, "cannot listen for SIGTERM"),
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}

/// Hides a password in a database URL before it is logged.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            format!("{}://***{}", &url[..scheme], &url[at..])
        }
        _ => url.to_string(),
    }
}
