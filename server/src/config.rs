use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Parser, ValueEnum};

/// Love Bank (爱心银行) server: a time bank for volunteering.
///
/// Every flag can also be given as an environment variable (shown in brackets).
#[derive(Parser, Debug, Clone)]
#[command(name = "lovebank", version, about, long_about = None)]
pub struct Config {
    /// Address and port to listen on. Default: the `site-addr` of the build (127.0.0.1:3000).
    #[arg(long, env = "LOVEBANK_LISTEN")]
    pub listen: Option<SocketAddr>,

    /// Folder for local data: the embedded SQLite database lives here unless --database-url says
    /// otherwise. Created if missing.
    #[arg(long, env = "LOVEBANK_DATA_DIR", default_value = "data")]
    pub data_dir: PathBuf,

    /// Database URL, e.g. sqlite://data/lovebank.db. Default: lovebank.db in the data folder.
    #[arg(long, env = "LOVEBANK_DATABASE_URL")]
    pub database_url: Option<String>,

    /// Log filter in tracing's syntax, e.g. "info" or "server=debug,sqlx=warn".
    #[arg(long, env = "LOVEBANK_LOG", default_value = "info,sqlx=warn")]
    pub log: String,

    /// Log format: human-readable lines, or one JSON object per line for log collectors.
    #[arg(long, env = "LOVEBANK_LOG_FORMAT", value_enum, default_value_t = LogFormat::Pretty)]
    pub log_format: LogFormat,

    /// Fill an empty database with demo data (a sub-district, three communities, volunteers,
    /// households, wishes and service records). Never touches a database that holds data.
    #[arg(long, env = "LOVEBANK_DEMO_DATA")]
    pub demo_data: bool,

    /// Mark the session cookie `Secure` (sent over HTTPS only). Turn on whenever the app is
    /// served over HTTPS, which every deployment beyond one machine should be.
    #[arg(long, env = "LOVEBANK_SECURE_COOKIES")]
    pub secure_cookies: bool,

    /// What to do instead of serving.
    #[command(subcommand)]
    pub task: Option<Task>,
}

/// One-off jobs of the server binary.
#[derive(clap::Subcommand, Debug, Clone, PartialEq, Eq)]
pub enum Task {
    /// Prepares an empty database for a real sub-district: its name and the first
    /// administrator, who then creates the communities and staff accounts in the browser.
    /// The password is asked for (not echoed) unless LOVEBANK_ADMIN_PASSWORD holds it.
    Init {
        #[command(flatten)]
        founding: FoundingArgs,
    },
    /// Writes a consistent copy of the database to a new file, while the server runs. Restore
    /// by stopping the server and putting the copy in the database's place (see the README).
    Backup {
        /// The new file to write (it must not exist). Each sub-district this install runs
        /// besides its own is written beside it (`backup.db` → `backup.<code>.db`).
        to: PathBuf,
    },
    /// Copies this database (--database-url, or the data folder's SQLite file) into another,
    /// empty one of either engine, e.g. an SQLite install into PostgreSQL, and checks the copy
    /// (every table's rows and digest, each person's ledger) before keeping it. A district's or
    /// city's install is copied whole: every sub-district it lists goes with it. Stop the
    /// servers of the source first: what they write during the copy is not in it.
    Copy {
        /// The database to fill: postgres://… or sqlite://… (an empty database; a new SQLite
        /// file is created).
        #[arg(long)]
        to: String,
    },
    /// Adds a sub-district to this install (a district or city running several): its own
    /// database beside this one's, reached at its own host name, founded with its first
    /// administrator. Running servers serve it within seconds (they look for new ones every 5 s).
    AddSubDistrict {
        /// 2 to 30 lowercase letters, digits or '-', starting with a letter: names its file
        /// (SQLite) or schema (PostgreSQL).
        #[arg(long)]
        code: String,
        /// The host name its people reach it at, e.g. donghu.lovebank.example.cn.
        #[arg(long)]
        host: String,
        #[command(flatten)]
        founding: FoundingArgs,
    },
}

/// A sub-district's name and its first administrator, as `init` and `add-sub-district` take them.
#[derive(clap::Args, Debug, Clone, PartialEq, Eq)]
pub struct FoundingArgs {
    /// The sub-district's name, e.g. 福利路街道.
    #[arg(long)]
    pub sub_district: String,
    /// The administrator's sign-in name (letters, digits, . _ -), e.g. admin.
    #[arg(long, default_value = "admin")]
    pub admin_login: String,
    /// The administrator's name as the pages and the audit trail show it.
    #[arg(long, default_value = "街道管理员")]
    pub admin_name: String,
    /// The administrator's password (better given in the environment than on the command
    /// line, where other users of the machine can read it).
    #[arg(long, env = "LOVEBANK_ADMIN_PASSWORD", hide_env_values = true)]
    pub admin_password: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Pretty,
    Json,
}

impl Config {
    /// The database URL to open: the explicit one, or the SQLite file in the data folder.
    pub fn database_url(&self) -> String {
        match &self.database_url {
            Some(url) => url.clone(),
            None => format!("sqlite://{}", self.data_dir.join("lovebank.db").display()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_database_is_sqlite_in_the_data_folder() {
        let c = Config::parse_from(["lovebank", "--data-dir", "/tmp/x"]);
        assert_eq!(c.database_url(), "sqlite:///tmp/x/lovebank.db");
        assert!(!c.demo_data);
        assert_eq!(c.listen, None);
    }

    #[test]
    fn backup_is_a_task_of_its_own() {
        let c = Config::parse_from(["lovebank", "--data-dir", "/srv/lb", "backup", "/srv/b.db"]);
        assert_eq!(
            c.task,
            Some(Task::Backup {
                to: PathBuf::from("/srv/b.db")
            })
        );
        assert_eq!(c.database_url(), "sqlite:///srv/lb/lovebank.db");
    }

    #[test]
    fn flags_are_parsed() {
        let c = Config::parse_from([
            "lovebank",
            "--listen",
            "0.0.0.0:8080",
            "--database-url",
            "sqlite://elsewhere.db",
            "--demo-data",
            "--log-format",
            "json",
        ]);
        assert_eq!(c.listen, Some("0.0.0.0:8080".parse().expect("addr")));
        assert_eq!(c.database_url(), "sqlite://elsewhere.db");
        assert!(c.demo_data);
        assert_eq!(c.log_format, LogFormat::Json);
    }

    #[test]
    fn a_bad_listen_address_is_refused() {
        assert!(Config::try_parse_from(["lovebank", "--listen", "nowhere"]).is_err());
    }
}
