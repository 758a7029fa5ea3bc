//! `/sw.js`, generated once at start-up from the build output.
//!
//! cargo-leptos writes the content hashes of the bundle into `hash.txt` beside the server binary
//! (`hash-files = true`); the same file tells Leptos which `<script>` to render. The worker's
//! asset list and its cache version come from those files, so each release caches itself and
//! evicts the previous one.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use leptos::config::LeptosOptions;
use sha2::{Digest, Sha256};

use crate::chunk_pack::ChunkPacks;
use crate::AppState;

/// The app-shell pages a phone must be able to reload without a network.
pub const SHELL_PAGES: [&str; 15] = [
    "/",
    "/signin",
    "/volunteer",
    "/volunteer/log",
    "/volunteer/points",
    "/volunteer/file",
    "/volunteer/print",
    "/volunteer/activities",
    "/wall",
    "/wall/new",
    "/kiosk",
    "/office",
    "/office/wishes",
    "/office/volunteers",
    "/office/open",
];
const STATIC_ASSETS: [&str; 5] = [
    "/manifest.webmanifest",
    "/icons/icon.svg",
    "/icons/icon-192.png",
    "/icons/icon-512.png",
    "/icons/icon-maskable-512.png",
];

/// Which lazy pages each group of devices keeps offline, by the route's name as wasm-split
/// writes it in its manifest (`__<route>_view_<hash>`). `None`: every lazy page.
const CHUNK_GROUPS: [(&str, Option<&[&str]>); 4] = [
    // `error_text` is not a page: the sentences of refusals (app/src/ui/kit/error_text.rs).
    ("shell", Some(&["home_route", "error_text"])),
    (
        "volunteer",
        Some(&[
            "log_route",
            "wall_route",
            "post_wish_route",
            "wish_route",
            "points_route",
            "file_route",
            "passbook_print_route",
            "volunteer_activities_route",
            // Not a page: the code that sends the outbox (app/src/offline/outbox_push.rs).
            "outbox_push",
        ]),
    ),
    ("kiosk", Some(&["kiosk_route"])),
    ("office", None),
];

#[derive(Debug)]
pub struct ServiceWorker {
    pub version: String,
    /// Kept by every device at install: the main bundle, the styles, the manifest and icons.
    pub assets: Vec<String>,
    /// Kept when a page asks for its group (`precache:<group>`): lazy pages' chunk files.
    pub groups: BTreeMap<String, Vec<String>>,
    /// The same groups, each as one download (`/sw-pack/<group>`).
    pub packs: ChunkPacks,
    script: String,
}

impl ServiceWorker {
    /// Reads the build's bundle names (hashed or not) and fingerprints their contents.
    pub fn from_build(options: &LeptosOptions) -> Self {
        let hash_file = hash_file_path(options);
        let hashes = match (&hash_file, options.hash_files) {
            (Some(path), true) => std::fs::read_to_string(path).ok(),
            _ => None,
        };
        if options.hash_files && hashes.is_none() {
            tracing::warn!(?hash_file, "hash-files is on but no hash file was found");
        }
        let bundle = bundle_names(&options.output_name, hashes.as_deref());
        let pkg = format!("/{}", options.site_pkg_dir);
        let mut assets: Vec<String> = bundle.iter().map(|f| format!("{pkg}/{f}")).collect();
        assets.extend(STATIC_ASSETS.iter().map(|s| s.to_string()));
        let site_root = Path::new(options.site_root.as_ref());
        // Without a split build every group is known and keeps nothing beyond the assets.
        let mut groups = chunk_groups(&BTreeMap::new(), &pkg);
        // A split build (`--split`): the loader script every page imports, and the lazy pages'
        // chunks, grouped by who opens them.
        if let Some(split) = hashes.as_deref().and_then(|h| hash_of(h, "split")) {
            let site_pkg = site_root.join(options.site_pkg_dir.as_ref());
            assets.extend(split_loaders(&site_pkg, &pkg, split));
            let manifest = hashes.as_deref().and_then(|h| hash_of(h, "manifest"));
            let path = site_pkg.join(format!(
                "__wasm_split_manifest.{}.json",
                manifest.unwrap_or_default()
            ));
            match std::fs::read_to_string(&path).map(|text| serde_json::from_str(&text)) {
                Ok(Ok(manifest)) => groups = chunk_groups(&manifest, &pkg),
                _ => {
                    tracing::warn!(path = %path.display(), "the split build's manifest is unreadable")
                }
            }
        }
        let everything: Vec<String> = assets
            .iter()
            .chain(groups.values().flatten())
            .cloned()
            .collect();
        let version = fingerprint(site_root, &everything);
        Self::new(version, assets, groups, site_root)
    }

    pub fn new(
        version: String,
        assets: Vec<String>,
        groups: BTreeMap<String, Vec<String>>,
        site_root: &Path,
    ) -> Self {
        let to_json = |v: &[String]| serde_json::to_string(v).unwrap_or_else(|_| "[]".into());
        let pages: Vec<String> = SHELL_PAGES.iter().map(|s| s.to_string()).collect();
        let script = without_comment_lines(include_str!("sw.js"))
            .replace("__VERSION__", &version)
            .replace("__ASSETS__", &to_json(&assets))
            .replace("__PAGES__", &to_json(&pages));
        let packs = ChunkPacks::new(site_root.to_path_buf(), version.clone(), &groups);
        Self {
            version,
            assets,
            groups,
            packs,
            script,
        }
    }

