// A release server of `target` (BENCH_TARGET, default ../target) on a fresh database with the demo
// data, for the benches that time the pages, and a sign-in over its API.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { until } from "./until.mjs";

export const PASSWORD = "lovebank";

/** Starts the server on `port`; resolves once it answers, with its base URL and a stop(). */
export async function demoServer(port, target = process.env.BENCH_TARGET ?? "../target") {
  const data = mkdtempSync(join(tmpdir(), "lovebank-bench-"));
  const server = spawn(
    `${target}/release/server`,
    ["--listen", `127.0.0.1:${port}`, "--data-dir", data, "--demo-data"],
    { env: { ...process.env, LEPTOS_SITE_ROOT: `${target}/site`, LOVEBANK_LOG: "warn" }, stdio: "inherit" },
  );
  const base = `http://127.0.0.1:${port}`;
  const stop = () => {
    server.kill("SIGTERM");
    rmSync(data, { recursive: true, force: true });
  };
  try {
    await until(async () => (await fetch(`${base}/healthz`)).ok, "server start");
  } catch (e) {
    stop();
    throw e;
  }
  return { base, stop };
}

/** Signs `login` in over the API: the person it answers and the session cookie. */
export async function signIn(base, login) {
  const res = await fetch(`${base}/api/sign_in`, {
    method: "POST",
    body: new URLSearchParams({ login, password: PASSWORD }),
  });
  if (!res.ok) throw new Error(`sign in ${login}: ${res.status}`);
  return [await res.json(), res.headers.get("set-cookie").split(";")[0]];
}
