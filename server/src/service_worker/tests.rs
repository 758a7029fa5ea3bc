use super::*;

#[test]
fn the_served_worker_has_its_code_without_its_comments() {
    let source = include_str!("../sw.js");
    let served = without_comment_lines(source);
    assert!(!served.lines().any(|l| l.trim_start().starts_with("//")));
    assert!(
        served.len() * 10 < source.len() * 8,
        "{} of {}",
        served.len(),
        source.len()
    );
    // Every line of code is kept, in order.
    let code: Vec<&str> = source
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with("//"))
        .collect();
    assert_eq!(served.lines().collect::<Vec<_>>(), code);
    assert!(served.contains("addEventListener(\"fetch\""));
}

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
fn the_pages_loader_is_kept_when_the_build_made_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    assert_eq!(
        split_loaders(dir.path(), "/pkg", "h1"),
        ["/pkg/__wasm_split.h1.js"]
    );
    std::fs::write(dir.path().join("__wasm_split_pages.h1.js"), "export {}").expect("write");
    assert_eq!(
        split_loaders(dir.path(), "/pkg", "h1"),
        ["/pkg/__wasm_split.h1.js", "/pkg/__wasm_split_pages.h1.js"]
    );
}

#[test]
fn the_script_lists_assets_and_pages_but_no_chunks() {
    let groups = BTreeMap::from([("kiosk".to_string(), vec!["/pkg/chunk_1.a.wasm".to_string()])]);
    let sw = ServiceWorker::new(
        "v1".into(),
        vec!["/pkg/x.1.js".into()],
        groups,
        Path::new("."),
    );
    assert!(sw.script().contains(r#"const VERSION = "v1";"#));
    assert!(sw.script().contains(r#"const ASSETS = ["/pkg/x.1.js"];"#));
    assert!(sw.script().contains(r#""/volunteer""#));
    assert!(
        !sw.script().contains("chunk_1"),
        "chunk lists come from /sw-chunks, not with the script"
    );
    assert!(!sw.script().contains("__"), "every placeholder is filled");
}

#[test]
fn each_group_keeps_the_chunks_of_its_pages_and_the_office_keeps_all() {
    let manifest: BTreeMap<String, Vec<String>> = serde_json::from_str(
        r#"{
            "__kiosk_route_view_4199": ["chunk_1.a", "split___kiosk_route_view_4199.b"],
            "__post_wish_route_view_77": ["chunk_1.a", "chunk_2.c"],
            "__statistics_route_view_13": ["chunk_3.d"]
        }"#,
    )
    .expect("manifest");
    let groups = chunk_groups(&manifest, "/pkg");
    assert_eq!(
        groups["kiosk"],
        [
            "/pkg/chunk_1.a.wasm",
            "/pkg/split___kiosk_route_view_4199.b.wasm"
        ]
    );
    assert_eq!(
        groups["volunteer"],
        ["/pkg/chunk_1.a.wasm", "/pkg/chunk_2.c.wasm"]
    );
    assert_eq!(
        groups["office"].len(),
        4,
        "every chunk once: {:?}",
        groups["office"]
    );
}
