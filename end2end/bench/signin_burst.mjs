// Benchmark: a burst of sign-ins at once (a thousand phones after an outage, or an attack).
//
//   bash .ci/bench.sh burst        (needs the release build: `cargo leptos build --release`)
//
// Starts the release server with a fresh database, reads its memory at rest, sends BURST sign-ins
// at the same moment and prints how they were answered, how long it took and the server's peak
// resident memory (VmHWM). Two rounds: logins that do not exist (each costs a full password
// check against a dummy hash, the worst case), then the demo volunteers with their right password.
import { spawn } from "node:child_process";
import { until } from "./until.mjs";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const BURST = Number(process.env.BENCH_BURST ?? 1000);
const PORT = 3201;
const BASE = `http://127.0.0.1:${PORT}`;

function peakKb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmHWM:\s+(\d+)/.exec(status)[1]);
}


for (const round of ["unknown logins", "right passwords"]) {
  const data = mkdtempSync(join(tmpdir(), "lovebank-burst-"));
  const server = spawn(
    "../target/release/server",
    ["--listen", `127.0.0.1:${PORT}`, "--data-dir", data, "--demo-data"],
    { env: { ...process.env, LEPTOS_SITE_ROOT: "../target/site", LOVEBANK_LOG: "error" }, stdio: "inherit" },
  );
  try {
    await until(async () => (await fetch(`${BASE}/healthz`)).ok, "server start");
    const atRest = peakKb(server.pid);
    const t0 = performance.now();
    const statuses = await Promise.all(
      Array.from({ length: BURST }, (_, i) => {
        const login = round === "unknown logins"
          ? `1390000${String(i).padStart(4, "0")}`
          : `1380001${String(i % 12).padStart(4, "0")}`;
        return fetch(`${BASE}/api/sign_in`, {
          method: "POST",
          body: new URLSearchParams({ login, password: "lovebank" }),
        }).then((r) => r.status, () => "no answer");
      }),
    );
    const ms = Math.round(performance.now() - t0);
    const answers = {};
    for (const s of statuses) answers[s] = (answers[s] ?? 0) + 1;
    console.log(
      `${round}: ${BURST} sign-ins at once in ${ms} ms, answers ${JSON.stringify(answers)}, ` +
        `server memory ${Math.round(atRest / 1024)} MB at rest, peak ${Math.round(peakKb(server.pid) / 1024)} MB`,
    );
  } finally {
    server.kill("SIGTERM");
    await new Promise((r) => server.once("exit", r));
    rmSync(data, { recursive: true, force: true });
  }
}
