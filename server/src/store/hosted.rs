//! The other sub-districts an install runs for a district or city: each one's own database
//! (a file beside the home file on SQLite, a schema of the same database on PostgreSQL) and the
//! home database's list of them (`hosted_sub_districts`, migration 0024).

use app::domain::city::valid_code;
use chrono::Utc;

use super::engine::Engine;
use super::{ts, SqlStore};

/// A sub-district the install runs besides its own, as its list holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HostedSubDistrict {
    pub code: String,
    pub host: String,
    pub name: String,
}

/// A host name as requests carry it, compared without case and without its port.
pub fn normalized_host(host: &str) -> String {
    let host = host.trim();
    let name = match host.strip_prefix('[') {
        // An IPv6 literal keeps its brackets; its port follows them.
        Some(_) => host.split_inclusive(']').next().unwrap_or(host),
        None => match host.rsplit_once(':') {
            Some((name, port)) if port.chars().all(|c| c.is_ascii_digit()) => name,
            _ => host,
        },
    };
    name.trim_end_matches('.').to_ascii_lowercase()
}

/// A host name a sub-district can be given: letters, digits, '-' and '.', at most 253.
fn valid_host(host: &str) -> bool {
    !host.is_empty()
        && host.len() <= 253
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
        && !host.starts_with(['.', '-'])
}

impl SqlStore {
    /// The store of sub-district `code` of a city whose own sub-district is at `home_url`: a
    /// file beside the home file on SQLite, a schema of the same database on PostgreSQL
    /// (`sd_<code>`, which Citus' schema-based sharding keeps whole on one node). Made and
    /// migrated when missing.
    pub async fn open_sub_district(home_url: &str, code: &str) -> anyhow::Result<Self> {
        anyhow::ensure!(
            valid_code(code),
            "代码须为 2–30 个小写字母、数字或“-”，以字母开头 / a sub-district's code is 2 to 30 \
             lowercase letters, digits or '-', starting with a letter (got {code:?})"
        );
        let engine = Engine::of_url(home_url)?;
        let pool = match engine {
            Engine::Sqlite => {
                engine
                    .connect(&sub_district_file(home_url, code)?, None)
                    .await?
            }
            Engine::Postgres => {
                let schema = schema_of(code);
                let pool = engine.connect(home_url, Some(&schema)).await?;
                sqlx::query(sqlx::AssertSqlSafe(format!(
                    "CREATE SCHEMA IF NOT EXISTS \"{schema}\""
                )))
                .execute(&pool)
                .await?;
                pool
            }
        };
        engine.migrator().run(&pool).await?;
        Ok(Self { pool, engine })
    }

    /// Whether sub-district `code` of this (home) database at `home_url` has a database already,
    /// found without making one (a copy or a backup must not leave an empty one behind).
    pub async fn sub_district_exists(&self, home_url: &str, code: &str) -> anyhow::Result<bool> {
        anyhow::ensure!(valid_code(code), "bad code {code:?}");
        match self.engine {
            Engine::Sqlite => Ok(sub_district_path(home_url, code)?.exists()),
            Engine::Postgres => Ok(sqlx::query_scalar(
                "SELECT EXISTS (SELECT 1 FROM information_schema.schemata WHERE schema_name = $1)",
            )
            .bind(schema_of(code))
            .fetch_one(&self.pool)
            .await?),
        }
    }

    /// The name this database's sub-district was founded with (or renamed to); empty before
    /// it is founded.
    pub async fn sub_district_name(&self) -> anyhow::Result<String> {
        let name: Option<String> = sqlx::query_scalar("SELECT name FROM sub_district WHERE id = 1")
            .fetch_optional(&self.pool)
            .await?;
        Ok(name.unwrap_or_default())
    }

