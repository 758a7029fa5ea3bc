//! A district or city in one install: the install's own sub-district (its home database) and
//! the others it lists, each with its own database and its own host name. Every request is sent
//! to the sub-district of the host it was addressed to (any host not listed is the home one's),
//! so a sub-district's people, sessions, devices and ledger are only ever read and written in
//! its own database: isolation is the shape of the storage, not a filter every query must
//! remember. The home sub-district's administrator is the district's: on the home address only,
//! they can read every sub-district's statistics and all of them added up.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, RwLock};

use app::api::ports::{City, OfficeStore, Store, StoreError, SubDistrictPorts};
use app::domain::city::{roll_up, SubDistrictChoice, ALL_SUB_DISTRICTS, HOME};
use app::domain::statistics::{Period, Statistics};
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::accounts::PasswordAccounts;
use crate::store::hosted::normalized_host;
use crate::store::SqlStore;

/// How often a running server looks for sub-districts added since it started (by
/// `server add-sub-district`, from another process): every app server of an install serves a new
/// one within this time, without a restart.
pub const LOOK_FOR_NEW_EVERY: std::time::Duration = std::time::Duration::from_secs(5);

/// One sub-district of the install, open.
struct Member {
    code: String,
    store: SqlStore,
    ports: SubDistrictPorts,
}

/// Where requests go now.
struct Served {
    home: SubDistrictPorts,
    by_host: HashMap<String, SubDistrictPorts>,
    /// Hosts of sub-districts listed whose database is missing (a restore that left out their
    /// file): answered "unavailable", never sent to the home sub-district nor given a new, empty
    /// database; served as soon as the database is back.
    missing: HashSet<String>,
}

/// The install's sub-districts and where each request goes.
pub struct SubDistricts {
    home_url: String,
    /// The home sub-district's accounts, from which each sub-district's are made.
    accounts: PasswordAccounts,
    /// Every sub-district open, the home one first; only ever grows.
    members: tokio::sync::Mutex<Vec<Member>>,
    served: RwLock<Arc<Served>>,
}

impl SubDistricts {
    /// Opens the sub-districts the home database lists (each migrated as the home one is), and
    /// gives the home one the district's view when there are any.
    pub async fn open(
        home: SqlStore,
        home_url: &str,
        accounts: &PasswordAccounts,
    ) -> anyhow::Result<Self> {
        let accounts = accounts.for_store(Arc::new(home.clone()));
        let home = Member {
            code: HOME.to_string(),
            ports: ports(&home, &accounts),
            store: home,
        };
        let sub_districts = Self {
            home_url: home_url.to_string(),
            served: RwLock::new(Arc::new(Served {
                home: home.ports.clone(),
                by_host: HashMap::new(),
                missing: HashSet::new(),
            })),
            members: tokio::sync::Mutex::new(vec![home]),
            accounts,
        };
        sub_districts.look_for_new().await?;
        Ok(sub_districts)
    }

    /// Opens the sub-districts listed since the last look and serves them from now on; how many
    /// there were.
    pub async fn look_for_new(&self) -> anyhow::Result<usize> {
        let mut members = self.members.lock().await;
        let home = members[0].store.clone();
        let before = self.served();
        let mut by_host = before.by_host.clone();
        let mut missing = HashSet::new();
        let mut added = 0;
        for hosted in home.hosted_sub_districts().await? {
            if members.iter().any(|m| m.code == hosted.code) {
                continue;
            }
            if !home
                .sub_district_exists(&self.home_url, &hosted.code)
                .await?
            {
                if !before.missing.contains(&hosted.host) {
                    tracing::error!(code = %hosted.code, host = %hosted.host,
                        "sub-district listed but its database is missing: restore it; its address answers 503 until then");
                }
                missing.insert(hosted.host);
                continue;
            }
            let store = SqlStore::open_sub_district(&self.home_url, &hosted.code).await?;
            let member_ports = ports(&store, &self.accounts);
            by_host.insert(hosted.host.clone(), member_ports.clone());
            tracing::info!(code = %hosted.code, host = %hosted.host, "serving sub-district");
            members.push(Member {
                code: hosted.code,
                store,
                ports: member_ports,
            });
            added += 1;
        }
        if added > 0 || missing != before.missing {
            let mut home_ports = members[0].ports.clone();
            home_ports.city = Some(Arc::new(CityView {
                members: members
                    .iter()
                    .map(|m| (m.code.clone(), m.store.clone()))
                    .collect(),
            }));
            let served = Arc::new(Served {
                home: home_ports,
                by_host,
                missing,
            });
            *self.served.write().unwrap_or_else(|p| p.into_inner()) = served;
        }
        Ok(added)
    }

