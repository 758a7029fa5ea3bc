//! The first start of a real deployment: `server init` writes the sub-district and its first
//! administrator into an empty database. Serving an empty database without it (and without
//! `--demo-data`) is refused with the command to run.

use anyhow::Context;
use app::api::ports::Store;
use app::domain::administration::Founding;
use app::domain::audit::AuditEntry;
use app::domain::ids::PersonId;
use app::domain::Lang;

/// What `server init` was given.
pub struct InitRequest<'a> {
    pub sub_district: &'a str,
    pub admin_name: &'a str,
    pub admin_login: &'a str,
    pub admin_password: &'a str,
}

impl<'a> InitRequest<'a> {
    /// What the command line gave, with the password found for it.
    pub fn of(founding: &'a crate::config::FoundingArgs, password: &'a str) -> Self {
        Self {
            sub_district: &founding.sub_district,
            admin_name: &founding.admin_name,
            admin_login: &founding.admin_login,
            admin_password: password,
        }
    }
}

/// Creates the sub-district and its first administrator. Refuses a database that already has
/// a sub-district, and bad input with every field's problem (in Chinese and English).
pub async fn init(store: &dyn Store, request: &InitRequest<'_>) -> anyhow::Result<PersonId> {
    if store.is_initialised().await? {
        let name = store.overview().await?.sub_district;
        anyhow::bail!(
            "数据库已初始化（{name}），未做任何更改。 / The database already holds {name}: nothing was changed."
        );
    }
    let founding = Founding::parse(
        request.sub_district,
        request.admin_name,
        request.admin_login,
        request.admin_password,
    )
    .map_err(|errors| {
        let lines: Vec<String> = errors
            .0
            .iter()
            .map(|e| format!("  - {} / {}", e.message(Lang::Zh), e.message(Lang::En)))
            .collect();
        anyhow::anyhow!("无法初始化 / cannot initialise:\n{}", lines.join("\n"))
    })?;
    let hash = crate::accounts::hash_password(founding.admin_password.expose())?;
    let audit = AuditEntry {
        at: chrono::Utc::now(),
        actor: None,
        role: None,
        community: None,
        action: "init".into(),
        subject: String::new(),
        detail: String::new(),
        device: "server init".into(),
    };
    Ok(store.found(&founding, &hash, audit).await?)
}

/// The password for `server init`: given, or asked for twice on a terminal (not echoed), or
/// read as one line from a pipe.
pub fn admin_password(given: Option<String>) -> anyhow::Result<String> {
    use std::io::IsTerminal;
    if let Some(p) = given {
        return Ok(p);
    }
    if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password("管理员密码 / administrator's password: ")?;
        let again = rpassword::prompt_password("再输入一次 / once more: ")?;
        anyhow::ensure!(
            first == again,
            "两次输入的密码不一致 / the passwords differ"
        );
        Ok(first)
    } else {
        let mut line = String::new();
        std::io::stdin()
            .read_line(&mut line)
            .context("reading the administrator's password from standard input")?;
        Ok(line.trim_end_matches(['\r', '\n']).to_string())
    }
}

/// What to tell whoever starts the server on an empty database without demo data.
pub fn not_initialised_message(program: &str) -> String {
    format!(
        "数据库是空的：请先初始化街道和第一位管理员，例如\n\
         The database is empty: create the sub-district and its first administrator first, e.g.\n\n\
         \x20   {program} init --sub-district 福利路街道 --admin-login admin\n\n\
         （用同样的 --data-dir / --database-url；或加 --demo-data 试用演示数据。）\n\
         (Use the same --data-dir / --database-url; or add --demo-data to try the demo.)"
    )
}

/// `server add-sub-district`: a new sub-district of this install, its database made and
/// migrated, founded with its first administrator, then listed in the home database with its
/// host. Refused before anything is written when the code or host is taken or malformed or the
/// input is bad. A database left founded but unlisted by an attempt cut short is listed as it is
/// (its first administrator stands).
pub async fn add_sub_district(
    home: &crate::store::SqlStore,
    home_url: &str,
    code: &str,
    host: &str,
    request: &InitRequest<'_>,
) -> anyhow::Result<()> {
    use crate::store::{HostedSubDistrict, SqlStore};
    use app::api::ports::AdminStore;
    let hosted = HostedSubDistrict {
        code: code.to_string(),
        host: host.trim().to_ascii_lowercase(),
        name: request.sub_district.to_string(),
    };
    home.check_new_sub_district(&hosted).await?;
    let store = SqlStore::open_sub_district(home_url, code).await?;
    let founded = match store.is_initialised().await {
        Ok(true) => Ok(()),
        Ok(false) => init(&store, request).await.map(|_| ()),
        Err(e) => Err(e.into()),
    };
    store.close().await;
    founded?;
    home.host_sub_district(&hosted).await
}
