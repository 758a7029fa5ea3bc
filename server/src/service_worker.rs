//! `/sw.js`, generated once at start-up from the build output.
//!
//! cargo-leptos writes the content hashes of the bundle into `hash.txt` beside the server binary
//! (`hash-files = true`); the same file tells Leptos which `<script>` to render. The worker's
//! asset list and its cache version come from those files, so each release caches itself and
//! evicts the previous one.

use std::path::{Path, PathBuf};

use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use leptos::config::LeptosOptions;
use sha2::{Digest, Sha256};

use crate::AppState;

/// The app-shell pages a phone must be able to reload without a network.
pub const SHELL_PAGES: [&str; 14] = [
    "/",
    "/signin",
    "/volunteer",
    "/volunteer/log",
    "/volunteer/points",
    "/volunteer/file",
    "/volunteer/print",
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

#[derive(Clone, Debug)]
pub struct ServiceWorker {
    pub version: String,
    pub assets: Vec<String>,
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
        let version = fingerprint(Path::new(options.site_root.as_ref()), &assets);
        Self::new(version, assets)
    }

    pub fn new(version: String, assets: Vec<String>) -> Self {
        let to_json = |v: &[String]| serde_json::to_string(v).unwrap_or_else(|_| "[]".into());
        let pages: Vec<String> = SHELL_PAGES.iter().map(|s| s.to_string()).collect();
        let script = include_str!("sw.js")
            .replace("__VERSION__", &version)
            .replace("__ASSETS__", &to_json(&assets))
            .replace("__PAGES__", &to_json(&pages));
        Self {
            version,
            assets,
            script,
        }
    }

    pub fn script(&self) -> &str {
        &self.script
    }
}

/// Where cargo-leptos writes the bundle's content hashes: beside the server binary, which is
/// also where Leptos looks for them.
pub fn hash_file_path(options: &LeptosOptions) -> Option<PathBuf> {
    std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join(options.hash_file.as_ref())))
}

/// File names of the JS, WASM and CSS bundle inside the pkg folder, as Leptos names them.
fn bundle_names(output_name: &str, hashes: Option<&str>) -> Vec<String> {
    let hash_of = |kind: &str| {
        hashes.and_then(|text| {
            text.lines()
                .filter_map(|line| line.split_once(':'))
                .find(|(k, _)| k.trim() == kind)
                .map(|(_, v)| format!(".{}", v.trim()))
        })
    };
    let mut names = Vec::new();
    for (kind, ext) in [("js", "js"), ("wasm", "wasm"), ("css", "css")] {
        names.push(format!(
            "{output_name}{}.{ext}",
            hash_of(kind).unwrap_or_default()
        ));
    }
    names
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
mod tests {
    use super::*;

    #[test]
    fn bundle_names_follow_the_hash_file() {
        let hashes = "js: abc123\nwasm: def456\ncss: 789fed\n";
        assert_eq!(
            bundle_names("lovebank", Some(hashes)),
            [
                "lovebank.abc123.js",
                "lovebank.def456.wasm",
                "lovebank.789fed.css"
            ]
        );
        assert_eq!(
            bundle_names("lovebank", None),
            ["lovebank.js", "lovebank.wasm", "lovebank.css"]
        );
    }

    #[test]
    fn the_version_changes_when_an_asset_changes() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir_all(dir.path().join("pkg")).expect("mkdir");
        let assets = vec!["/pkg/a.js".to_string()];
        std::fs::write(dir.path().join("pkg/a.js"), "one").expect("write");
        let first = fingerprint(dir.path(), &assets);
        assert_eq!(
            first,
            fingerprint(dir.path(), &assets),
            "stable for the same build"
        );
        std::fs::write(dir.path().join("pkg/a.js"), "two").expect("write");
        assert_ne!(first, fingerprint(dir.path(), &assets));
    }

    #[test]
    fn the_script_lists_assets_and_pages() {
        let sw = ServiceWorker::new("v1".into(), vec!["/pkg/x.1.js".into()]);
        assert!(sw.script().contains(r#"const VERSION = "v1";"#));
        assert!(sw.script().contains(r#"const ASSETS = ["/pkg/x.1.js"];"#));
        assert!(sw.script().contains(r#""/volunteer""#));
        assert!(!sw.script().contains("__"), "every placeholder is filled");
    }
}
