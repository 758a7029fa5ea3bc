use tracing_subscriber::{fmt, EnvFilter};

use crate::config::LogFormat;

/// Structured logs on stderr. `filter` uses tracing's directive syntax.
pub fn init(filter: &str, format: LogFormat) -> anyhow::Result<()> {
    let filter = EnvFilter::try_new(filter)?;
    let builder = fmt().with_env_filter(filter).with_writer(std::io::stderr);
    let result = match format {
        LogFormat::Pretty => builder.try_init(),
        LogFormat::Json => builder.json().try_init(),
    };
    result.map_err(|e| anyhow::anyhow!("logging already initialised: {e}"))
}

/// Lines a request can cause at ERROR or WARN level per minute; beyond them such lines are
/// counted and summed up once the minute is over, so no client can flood the log (or the disk
/// under it) by repeating a failing request.
const LOUD_LINES_PER_MINUTE: u64 = 20;

static WINDOW: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
static IN_WINDOW: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// May a request-caused line be logged loudly now? Resets every minute; the first line of a new
/// minute reports how many were held back.
pub fn loud_line_allowed() -> bool {
    use std::sync::atomic::Ordering;
    let minute = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() / 60)
        .unwrap_or(0);
    let previous = WINDOW.swap(minute, Ordering::Relaxed);
    if previous != minute {
        let held = IN_WINDOW
            .swap(0, Ordering::Relaxed)
            .saturating_sub(LOUD_LINES_PER_MINUTE);
        if held > 0 {
            tracing::warn!(held_back = held, "log lines held back in the last minute");
        }
    }
    IN_WINDOW.fetch_add(1, Ordering::Relaxed) < LOUD_LINES_PER_MINUTE
}
