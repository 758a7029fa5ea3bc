//! `GET /sw-pack/{group}`: one group's chunk files in a single download, for the service worker.
//!
//! The splitter cuts the lazy pages into hundreds of small files: a volunteer's pages need 267 of
//! them, most under 2 KB. Fetched one by one, a phone pays a round trip and a request's headers
//! for each, and brotli compresses each file alone (340 KB for the volunteer's). Packed into one
//! body and compressed once, the same files are about 193 KB in one request.
//!
//! The body is one line of JSON, `{"version": "<release>", "files": [["/pkg/chunk_1.x.wasm",
//! 1666], …]}`, then every file's bytes in that order. Each group's pack is built once per
//! encoding, on the first request (or at start-up for the devices that go offline).

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use axum::body::{Body, Bytes};
use axum::extract::{Path as UrlPath, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use tokio::sync::OnceCell;

use crate::AppState;

/// The groups built at start-up: the devices that go without a network. The office's pack
/// (2.7 MB before compression, seconds of CPU) waits for the first office PC that asks.
const WARM_GROUPS: [&str; 3] = ["shell", "volunteer", "kiosk"];

/// How a pack is sent, best first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Brotli,
    Gzip,
    Identity,
}

impl Encoding {
    fn index(self) -> usize {
        match self {
            Encoding::Brotli => 0,
            Encoding::Gzip => 1,
            Encoding::Identity => 2,
        }
    }

    fn header(self) -> Option<&'static str> {
        match self {
            Encoding::Brotli => Some("br"),
            Encoding::Gzip => Some("gzip"),
            Encoding::Identity => None,
        }
    }

    /// The best encoding the request's `Accept-Encoding` allows (`q=0` refuses one).
    pub fn preferred(accept_encoding: Option<&str>) -> Self {
        let allows = |name: &str| {
            accept_encoding.is_some_and(|accepted| {
                accepted.split(',').any(|item| {
                    let mut parts = item.split(';');
                    let coding = parts.next().unwrap_or_default().trim();
                    let refused = parts.any(|p| {
                        p.trim()
                            .strip_prefix("q=")
                            .and_then(|q| q.trim().parse::<f32>().ok())
                            .is_some_and(|q| q == 0.0)
                    });
                    (coding.eq_ignore_ascii_case(name) || coding == "*") && !refused
                })
            })
        };
        if allows("br") {
            Encoding::Brotli
        } else if allows("gzip") {
            Encoding::Gzip
        } else {
            Encoding::Identity
        }
    }
}

struct GroupPack {
    files: Vec<String>,
    /// One per `Encoding`, built on first use; a failed build is not kept, so it is tried again.
    encoded: [OnceCell<Bytes>; 3],
}

/// Every group's pack, built lazily from the files of this release.
pub struct ChunkPacks {
    site_root: PathBuf,
    version: String,
    groups: BTreeMap<String, GroupPack>,
}

