//! Moving a whole install: its own database and every sub-district it runs for a district or
//! city (each a file beside the home file on SQLite, a schema on PostgreSQL), each copied and
//! checked as [`copy_database`] does. Copying only the home database would list sub-districts
//! whose data stayed behind, and the new install would serve them empty.
//!
//! Every target is found empty before anything is written. The sub-districts are copied before
//! the home database that lists them, so a target whose home database is copied is whole.

use anyhow::{ensure, Context};

use super::{copy_database, ensure_empty, CopyReport};
use crate::store::{HostedSubDistrict, SqlStore};

/// What a finished copy of an install holds.
#[derive(Debug)]
pub struct InstallCopyReport {
    /// The install's own sub-district.
    pub home: CopyReport,
    /// Every other sub-district it lists, in the order it lists them.
    pub sub_districts: Vec<(HostedSubDistrict, CopyReport)>,
}

/// Copies the install whose database is at `source_url` (and every sub-district it lists) into
/// the empty database at `target_url`, checking each copy before keeping it.
pub async fn copy_install(source_url: &str, target_url: &str) -> anyhow::Result<InstallCopyReport> {
    let source = SqlStore::open(source_url).await?;
    let target = SqlStore::open(target_url).await?;
    let outcome = copy_opened(&source, source_url, &target, target_url).await;
    source.close().await;
    target.close().await;
    outcome
}

async fn copy_opened(
    source: &SqlStore,
    source_url: &str,
    target: &SqlStore,
    target_url: &str,
) -> anyhow::Result<InstallCopyReport> {
    ensure_empty(target).await?;
    let listed = source.hosted_sub_districts().await?;
    for HostedSubDistrict { code, name, .. } in &listed {
        ensure!(
            source.sub_district_exists(source_url, code).await?,
            "{name}（{code}）已登记，但源中没有它的数据库；未复制任何数据 / {name} ({code}) is \
             listed but its database is missing from the source: nothing was copied"
        );
    }
    let mut pairs = Vec::new();
    for hosted in listed {
        let (code, name) = (&hosted.code, &hosted.name);
        let from = SqlStore::open_sub_district(source_url, code).await?;
        let to = SqlStore::open_sub_district(target_url, code).await?;
        ensure_empty(&to)
            .await
            .with_context(|| format!("{name} ({code}) in the target"))?;
        pairs.push((hosted, from, to));
    }
    let mut sub_districts = Vec::new();
    for (hosted, from, to) in pairs {
        let copied = copy_database(&from, &to).await;
        from.close().await;
        to.close().await;
        let report = copied.with_context(|| {
            format!(
                "{}（{}）复制失败；此前复制的街道留在目标中，请换一个空数据库重新复制 / copying {} \
                 failed: the sub-districts copied before it stay in the target, so copy again \
                 into a new empty database",
                hosted.name, hosted.code, hosted.code
            )
        })?;
        sub_districts.push((hosted, report));
    }
    let home = copy_database(source, target).await?;
    Ok(InstallCopyReport {
        home,
        sub_districts,
    })
}

impl std::fmt::Display for InstallCopyReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.home)?;
        for (hosted, report) in &self.sub_districts {
            write!(
                f,
                "\n\n{}（{}，{}）:\n{report}",
                hosted.name, hosted.code, hosted.host
            )?;
        }
        Ok(())
    }
}
