//! The whole surface: random and hostile bodies to every server function, through the real
//! router, as every kind of caller. No answer may be a 5xx, and the server must keep answering.
//! Runs for LOVEBANK_FUZZ_SECS seconds (20 in CI); LOVEBANK_FUZZ_SEED replays a run.

use std::time::{Duration, Instant};

use serde_json::{json, Value};
use server::demo::DEMO_PASSWORD;

use super::common::{session, sign_in, spawn_app};
use super::LIU_FANG;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*: small, fast, and enough to spread inputs.
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[self.below(from.len())]
    }
}

const KEYS: &[&str] = &[
    "id",
    "login",
    "password",
    "current",
    "new",
    "phone",
    "points",
    "item",
    "reason",
    "decision",
    "person",
    "name",
    "token",
    "lang",
    "community",
    "household",
    "device",
    "cursor",
    "limit",
    "input[date]",
    "input[start]",
    "input[end]",
    "input[place]",
    "input[content]",
    "input[category]",
    "input[beneficiary_kind]",
    "input[beneficiary]",
    "input[from]",
    "input[to]",
    "input[community]",
    "input[kind]",
    "input[title]",
    "input[head]",
    "input[members]",
    "input[need]",
    "input[capacity]",
    "input[points]",
    "input[name]",
    "input[attendees][0]",
    "input[volunteers][0]",
    "file[phone]",
    "file[name]",
    "file[birth_year]",
    "file[gender]",
    "query[before]",
    "query[from]",
    "query[to]",
    "query[action]",
    "query[person]",
    "query[machine]",
    "per_hour",
    "per_category[x]",
    "attendees[0]",
    "code",
    "name_zh",
    "name_en",
    "wish",
    "holdings[count]",
];

fn hostile(rng: &mut Rng) -> String {
    let fixed = [
        "",
        "0",
        "-1",
        "1",
        "9223372036854775807",
        "9223372036854775808",
        "18446744073709551616",
        "-9223372036854775809",
        "1e308",
        "NaN",
        "true",
        "null",
        "+262142-12-31",
        "-262143-01-01",
        "2026-02-30",
        "2026-11-30",
        "23:59",
        "24:00",
        "00:00",
        "99:99",
        "<script>alert(1)</script>",
        "' OR 1=1 --",
        "\"; DROP TABLE people; --",
        "../../etc/passwd",
        "%00",
        "\u{0}",
        "\u{202e}",
        "王建国",
        "13800010003",
        "010-12345678-123",
        "admin",
        "=cmd|' /C calc'!A0",
        "\\",
        "//evil.example",
        "{}",
        "[]",
        "{\"a\":",
        "🙂",
    ];
    match rng.below(10) {
        0 => "x".repeat(rng.below(70_000)),
        1 => "王".repeat(rng.below(3_000)),
        2 => (0..rng.below(64))
            .map(|_| char::from(rng.below(128) as u8))
            .collect(),
        _ => fixed[rng.below(fixed.len())].to_string(),
    }
}

fn json_value(rng: &mut Rng, depth: u32) -> Value {
    match rng.below(if depth > 6 { 4 } else { 7 }) {
        0 => Value::Null,
        1 => json!(rng.next() as i64),
        2 => json!(hostile(rng)),
        3 => json!(rng.below(2) == 0),
        4 => json!(f64::from_bits(rng.next()).is_finite().then_some(1.5e300)),
        5 => Value::Array(
            (0..rng.below(4))
                .map(|_| json_value(rng, depth + 1))
                .collect(),
        ),
        _ => {
            let mut map = serde_json::Map::new();
            for _ in 0..rng.below(5) {
                let key = rng.pick(&[
                    "batch", "input", "holdings", "id", "device", "seq", "author", "schema",
                    "kind", "body", "query", "lang", "through", "count", "digest",
                ]);
                map.insert(key.to_string(), json_value(rng, depth + 1));
            }
            Value::Object(map)
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_body_sent_to_any_server_function_gets_a_5xx() {
    let app = spawn_app().await;
    let seconds: u64 = std::env::var("LOVEBANK_FUZZ_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20);
    let seed: u64 = std::env::var("LOVEBANK_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos() as u64)
                .unwrap_or(1)
                | 1
        });
    println!("fuzz seed {seed} (LOVEBANK_FUZZ_SEED={seed} replays it), {seconds} s");
    let mut rng = Rng(seed);
    let functions: Vec<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.to_string())
        .collect();
    let client = reqwest::Client::new();
    let mut tokens: Vec<Option<String>> = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let (mut sent, mut failures) = (0u64, Vec::new());
    while Instant::now() < deadline {
        if sent % 200 == 0 {
            // Fresh sessions now and then: a fuzzed sign_out or password change ends them.
            tokens = vec![
                None,
                Some(session(&app, LIU_FANG).await),
                Some(session(&app, "staff1").await),
                Some(session(&app, "admin").await),
            ];
        }
        let path = &functions[rng.below(functions.len())];
        let mut request = client.post(app.url(path));
        if let Some(token) = &tokens[rng.below(tokens.len())] {
            request = request.header("Cookie", format!("lovebank_session={token}"));
        }
        let (kind, body) = match rng.below(3) {
            0 => {
                let pairs: Vec<(String, String)> = (0..rng.below(8))
                    .map(|_| (rng.pick(KEYS).to_string(), hostile(&mut rng)))
                    .collect();
                let body = serde_urlencoded_pairs(&pairs);
                ("application/x-www-form-urlencoded", body)
            }
            1 => ("application/json", json_value(&mut rng, 0).to_string()),
            _ => (
                "application/x-www-form-urlencoded",
                (0..rng.below(512))
                    .map(|_| char::from(rng.below(256) as u8))
                    .collect(),
            ),
        };
        let answer = request
            .header("Content-Type", kind)
            .body(body.clone())
            .send()
            .await;
        sent += 1;
        match answer {
            Ok(res) if res.status().is_server_error() => {
                failures.push(format!(
                    "{path} {} ← {}",
                    res.status(),
                    body.chars().take(300).collect::<String>()
                ));
            }
            Ok(_) => {}
            Err(e) => failures.push(format!(
                "{path}: no answer ({e}) ← {}",
                body.chars().take(300).collect::<String>()
            )),
        }
    }
    println!("fuzz: {sent} requests to {} functions", functions.len());
    assert!(
        failures.is_empty(),
        "seed {seed}: {} failures, e.g.\n{}",
        failures.len(),
        failures
            .iter()
            .take(10)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
    // Still answering.
    assert_eq!(sign_in(&app, LIU_FANG, DEMO_PASSWORD).await.status, 200);
}

fn serde_urlencoded_pairs(pairs: &[(String, String)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| {
            format!(
                "{}={}",
                app::domain::text::percent_encode(k),
                app::domain::text::percent_encode(v)
            )
        })
        .collect::<Vec<_>>()
        .join("&")
}