    pub fn script(&self) -> &str {
        &self.script
    }
}

/// The worker's source as browsers get it: its comments are for the people who read this
/// repository, and every phone downloaded them on its first visit (a third of the script's bytes
/// on the wire). Only whole comment lines and blank lines go; the script has no template literal
/// or block comment that a line could belong to.
fn without_comment_lines(source: &str) -> String {
    source
        .lines()
        .filter(|line| {
            let code = line.trim_start();
            !code.is_empty() && !code.starts_with("//")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Where cargo-leptos writes the bundle's content hashes: beside the server binary, which is
/// also where Leptos looks for them.
pub fn hash_file_path(options: &LeptosOptions) -> Option<PathBuf> {
    std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join(options.hash_file.as_ref())))
}

/// The split build's loader scripts: the one every page imports, and the pages' loaders that the
/// release build moves out of it, imported when a lazy page is first opened
/// (`.ci/compact-split-loader.mjs`); both are kept for offline use.
fn split_loaders(site_pkg: &Path, pkg: &str, split: &str) -> Vec<String> {
    let pages = format!("__wasm_split_pages.{split}.js");
    let mut loaders = vec![format!("{pkg}/__wasm_split.{split}.js")];
    if site_pkg.join(&pages).exists() {
        loaders.push(format!("{pkg}/{pages}"));
    }
    loaders
}

/// The hash of one kind of file (`js`, `wasm`, `css`, `split`, `manifest`) in the hash file.
fn hash_of<'a>(hashes: &'a str, kind: &str) -> Option<&'a str> {
    hashes
        .lines()
        .filter_map(|line| line.split_once(':'))
        .find(|(k, _)| k.trim() == kind)
        .map(|(_, v)| v.trim())
}

/// File names of the JS, WASM and CSS bundle inside the pkg folder, as Leptos names them.
fn bundle_names(output_name: &str, hashes: Option<&str>) -> Vec<String> {
    let mut names = Vec::new();
    for (kind, ext) in [("js", "js"), ("wasm", "wasm"), ("css", "css")] {
        let hash = hashes.and_then(|h| hash_of(h, kind));
        names.push(match hash {
            Some(hash) => format!("{output_name}.{hash}.{ext}"),
            None => format!("{output_name}.{ext}"),
        });
    }
    names
}

/// Each group's chunk files, from wasm-split's manifest (a lazy route's view name → the chunks
/// it needs, shared ones included). A route no group names is kept by the office only.
fn chunk_groups(
    manifest: &BTreeMap<String, Vec<String>>,
    pkg: &str,
) -> BTreeMap<String, Vec<String>> {
    let route_of = |view: &str| {
        let name = view.trim_start_matches("__");
        name.rsplit_once("_view_")
            .map_or(name, |(route, _)| route)
            .to_string()
    };
    CHUNK_GROUPS
        .iter()
        .map(|(group, routes)| {
            let files: BTreeSet<String> = manifest
                .iter()
                .filter(|(view, _)| routes.is_none_or(|r| r.contains(&route_of(view).as_str())))
                .flat_map(|(_, chunks)| chunks.iter().map(|c| format!("{pkg}/{c}.wasm")))
                .collect();
            (group.to_string(), files.into_iter().collect())
        })
        .collect()
}

/// A short hash over the assets' contents (and names): changes whenever any of them changes.
fn fingerprint(site_root: &Path, assets: &[String]) -> String {
    let mut hasher = Sha256::new();
    for asset in assets {
        hasher.update(asset.as_bytes());
        let path: PathBuf = site_root.join(asset.trim_start_matches('/'));
        match std::fs::read(&path) {
            Ok(bytes) => hasher.update(&bytes),
            Err(e) => {
                tracing::warn!(path = %path.display(), error = %e, "service worker asset missing")
            }
        }
    }
    let digest = hasher.finalize();
    digest.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

/// `GET /sw-chunks/{group}`: the chunk files one group of devices keeps, asked for by the worker
/// once a page knows who is signed in. Kept out of `/sw.js` so a phone's first visit does not
/// carry the file list of every office page (about 8 KB on the wire); `version` lets a worker of
/// an older release see that the list is not its own.
pub async fn chunk_list(
    State(state): State<AppState>,
    axum::extract::Path(group): axum::extract::Path<String>,
) -> axum::response::Response {
    let sw = &state.service_worker;
    match sw.groups.get(&group) {
        Some(files) => (
            [(header::CACHE_CONTROL, "no-cache")],
            axum::Json(serde_json::json!({ "version": sw.version, "files": files })),
        )
            .into_response(),
        None => axum::http::StatusCode::NOT_FOUND.into_response(),
    }
}

/// `GET /sw.js`. Never cached by HTTP, so browsers see a new release on their next visit.
pub async fn serve(State(state): State<AppState>) -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        state.service_worker.script().to_owned(),
    )
}

#[cfg(test)]
mod tests;
