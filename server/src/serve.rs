//! The connection loop: axum's router behind hyper, with the limits `axum::serve` does not set.
//! A client that never finishes its request headers is cut off after [`HEADER_READ_TIMEOUT`];
//! at shutdown the server stops accepting, lets requests in flight finish for at most
//! [`SHUTDOWN_GRACE`], then closes what is left — a slow or hostile client cannot keep a
//! SIGTERM from stopping the process.

use std::future::Future;
use std::net::IpAddr;
use std::time::Duration;

use app::api::ports::ClientAddress;
use axum::Router;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto::Builder;
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tower::ServiceExt;

/// How long a client may take to send a request's headers (and to start the next one on a
/// kept-alive connection).
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// How long requests in flight may run on after a shutdown signal.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

/// The connection loop's limits (tests shorten them).
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub header_read: Duration,
    pub shutdown_grace: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            header_read: HEADER_READ_TIMEOUT,
            shutdown_grace: SHUTDOWN_GRACE,
        }
    }
}

/// Serves `router` on `listener` until `shutdown` completes, then drains within the grace period.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    shutdown: impl Future<Output = ()> + Send,
) -> std::io::Result<()> {
    serve_with(listener, router, shutdown, Limits::default()).await
}

/// [`serve`] with other limits.
pub async fn serve_with(
    listener: TcpListener,
    router: Router,
    shutdown: impl Future<Output = ()> + Send,
    limits: Limits,
) -> std::io::Result<()> {
    let mut builder = Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read);
    builder
        .http2()
        .timer(TokioTimer::new())
        .keep_alive_interval(Some(Duration::from_secs(30)));
    let graceful = GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            () = &mut shutdown => break,
        };
        let (stream, peer) = match accepted {
            Ok(accepted) => accepted,
            Err(e) => {
                // Out of file descriptors, say: wait a moment rather than spin.
                tracing::warn!(error = %e, "accept failed");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        // Each request carries who sent it (applications are throttled by sender).
        let peer = peer.ip();
        let service = TowerToHyperService::new(router.clone().map_request(
            move |mut request: axum::http::Request<hyper::body::Incoming>| {
                let forwarded = request
                    .headers()
                    .get("x-forwarded-for")
                    .and_then(|v| v.to_str().ok());
                let client = ClientAddress(client_address(peer, forwarded));
                request.extensions_mut().insert(client);
                request
            },
        ));
        let connection = builder
            .serve_connection_with_upgrades(TokioIo::new(stream), service)
            .into_owned();
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                // A client that went away or timed out: not the server's failure.
                tracing::debug!(error = %e, "connection ended");
            }
        });
    }
    drop(listener);
    let open = graceful.count();
    tokio::select! {
        () = graceful.shutdown() => tracing::info!(connections = open, "requests in flight finished"),
        () = tokio::time::sleep(limits.shutdown_grace) => {
            tracing::warn!(
                grace_ms = limits.shutdown_grace.as_millis() as u64,
                "closing connections still open after the grace period"
            );
        }
    }
    Ok(())
}

/// The sender of a request: the peer's address, unless the peer is this machine (the usual
/// reverse proxy in front, nginx or caddy on the same host), in which case the last address the
/// proxy added to `X-Forwarded-For` — the one it saw, which a client cannot forge. An IPv6
/// sender counts by its /64 network: one phone or home gets a whole one.
pub fn client_address(peer: IpAddr, forwarded_for: Option<&str>) -> String {
    let forwarded = forwarded_for
        .and_then(|f| f.rsplit(',').next())
        .and_then(|a| a.trim().parse::<IpAddr>().ok());
    let address = match forwarded {
        Some(client) if peer.is_loopback() => client,
        _ => peer,
    };
    match address {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::client_address;

    fn ip(text: &str) -> std::net::IpAddr {
        text.parse().expect("ip")
    }

    #[test]
    fn the_sender_is_the_peer_unless_a_local_proxy_forwarded_it() {
        // A client far away cannot choose its address with a header.
        assert_eq!(
            client_address(ip("203.0.113.9"), Some("10.0.0.1")),
            "203.0.113.9"
        );
        // Behind a local proxy: the address the proxy appended, not what the client wrote first.
        assert_eq!(
            client_address(ip("127.0.0.1"), Some("6.6.6.6, 198.51.100.7")),
            "198.51.100.7"
        );
        assert_eq!(
            client_address(ip("::1"), Some("198.51.100.7")),
            "198.51.100.7"
        );
        assert_eq!(client_address(ip("127.0.0.1"), None), "127.0.0.1");
        assert_eq!(
            client_address(ip("127.0.0.1"), Some("garbage")),
            "127.0.0.1"
        );
        // One phone's IPv6 addresses share their /64; an IPv4-mapped one reads as IPv4.
        assert_eq!(
            client_address(ip("2001:db8:1:2:aaaa::1"), None),
            client_address(ip("2001:db8:1:2:bbbb::2"), None)
        );
        assert_eq!(client_address(ip("::ffff:192.0.2.1"), None), "192.0.2.1");
    }
}
