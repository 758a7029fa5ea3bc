// A district running two sub-districts from one install: `server init` for the district's own,
// `server add-sub-district` for 东湖街道 at donghu.localhost, then both in the browser. 东湖's admin
// works at 东湖's address and sees only 东湖; the district's admin, at the install's address,
// reads 东湖's figures and all sub-districts added up; 西湖, added while the server runs, is served
// within seconds. A server of its own, on a free port.
import { Browser, Page } from "@playwright/test";
import { ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test, waitForHydration } from "./helpers";
import { ENV, freePort, SERVER, untilHealthy } from "./own_server";

const PASSWORD = "district-first-password";

let server: ChildProcess | undefined;
let port = 0;
let dir = "";
const env = { ...ENV, LOVEBANK_ADMIN_PASSWORD: PASSWORD };

test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "lovebank-city-"));
  execFileSync(SERVER, ["--data-dir", dir, "init", "--sub-district", "江岸区", "--admin-login", "district"], { env });
  execFileSync(
    SERVER,
    ["--data-dir", dir, "add-sub-district", "--code", "donghu", "--host", "donghu.localhost",
      "--sub-district", "东湖街道", "--admin-login", "donghu"],
    { env },
  );
  // The same host again is refused, in words.
  let refusal = "";
  try {
    execFileSync(
      SERVER,
      ["--data-dir", dir, "add-sub-district", "--code", "other", "--host", "donghu.localhost", "--sub-district", "别处街道"],
      { env, stdio: "pipe" },
    );
  } catch (e) {
    refusal = String((e as { stderr: Buffer }).stderr);
  }
  expect(refusal).toContain("已被使用");
  port = await freePort();
  server = spawn(SERVER, ["--data-dir", dir, "--listen", `127.0.0.1:${port}`], { env: ENV, stdio: "ignore" });
  await untilHealthy(`http://127.0.0.1:${port}`, "the district's server");
});

test.afterAll(() => {
  server?.kill("SIGTERM");
});

async function signIn(browser: Browser, host: string, login: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  await page.goto(`http://${host}:${port}/signin`);
  await waitForHydration(page);
  await page.getByLabel("手机号或用户名").fill(login);
  await page.getByLabel("密码").fill(PASSWORD);
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page).toHaveURL(/\/office$/);
  return page;
}

test("a district of two sub-districts: each admin at their own address, the district's roll-up", async ({ browser }) => {
  test.setTimeout(90_000);
  // 东湖's admin, at 东湖's address: a community of 东湖's, and no choice of sub-district.
  const donghu = await signIn(browser, "donghu.localhost", "donghu");
  await donghu.getByTestId("tab-sub-district").click();
  await waitForHydration(donghu);
  const communities = donghu.getByTestId("communities-panel");
  await communities.getByTestId("community-name").fill("东湖新村社区");
  await communities.getByRole("button", { name: "添加社区" }).click();
  await expect(communities.getByTestId("community-row").filter({ hasText: "东湖新村社区" })).toBeVisible();
  await donghu.goto(`http://donghu.localhost:${port}/office/statistics`);
  await waitForHydration(donghu);
  await expect(donghu.getByTestId("stats-scope")).toContainText("全街道");
  await expect(donghu.getByTestId("stats-community")).toContainText("东湖新村社区");
  await expect(donghu.getByTestId("stats-sub-district")).toHaveCount(0);

  // The district's admin, at the install's address: its own communities do not include 东湖's.
  const district = await signIn(browser, "127.0.0.1", "district");
  await district.goto(`http://127.0.0.1:${port}/office/statistics`);
  await waitForHydration(district);
  await expect(district.getByTestId("stats-community")).not.toContainText("东湖新村社区");
  const choice = district.getByTestId("stats-sub-district");
  await expect(choice).toContainText("东湖街道");
  await choice.selectOption({ label: "全部街道合计" });
  await district.getByTestId("stats-go").click();
  await expect(district).toHaveURL(/sub_district=all/);
  await expect(district.getByTestId("stats-scope")).toContainText("全部街道");
  const table = district.getByTestId("table-sub-district");
  await expect(table).toContainText("江岸区");
  await expect(table).toContainText("东湖街道");
  // The community choice is the district's own sub-district's: hidden for all of them.
  await expect(district.getByTestId("stats-community")).toHaveCount(0);
  await choice.selectOption({ label: "东湖街道" });
  await district.getByTestId("stats-go").click();
  await expect(district).toHaveURL(/sub_district=donghu/);
  await expect(district.getByTestId("stats-scope")).toContainText("东湖街道");
});

test("a sub-district added while the server runs is served within seconds", async ({ browser }) => {
  test.setTimeout(60_000);
  execFileSync(
    SERVER,
    ["--data-dir", dir, "add-sub-district", "--code", "xihu", "--host", "xihu.localhost",
      "--sub-district", "西湖街道", "--admin-login", "xihu"],
    { env },
  );
  // No restart: the running server looks for new sub-districts every 5 s. Until it has found
  // 西湖, its address is the district's own, where 西湖's administrator does not exist.
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  await expect(async () => {
    await page.goto(`http://xihu.localhost:${port}/signin`);
    await waitForHydration(page);
    await page.getByLabel("手机号或用户名").fill("xihu");
    await page.getByLabel("密码").fill(PASSWORD);
    await page.getByRole("button", { name: "登录" }).click();
    await expect(page).toHaveURL(/\/office$/, { timeout: 3_000 });
  }).toPass({ timeout: 20_000, intervals: [1_000] });
  await page.goto(`http://xihu.localhost:${port}/office/statistics`);
  await waitForHydration(page);
  await expect(page.getByTestId("stats-scope")).toContainText("全街道");

  const district = await signIn(browser, "127.0.0.1", "district");
  await district.goto(`http://127.0.0.1:${port}/office/statistics`);
  await waitForHydration(district);
  await expect(district.getByTestId("stats-sub-district")).toContainText("西湖街道");
});