    /// The sub-districts this (home) database lists, in the order they were added.
    pub async fn hosted_sub_districts(&self) -> anyhow::Result<Vec<HostedSubDistrict>> {
        let rows: Vec<(String, String, String)> = sqlx::query_as(
            "SELECT code, host, name FROM hosted_sub_districts ORDER BY created_at, code",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(code, host, name)| HostedSubDistrict { code, host, name })
            .collect())
    }

    /// Lists a new sub-district; refused when its code or host is taken or malformed.
    pub async fn host_sub_district(&self, new: &HostedSubDistrict) -> anyhow::Result<()> {
        self.check_new_sub_district(new).await?;
        sqlx::query(
            "INSERT INTO hosted_sub_districts (code, host, name, created_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(&new.code)
        .bind(&new.host)
        .bind(&new.name)
        .bind(ts(Utc::now()))
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Why `new` cannot be listed, if it cannot: its code or host malformed or taken.
    pub async fn check_new_sub_district(&self, new: &HostedSubDistrict) -> anyhow::Result<()> {
        anyhow::ensure!(valid_code(&new.code), "bad code {:?}", new.code);
        anyhow::ensure!(
            valid_host(&new.host) && normalized_host(&new.host) == new.host,
            "主机名须为小写字母、数字、“-”和“.” / the host must be a lowercase host name without a \
             port (got {:?})",
            new.host
        );
        let taken: Option<String> = sqlx::query_scalar(
            "SELECT code FROM hosted_sub_districts WHERE code = $1 OR host = $2",
        )
        .bind(&new.code)
        .bind(&new.host)
        .fetch_optional(&self.pool)
        .await?;
        anyhow::ensure!(
            taken.is_none(),
            "代码或主机名已被使用 / the code or the host is already used by {}",
            taken.unwrap_or_default()
        );
        Ok(())
    }
}

/// The PostgreSQL schema of sub-district `code`.
fn schema_of(code: &str) -> String {
    format!("sd_{}", code.replace('-', "_"))
}

/// The SQLite file of sub-district `code` beside the home file at `home_url`.
pub(super) fn sub_district_path(home_url: &str, code: &str) -> anyhow::Result<std::path::PathBuf> {
    use std::str::FromStr;
    let url = sub_district_file(home_url, code)?;
    let options = sqlx::sqlite::SqliteConnectOptions::from_str(&url)?;
    Ok(options.get_filename().to_path_buf())
}

/// The SQLite URL of sub-district `code` beside the home file: `…/lovebank.db` gives
/// `…/lovebank.<code>.db`, with the same options.
pub(super) fn sub_district_file(home_url: &str, code: &str) -> anyhow::Result<String> {
    let (path, options) = match home_url.split_once('?') {
        Some((path, options)) => (path, format!("?{options}")),
        None => (home_url, String::new()),
    };
    anyhow::ensure!(
        !path.contains(":memory:") && !options.contains("mode=memory"),
        "a city's sub-districts need the home database on disk, not in memory"
    );
    let file = match path.strip_suffix(".db") {
        Some(stem) => format!("{stem}.{code}.db"),
        None => format!("{path}.{code}"),
    };
    Ok(format!("{file}{options}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sub_districts_file_sits_beside_the_home_file() {
        assert_eq!(
            sub_district_file("sqlite:///data/lovebank.db", "donghu").expect("a file"),
            "sqlite:///data/lovebank.donghu.db"
        );
        assert_eq!(
            sub_district_file("sqlite:///data/bank?mode=rwc", "xihu").expect("a file"),
            "sqlite:///data/bank.xihu?mode=rwc"
        );
        assert!(sub_district_file("sqlite::memory:", "xihu").is_err());
    }

    #[test]
    fn hosts_compare_without_case_or_port() {
        assert_eq!(
            normalized_host("DongHu.Example.cn:8443"),
            "donghu.example.cn"
        );
        assert_eq!(normalized_host("donghu.example.cn."), "donghu.example.cn");
        assert_eq!(normalized_host("127.0.0.1:3000"), "127.0.0.1");
        assert_eq!(normalized_host("[::1]:3000"), "[::1]");
        assert!(valid_host("donghu.example.cn"));
        assert!(!valid_host("donghu example"));
        assert!(!valid_host("-x.cn"));
    }
}
