//! The server binary on an empty database: it refuses to serve until `server init`, and init runs
//! only once.

use std::process::Command;

use super::*;

/// The server binary, run from the workspace (where the build's Leptos settings are).
fn server_binary() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_server"));
    command.current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."));
    command.env_remove("LOVEBANK_DEMO_DATA");
    command
}

#[test]
fn the_binary_refuses_an_empty_database_until_init_and_init_only_once() {
    let data = tempfile::tempdir().expect("temp dir");
    let dir = data.path().to_str().expect("path").to_string();
    let serve = server_binary()
        .args(["--data-dir", &dir, "--listen", "127.0.0.1:0"])
        .output()
        .expect("run the server");
    let said = String::from_utf8_lossy(&serve.stderr);
    assert_eq!(serve.status.code(), Some(2), "{said}");
    assert!(
        said.contains("init --sub-district") && said.contains("数据库是空的"),
        "the refusal names the command to run: {said}"
    );

    let bad = server_binary()
        .args([
            "--data-dir",
            &dir,
            "init",
            "--sub-district",
            " ",
            "--admin-login",
            "1",
        ])
        .env("LOVEBANK_ADMIN_PASSWORD", "short")
        .output()
        .expect("run init");
    let said = String::from_utf8_lossy(&bad.stderr);
    assert!(!bad.status.success(), "bad input is refused");
    for problem in ["姓名", "用户名", "密码"] {
        assert!(said.contains(problem), "{problem} is named: {said}");
    }

    let good = server_binary()
        .args(["--data-dir", &dir, "init", "--sub-district", "新华路街道"])
        .env("LOVEBANK_ADMIN_PASSWORD", ADMIN_PASSWORD)
        .output()
        .expect("run init");
    assert!(
        good.status.success(),
        "{}",
        String::from_utf8_lossy(&good.stderr)
    );
    assert!(String::from_utf8_lossy(&good.stdout).contains("新华路街道"));

    let again = server_binary()
        .args(["--data-dir", &dir, "init", "--sub-district", "别的街道"])
        .env("LOVEBANK_ADMIN_PASSWORD", ADMIN_PASSWORD)
        .output()
        .expect("run init again");
    let said = String::from_utf8_lossy(&again.stderr);
    assert!(!again.status.success());
    assert!(said.contains("新华路街道"), "{said}");

    // Demo data never lands on an initialised database.
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(async {
        let url = format!("sqlite://{dir}/lovebank.db");
        let store = SqlStore::open(&url).await.expect("open");
        server::demo::seed_if_empty(store.pool())
            .await
            .expect("no-op");
        let communities: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM communities")
            .fetch_one(store.pool())
            .await
            .expect("count");
        assert_eq!(communities, 0);
    });
}
