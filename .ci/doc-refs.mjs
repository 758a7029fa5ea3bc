// The docs name code: `server/tests/sync/delivery.rs::a_pushed_batch_lands_once…`, or a test by
// its name alone. A file moved or a test renamed leaves the doc pointing at nothing, and nobody
// notices until a reader goes looking. This fails when a cited `.rs` file (a path or its end) is
// not in the repository, when the function cited after `::` is not in that file, or when a
// backquoted snake_case name of 26 characters or more (a test's name) is in no Rust file.
//
//   node .ci/doc-refs.mjs        (from the workspace; the lint stage of test.sh runs it)
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

const tracked = (pattern) =>
  execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", pattern], { encoding: "utf8" })
    .split("\n")
    .filter(Boolean);
const rust = new Map(tracked("*.rs").map((path) => [path, readFileSync(path, "utf8")]));
const docs = ["README.md", ...tracked(".docs/*.md")];

const problems = [];
for (const doc of docs) {
  readFileSync(doc, "utf8").split("\n").forEach((line, i) => {
    const where = `${doc}:${i + 1}`;
    for (const [, path, name] of line.matchAll(/`([A-Za-z0-9_/.]+\.rs)(?:::([a-z_0-9]+))?/g)) {
      const files = [...rust.keys()].filter((p) => p === path || p.endsWith(`/${path}`));
      if (files.length === 0) problems.push(`${where}: no file ${path}`);
      else if (name && !files.some((f) => new RegExp(`\\b${name}`).test(rust.get(f))))
        problems.push(`${where}: ${path} has no ${name}`);
    }
    for (const [, name] of line.matchAll(/`([a-z][a-z0-9_]{25,})`/g)) {
      if (![...rust.values()].some((text) => text.includes(name))) problems.push(`${where}: no code named ${name}`);
    }
  });
}
if (problems.length > 0) {
  console.error(`the docs cite code that is not there:\n${problems.join("\n")}`);
  process.exit(1);
}
console.log(`every code reference in ${docs.length} docs is there`);
