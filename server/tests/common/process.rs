//! The real `server` binary as a separate process (as a deployment runs it): for the tests of
//! several app servers on one database and the benchmarks that load them.

use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// One `server` process, stopped when dropped.
pub struct ServerProcess {
    child: Child,
    pub base: String,
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts the server binary over the database `url` (loading the demo data into it if asked)
/// on a free port, and waits until it answers `/healthz`.
pub async fn start_server(url: &str, data: &std::path::Path, demo_data: bool) -> ServerProcess {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let mut command = Command::new(env!("CARGO_BIN_EXE_server"));
    command
        .args(["--listen", &format!("127.0.0.1:{port}")])
        .arg("--data-dir")
        .arg(data)
        .args(["--database-url", url, "--log", "warn"])
        .env("LEPTOS_OUTPUT_NAME", "lovebank")
        .env("LEPTOS_SITE_ROOT", data)
        .stdout(Stdio::null());
    if demo_data {
        command.arg("--demo-data");
    }
    let process = ServerProcess {
        child: command.spawn().expect("the server binary"),
        base: format!("http://127.0.0.1:{port}"),
    };
    for _ in 0..1200 {
        if reqwest::get(format!("{}/healthz", process.base))
            .await
            .is_ok_and(|r| r.status().is_success())
        {
            return process;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the server on port {port} did not start");
}
