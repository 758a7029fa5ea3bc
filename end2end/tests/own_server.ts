// For the specs that start a server of their own (an empty database set up from the command
// line): the release binary, its environment, a free port and the wait until it answers.
import { createServer } from "node:net";

export const SERVER = process.env.E2E_SERVER ?? "../target/release/server";
export const ENV = { ...process.env, LEPTOS_SITE_ROOT: "../target/site", LOVEBANK_LOG: "warn" };

/** A port nothing listens on now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.listen(0, "127.0.0.1", () => {
      const port = (probe.address() as { port: number }).port;
      probe.close(() => resolve(port));
    });
  });
}

/** Waits (at most 10 s) until the server at `base` answers its health check. */
export async function untilHealthy(base: string, what: string) {
  for (let i = 0; i < 100; i++) {
    const ok = await fetch(`${base}/healthz`).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not become healthy`);
}
