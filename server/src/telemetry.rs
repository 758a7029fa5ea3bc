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