    /// Looks for new sub-districts every [`LOOK_FOR_NEW_EVERY`], for as long as the server runs.
    pub async fn keep_looking(self: Arc<Self>) {
        let mut every = tokio::time::interval(LOOK_FOR_NEW_EVERY);
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            every.tick().await;
            if let Err(error) = self.look_for_new().await {
                tracing::warn!(%error, "looking for new sub-districts");
            }
        }
    }

    fn served(&self) -> Arc<Served> {
        self.served
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// The ports of the sub-district `host` (a request's Host) belongs to; `None` when it is
    /// listed but its database is missing.
    pub fn for_host(&self, host: Option<&str>) -> Option<SubDistrictPorts> {
        let served = self.served();
        let Some(host) = host.map(normalized_host) else {
            return Some(served.home.clone());
        };
        if let Some(ports) = served.by_host.get(&host) {
            return Some(ports.clone());
        }
        (!served.missing.contains(&host)).then(|| served.home.clone())
    }

    /// Closes every sub-district's database (SQLite checkpoints its WAL).
    pub async fn close(&self) {
        for member in self.members.lock().await.iter() {
            member.store.close().await;
        }
    }
}

/// A sub-district's ports; the district's view is added to the home one's afterwards.
fn ports(store: &SqlStore, accounts: &PasswordAccounts) -> SubDistrictPorts {
    let store: Arc<dyn Store> = Arc::new(store.clone());
    SubDistrictPorts {
        accounts: Arc::new(accounts.for_store(store.clone())),
        store,
        city: None,
    }
}

/// Puts the ports of the request's sub-district in its extensions, where the server functions
/// and the exports take their store and accounts from.
pub async fn route_to_sub_district(
    State(sub_districts): State<Arc<SubDistricts>>,
    mut request: Request,
    next: Next,
) -> Response {
    let host = request
        .headers()
        .get(axum::http::header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(str::to_string)
        .or_else(|| request.uri().host().map(str::to_string));
    let Some(ports) = sub_districts.for_host(host.as_deref()) else {
        return (
            axum::http::StatusCode::SERVICE_UNAVAILABLE,
            "该街道的数据库暂不可用，请联系系统管理员。 / This sub-district's database is \
             unavailable: please tell the administrator.",
        )
            .into_response();
    };
    request.extensions_mut().insert(ports);
    next.run(request).await
}

/// The district's view: every sub-district's store, the home one first.
struct CityView {
    members: Vec<(String, SqlStore)>,
}

impl CityView {
    /// Each sub-district's name as its database holds it now.
    async fn names(&self, of: &[&(String, SqlStore)]) -> Result<Vec<String>, StoreError> {
        futures::future::try_join_all(of.iter().map(|(_, store)| store.sub_district_name()))
            .await
            .map_err(|e| StoreError::Failed(e.to_string()))
    }
}

#[async_trait::async_trait]
impl City for CityView {
    async fn sub_districts(&self) -> Result<Vec<SubDistrictChoice>, StoreError> {
        let all: Vec<_> = self.members.iter().collect();
        let names = self.names(&all).await?;
        Ok(all
            .iter()
            .zip(names)
            .map(|((code, _), name)| SubDistrictChoice {
                code: code.clone(),
                name,
            })
            .collect())
    }

    async fn statistics(&self, code: &str, period: &Period) -> Result<Statistics, StoreError> {
        let chosen: Vec<_> = self
            .members
            .iter()
            .filter(|(c, _)| code == ALL_SUB_DISTRICTS || c == code)
            .collect();
        if chosen.is_empty() {
            return Err(StoreError::NotFound);
        }
        // Each sub-district counts in its own database, all at once.
        let counted = futures::future::try_join_all(
            chosen
                .iter()
                .map(|(_, store)| store.statistics(None, period)),
        )
        .await?;
        let names = self.names(&chosen).await?;
        Ok(roll_up(period, names.into_iter().zip(counted).collect()))
    }
}