impl std::fmt::Debug for ChunkPacks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ChunkPacks")
            .field("site_root", &self.site_root)
            .field("version", &self.version)
            .field("groups", &self.groups.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl ChunkPacks {
    pub fn new(
        site_root: PathBuf,
        version: String,
        groups: &BTreeMap<String, Vec<String>>,
    ) -> Self {
        let groups = groups
            .iter()
            .map(|(group, files)| {
                let pack = GroupPack {
                    files: files.clone(),
                    encoded: Default::default(),
                };
                (group.clone(), pack)
            })
            .collect();
        Self {
            site_root,
            version,
            groups,
        }
    }

    /// The group's pack in `encoding`; `None` for a group this release does not have.
    pub async fn get(&self, group: &str, encoding: Encoding) -> io::Result<Option<Bytes>> {
        let Some(pack) = self.groups.get(group) else {
            return Ok(None);
        };
        let bytes = pack.encoded[encoding.index()]
            .get_or_try_init(|| async {
                let (root, version, files) = (
                    self.site_root.clone(),
                    self.version.clone(),
                    pack.files.clone(),
                );
                let started = Instant::now();
                let bytes = tokio::task::spawn_blocking(move || {
                    encode(&pack_files(&root, &version, &files)?, encoding)
                })
                .await
                .map_err(io::Error::other)??;
                tracing::info!(
                    group,
                    ?encoding,
                    files = pack.files.len(),
                    bytes = bytes.len(),
                    ms = started.elapsed().as_millis() as u64,
                    "chunk pack built"
                );
                Ok::<_, io::Error>(Bytes::from(bytes))
            })
            .await?;
        Ok(Some(bytes.clone()))
    }

    /// Builds the brotli packs of the devices that go offline, so the first phone after a
    /// release does not wait for the compression.
    pub async fn warm_up(&self) {
        for group in WARM_GROUPS {
            if let Err(e) = self.get(group, Encoding::Brotli).await {
                tracing::warn!(group, error = %e, "chunk pack not built");
            }
        }
    }
}

/// One line of JSON naming each file and its length, then the files' bytes in that order.
pub fn pack_files(site_root: &Path, version: &str, files: &[String]) -> io::Result<Vec<u8>> {
    let mut contents = Vec::with_capacity(files.len());
    for file in files {
        let path = site_root.join(file.trim_start_matches('/'));
        let bytes = std::fs::read(&path)
            .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
        contents.push(bytes);
    }
    let listed: Vec<(&String, usize)> = files
        .iter()
        .zip(&contents)
        .map(|(f, c)| (f, c.len()))
        .collect();
    let head = serde_json::json!({ "version": version, "files": listed });
    let mut body = serde_json::to_vec(&head)?;
    body.push(b'\n');
    for content in contents {
        body.extend_from_slice(&content);
    }
    Ok(body)
}

fn encode(body: &[u8], encoding: Encoding) -> io::Result<Vec<u8>> {
    match encoding {
        Encoding::Brotli => {
            // Built once per release, so the slowest, smallest setting: a phone pays the bytes.
            let params = brotli::enc::BrotliEncoderParams {
                quality: 11,
                lgwin: 24,
                size_hint: body.len(),
                ..Default::default()
            };
            let mut out = Vec::new();
            brotli::BrotliCompress(&mut &body[..], &mut out, &params)?;
            Ok(out)
        }
        Encoding::Gzip => {
            let mut encoder =
                flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
            encoder.write_all(body)?;
            encoder.finish()
        }
        Encoding::Identity => Ok(body.to_vec()),
    }
}

/// `GET /sw-pack/{group}`. Not kept by HTTP: the worker keeps the files it unpacks.
pub async fn serve(
    State(state): State<AppState>,
    UrlPath(group): UrlPath<String>,
    headers: HeaderMap,
) -> Response {
    let accepted = headers
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok());
    let encoding = Encoding::preferred(accepted);
    match state.service_worker.packs.get(&group, encoding).await {
        Ok(Some(bytes)) => {
            let mut response = (
                [
                    (header::CONTENT_TYPE, "application/octet-stream"),
                    (header::CACHE_CONTROL, "no-store"),
                    (header::VARY, "accept-encoding"),
                ],
                Body::from(bytes),
            )
                .into_response();
            if let Some(coding) = encoding.header() {
                response
                    .headers_mut()
                    .insert(header::CONTENT_ENCODING, HeaderValue::from_static(coding));
            }
            response
        }
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            tracing::error!(group, error = %e, "chunk pack unavailable");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn site_with(files: &[(&str, &[u8])]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("tempdir");
        for (path, bytes) in files {
            let path = dir.path().join(path.trim_start_matches('/'));
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(path, bytes).expect("write");
        }
        dir
    }

    /// Reads a pack as the service worker does: the head line, then each file by its length.
    fn unpack(body: &[u8]) -> (String, Vec<(String, Vec<u8>)>) {
        let end = body.iter().position(|&b| b == b'\n').expect("a head line");
        let head: serde_json::Value = serde_json::from_slice(&body[..end]).expect("json head");
        let mut at = end + 1;
        let mut files = Vec::new();
        for entry in head["files"].as_array().expect("files") {
            let size = entry[1].as_u64().expect("size") as usize;
            files.push((
                entry[0].as_str().expect("path").to_string(),
                body[at..at + size].to_vec(),
            ));
            at += size;
        }
        assert_eq!(at, body.len(), "nothing after the last file");
        (
            head["version"].as_str().expect("version").to_string(),
            files,
        )
    }

    #[test]
    fn a_pack_holds_every_file_of_the_group_byte_for_byte() {
        let site = site_with(&[
            ("/pkg/chunk_1.a.wasm", b"\0asm one"),
            ("/pkg/chunk_2.b.wasm", b""),
            (
                "/pkg/split___log_route.c.wasm",
                b"\0asm three\nwith a newline",
            ),
        ]);
        let files: Vec<String> = [
            "/pkg/chunk_1.a.wasm",
            "/pkg/chunk_2.b.wasm",
            "/pkg/split___log_route.c.wasm",
        ]
        .map(String::from)
        .to_vec();
        let (version, unpacked) = unpack(&pack_files(site.path(), "v7", &files).expect("pack"));
        assert_eq!(version, "v7");
        assert_eq!(
            unpacked,
            [
                ("/pkg/chunk_1.a.wasm".to_string(), b"\0asm one".to_vec()),
                ("/pkg/chunk_2.b.wasm".to_string(), Vec::new()),
                (
                    "/pkg/split___log_route.c.wasm".to_string(),
                    b"\0asm three\nwith a newline".to_vec()
                ),
            ]
        );
    }

    #[test]
    fn a_missing_file_fails_the_pack_and_names_the_file() {
        let site = site_with(&[("/pkg/chunk_1.a.wasm", b"x")]);
        let files = vec![
            "/pkg/chunk_1.a.wasm".to_string(),
            "/pkg/gone.wasm".to_string(),
        ];
        let error = pack_files(site.path(), "v1", &files).expect_err("a file is missing");
        assert!(error.to_string().contains("gone.wasm"), "{error}");
    }

    #[tokio::test]
    async fn each_encoding_decodes_to_the_same_pack_and_unknown_groups_are_none() {
        let chunk = b"\0asm".repeat(500);
        let site = site_with(&[("/pkg/chunk_1.a.wasm", &chunk)]);
        let groups = BTreeMap::from([(
            "volunteer".to_string(),
            vec!["/pkg/chunk_1.a.wasm".to_string()],
        )]);
        let packs = ChunkPacks::new(site.path().to_path_buf(), "v1".into(), &groups);
        let plain = packs
            .get("volunteer", Encoding::Identity)
            .await
            .expect("built")
            .expect("known");
        assert_eq!(unpack(&plain).1[0].1, chunk);

        let br = packs
            .get("volunteer", Encoding::Brotli)
            .await
            .expect("built")
            .expect("known");
        assert!(
            br.len() < plain.len() / 10,
            "brotli: {} of {}",
            br.len(),
            plain.len()
        );
        let mut decoded = Vec::new();
        brotli::Decompressor::new(&br[..], 4096)
            .read_to_end(&mut decoded)
            .expect("brotli");
        assert_eq!(decoded, plain);

        let gz = packs
            .get("volunteer", Encoding::Gzip)
            .await
            .expect("built")
            .expect("known");
        let mut decoded = Vec::new();
        flate2::read::GzDecoder::new(&gz[..])
            .read_to_end(&mut decoded)
            .expect("gzip");
        assert_eq!(decoded, plain);

        assert!(packs
            .get("everything", Encoding::Brotli)
            .await
            .expect("no error")
            .is_none());
    }

    #[test]
    fn the_encoding_follows_accept_encoding() {
        use Encoding::*;
        assert_eq!(Encoding::preferred(Some("gzip, deflate, br, zstd")), Brotli);
        assert_eq!(Encoding::preferred(Some("gzip, deflate")), Gzip);
        assert_eq!(Encoding::preferred(Some("br;q=0, gzip;q=0.5")), Gzip);
        assert_eq!(Encoding::preferred(Some("BR")), Brotli);
        assert_eq!(Encoding::preferred(Some("*")), Brotli);
        assert_eq!(Encoding::preferred(Some("identity")), Identity);
        assert_eq!(Encoding::preferred(None), Identity);
    }
}
