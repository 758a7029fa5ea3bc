// The office PC without a network: the verification queue stays readable (the copy of the last
// read) and decisions are saved on the PC first, then applied by the server at the next sync.
import { expect, PASSWORD, test, waitForHydration } from "./helpers";


test("a verification made with the network cut is saved on the PC and applied when it returns", async ({
  page,
  context,
  browser,
}) => {
  test.setTimeout(60_000);
  // A new volunteer of 福康社区 logs one service (through the API, as their phone would).
  const phone = browser.newContext();
  // The admin opens the account: whoever opens one may not verify its lines (staff1 does here).
  const volunteer = (await phone).request;
  await volunteer.post("/api/sign_in", { form: { login: "staff1", password: PASSWORD } });
  const community = (await (await volunteer.post("/api/who_am_i", { form: {} })).json()).community;
  await volunteer.post("/api/sign_in", { form: { login: "admin", password: PASSWORD } });
  const login = `136${String(Date.now() % 1_000_000).padStart(6, "0")}77`;
  const opened = await volunteer.post("/api/open_account", {
    form: {
      "file[name]": "离线审核测试",
      "file[gender]": "male",
      "file[birth_year]": "1985",
      "file[political_status]": "群众",
      "file[phone]": login,
      password: PASSWORD,
      community,
    },
  });
  expect(opened.ok(), await opened.text()).toBeTruthy();
  await volunteer.post("/api/sign_in", { form: { login, password: PASSWORD } });
  const today = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
  const logged = await volunteer.post("/api/record_service", {
    form: {
      "input[date]": today,
      "input[start]": "08:00",
      "input[end]": "09:30",
      "input[place]": "社区服务站",
      "input[content]": "整理捐赠衣物",
      "input[category]": "community_help",
    },
  });
  expect(logged.ok(), await logged.text()).toBeTruthy();
  const line: string = await logged.json();

  // Staff open the queue at the office, then the network goes.
  await page.goto("/signin");
  await waitForHydration(page);
  await page.getByLabel("手机号或用户名").fill("staff1");
  await page.getByLabel("密码").fill(PASSWORD);
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page).toHaveURL(/\/office$/);
  const row = page.locator(`[data-testid="queue-line"][data-id="${line}"]`);
  await expect(row).toBeVisible();
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await context.setOffline(true);
  await row.getByTestId("verify-one").click();
  await expect(page.getByTestId("queue-saved-here")).toHaveText("1 条决定已存本机，联网后自动提交。");
  await expect(page.getByTestId("queue-pending-decisions")).toHaveText("1 条审核决定已存本机，等待同步。");
  await expect(row).toHaveCount(0);

  // A reload without network: the queue as last read, the decision still waiting.
  await page.reload();
  await waitForHydration(page);
  await expect(page.getByTestId("queue-offline-copy")).toBeVisible();
  await expect(page.getByTestId("queue-pending-decisions")).toBeVisible();
  await expect(page.getByTestId("queue-line").first()).toBeVisible();
  await expect(row).toHaveCount(0);

  // The network returns: the decision goes up by itself and the line is verified.
  await context.setOffline(false);
  await expect(page.getByTestId("queue-pending-decisions")).toHaveCount(0, { timeout: 20_000 });
  await expect(page.getByTestId("queue-offline-copy")).toHaveCount(0, { timeout: 20_000 });
  const book = await (await volunteer.post("/api/my_passbook", { form: {} })).json();
  const verified = book.rows.find((r: any) => r.line.id === line);
  expect(verified.state.state).toBe("verified");
  await (await phone).close();
});
