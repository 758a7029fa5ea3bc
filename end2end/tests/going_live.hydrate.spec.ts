// A real sub-district's first day, from an empty database: `server init`, then everything else
// from the browser — the admin's community and staff member, a kiosk registered and revoked
// (its screen says so), a volunteer's account opened, deactivated (they cannot sign in, their
// hours still count) and reactivated, a resident's online application approved (they sign in)
// and another declined (its sender reads why). A server of its own, started here, on a free port.
import { Browser, Page } from "@playwright/test";
import { ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test, waitForHydration } from "./helpers";
import { ENV, freePort, SERVER, untilHealthy } from "./own_server";

const ADMIN_PASSWORD = "boss-first-password";

let server: ChildProcess | undefined;
let base = "";

test.beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), "lovebank-live-"));
  // Refused before init, with the command to run.
  let refusal = "";
  try {
    execFileSync(SERVER, ["--data-dir", dir, "--listen", "127.0.0.1:0"], { env: ENV, stdio: "pipe" });
  } catch (e) {
    refusal = String((e as { stderr: Buffer }).stderr);
  }
  expect(refusal).toContain("init --sub-district");
  execFileSync(SERVER, ["--data-dir", dir, "init", "--sub-district", "新华路街道", "--admin-login", "boss"], {
    env: { ...ENV, LOVEBANK_ADMIN_PASSWORD: ADMIN_PASSWORD },
  });
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = spawn(SERVER, ["--data-dir", dir, "--listen", `127.0.0.1:${port}`], { env: ENV, stdio: "ignore" });
  await untilHealthy(base, "the initialised server");
});

test.afterAll(() => {
  server?.kill("SIGTERM");
});

async function signIn(page: Page, login: string, password: string) {
  await page.goto(`${base}/signin`);
  await waitForHydration(page);
  await page.getByLabel("手机号或用户名").fill(login);
  await page.getByLabel("密码").fill(password);
  await page.getByRole("button", { name: "登录" }).click();
}

async function newPage(browser: Browser, viewport = { width: 1366, height: 768 }) {
  const context = await browser.newContext({ viewport });
  return { context, page: await context.newPage() };
}

test("from server init to a running community: admin, staff, kiosk revoked, volunteer deactivated", async ({ browser }) => {
  test.setTimeout(120_000);
  const admin = await newPage(browser);
  await signIn(admin.page, "boss", ADMIN_PASSWORD);
  await expect(admin.page).toHaveURL(/\/office$/);
  await admin.page.getByTestId("tab-sub-district").click();
  await waitForHydration(admin.page);

  // A community, from the ActionForm; the same name twice is refused in words.
  const communities = admin.page.getByTestId("communities-panel");
  await communities.getByTestId("community-name").fill("新华社区");
  await communities.getByRole("button", { name: "添加社区" }).click();
  await expect(communities.getByTestId("community-row").filter({ hasText: "新华社区" })).toBeVisible();
  await communities.getByTestId("community-name").fill("新华社区");
  await communities.getByRole("button", { name: "添加社区" }).click();
  await expect(communities.getByTestId("add-community-failed")).toContainText("社区");

  // A staff member: every bad field is named, then the account is made.
  const staffForm = admin.page.getByTestId("new-staff-form");
  await staffForm.getByTestId("create-staff").click();
  await expect(staffForm.getByTestId("error-Name")).toBeVisible();
  await expect(staffForm.getByTestId("error-Username")).toBeVisible();
  await expect(staffForm.getByTestId("error-Password")).toBeVisible();
  await expect(staffForm.getByTestId("error-Community")).toBeVisible();
  await staffForm.getByTestId("staff-name").fill("李娜");
  await staffForm.getByTestId("staff-username").fill("lina");
  await staffForm.getByTestId("staff-password").fill("lina-first-password");
  await staffForm.getByTestId("staff-community").selectOption({ label: "新华社区" });
  await staffForm.getByTestId("create-staff").click();
  await expect(staffForm.getByTestId("staff-created")).toBeVisible();
  await expect(admin.page.getByTestId("staff-row").filter({ hasText: "李娜" })).toBeVisible();

  // The staff member registers the community's screen; the screen shows the wall.
  const staff = await newPage(browser);
  await signIn(staff.page, "lina", "lina-first-password");
  await expect(staff.page).toHaveURL(/\/office$/);
  await staff.page.getByTestId("tab-kiosks").click();
  await waitForHydration(staff.page);
  await expect(staff.page.getByTestId("no-kiosks")).toBeVisible();
  await staff.page.getByText("登记社区大屏").click();
  await staff.page.getByTestId("kiosk-name").fill("居委会大厅");
  await staff.page.getByRole("button", { name: "生成大屏口令" }).click();
  const token = (await staff.page.getByTestId("kiosk-token").textContent()) ?? "";
  expect(token.length).toBeGreaterThan(20);
  await expect(staff.page.getByTestId("kiosk-row").filter({ hasText: "居委会大厅" })).toContainText("使用中");

  const kiosk = await newPage(browser, { width: 1920, height: 1080 });
  await kiosk.page.goto(`${base}/kiosk`);
  await waitForHydration(kiosk.page);
  await kiosk.page.getByTestId("kiosk-token-input").fill(token);
  await kiosk.page.getByTestId("kiosk-sign-in").click();
  await expect(kiosk.page.getByTestId("wall-counts")).toBeVisible();

  // Revoked (asked twice): the screen says so on its next request, and forgets the wall.
  const row = staff.page.getByTestId("kiosk-row").filter({ hasText: "居委会大厅" });
  await row.getByTestId("revoke-kiosk").click();
  await row.getByTestId("revoke-kiosk").click();
  await expect(row.getByTestId("kiosk-state")).toContainText("已停用");
  await kiosk.page.reload();
  await expect(kiosk.page.getByTestId("kiosk-revoked")).toContainText("已被社区工作人员停用");
  await expect(kiosk.page.getByTestId("wall-counts")).toHaveCount(0);

  // A volunteer's account, opened at the desk; they sign in on their phone.
  const opened = await staff.context.request.post(`${base}/api/open_account`, {
    form: {
      "file[name]": "赵大爷",
      "file[gender]": "male",
      "file[birth_year]": "1950",
      "file[political_status]": "群众",
      "file[phone]": "13900002222",
      password: "zhao-password",
    },
  });
  expect(opened.ok(), await opened.text()).toBeTruthy();
  const phone = await newPage(browser, { width: 390, height: 844 });
  await signIn(phone.page, "13900002222", "zhao-password");
  await expect(phone.page).toHaveURL(/\/volunteer$/);
  // He serves an hour and a half; the administrator verifies it (李娜 opened his account, so the
  // custody rule keeps her from verifying his lines for a while).
  const today = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
  const logged = await phone.context.request.post(`${base}/api/record_service`, {
    form: {
      "input[date]": today, "input[start]": "08:00", "input[end]": "09:30",
      "input[place]": "新华社区服务站", "input[content]": "整理捐赠衣物", "input[category]": "community_help",
    },
  });
  expect(logged.ok(), await logged.text()).toBeTruthy();
  const verified = await admin.context.request.post(`${base}/api/verify_record`, { form: { id: await logged.json() } });
  expect(verified.ok(), await verified.text()).toBeTruthy();

  // He moves away: deactivated with a reason. He cannot sign in, and is told why.
  await staff.page.getByTestId("tab-volunteers").click();
  await waitForHydration(staff.page);
  await staff.page.getByTestId("volunteer-row").filter({ hasText: "赵大爷" }).getByTestId("open-passbook").click();
  const file = staff.page.getByTestId("volunteer-file");
  await file.getByTestId("deactivate-open").click();
  await file.getByTestId("deactivate").click();
  await expect(file.getByTestId("deactivate-failed")).toContainText("原因");
  await file.getByRole("button", { name: "迁出本社区" }).click();
  await file.getByTestId("deactivate").click();
  await expect(file.getByTestId("deactivated-note")).toContainText("迁出本社区");
  await expect(staff.page.getByTestId("volunteer-row").filter({ hasText: "赵大爷" }).getByTestId("deactivated-badge")).toBeVisible();

  const again = await newPage(browser, { width: 390, height: 844 });
  await signIn(again.page, "13900002222", "zhao-password");
  await expect(again.page.getByRole("alert")).toContainText("此账户已停用");
  await expect(again.page).toHaveURL(/\/signin/);

  // Deactivated, his verified hours still count in the community's statistics.
  await staff.page.getByTestId("tab-statistics").click();
  await waitForHydration(staff.page);
  await expect(staff.page.getByTestId("stat-hours")).toHaveText("1.5");
  await expect(staff.page.getByTestId("stat-active")).toHaveText("1");

  // Reactivated, he signs in again.
  await staff.page.getByTestId("tab-volunteers").click();
  await staff.page.getByTestId("volunteer-row").filter({ hasText: "赵大爷" }).getByTestId("open-passbook").click();
  await file.getByTestId("reactivate").click();
  await expect(file.getByTestId("deactivate-open")).toBeVisible();
  await again.page.getByRole("button", { name: "登录" }).click();
  await expect(again.page).toHaveURL(/\/volunteer$/);

  // A resident applies online from the sign-in page. Every missing field is named first.
  const resident = await newPage(browser, { width: 390, height: 844 });
  await resident.page.goto(`${base}/signin`);
  await waitForHydration(resident.page);
  await resident.page.getByTestId("apply-link").click();
  await expect(resident.page).toHaveURL(/\/apply$/);
  await waitForHydration(resident.page);
  const form = resident.page.getByTestId("apply-form");
  await form.getByTestId("apply-submit").click();
  for (const field of ["Name", "Gender", "BirthYear", "PoliticalStatus", "Phone", "Community", "Password"]) {
    await expect(form.getByTestId(`error-${field}`)).toBeVisible();
  }
  await form.getByLabel("姓名").fill("孙阿姨");
  await form.getByTestId("gender").selectOption("female");
  await form.getByLabel("出生年份").fill("1958");
  await form.getByTestId("political-status").selectOption("中共党员");
  await form.getByLabel("手机号（登录账号）").fill("139 0000 3333");
  await form.getByLabel("职业（选填）").fill("退休教师");
  await form.getByLabel("兴趣爱好（选填）").fill("书法、太极");
  await form.getByTestId("apply-community").selectOption({ label: "新华社区" });
  await form.getByLabel("设置密码（至少 8 位）").fill("sun-password");
  await form.getByLabel("再输入一次密码").fill("sun-passwort");
  await form.getByTestId("apply-submit").click();
  await expect(form.getByTestId("password-mismatch")).toBeVisible();
  await form.getByLabel("再输入一次密码").fill("sun-password");
  await form.getByTestId("apply-submit").click();
  await expect(resident.page.getByTestId("apply-ok")).toContainText("新华社区");

  // Before staff decide, signing in says plainly that it waits, and for whom.
  await signIn(resident.page, "13900003333", "sun-password");
  await expect(resident.page.getByTestId("sign-in-error")).toContainText("正在等待新华社区工作人员审核");

  // Staff see the whole file and open the account; the resident signs in.
  await staff.page.getByTestId("tab-applications").click();
  await waitForHydration(staff.page);
  const application = staff.page.getByTestId("application").filter({ hasText: "孙阿姨" });
  await expect(application).toContainText("退休教师");
  await expect(application).toContainText("书法、太极");
  await application.getByTestId("approve-application").click();
  await expect(staff.page.getByTestId("approve-ok")).toBeVisible();
  await expect(staff.page.getByTestId("application").filter({ hasText: "孙阿姨" })).toHaveCount(0);
  await resident.page.getByRole("button", { name: "登录" }).click();
  await expect(resident.page).toHaveURL(/\/volunteer$/);

  // Another application is declined with a reason, which its sender reads at sign-in.
  const sent = await resident.context.request.post(`${base}/api/apply_for_account`, {
    form: {
      "file[name]": "钱先生",
      "file[gender]": "male",
      "file[birth_year]": "1980",
      "file[political_status]": "群众",
      "file[phone]": "13900004444",
      password: "qian-password",
      community: "",
    },
  });
  expect(sent.status()).toBe(422); // no community chosen: refused, nothing filed
  const overview = await (await resident.context.request.post(`${base}/api/overview`, { form: {} })).json();
  const communityId: string = overview.communities.find((c: { name: string }) => c.name === "新华社区").id;
  const filed = await resident.context.request.post(`${base}/api/apply_for_account`, {
    form: {
      "file[name]": "钱先生",
      "file[gender]": "male",
      "file[birth_year]": "1980",
      "file[political_status]": "群众",
      "file[phone]": "13900004444",
      password: "qian-password",
      community: communityId,
    },
  });
  expect(filed.ok(), await filed.text()).toBeTruthy();
  // The list follows the status filter (no reload: the approval's success stays on the page).
  await staff.page.getByTestId("application-status").selectOption("approved");
  await expect(staff.page.getByTestId("application").filter({ hasText: "孙阿姨" })).toBeVisible();
  await staff.page.getByTestId("application-status").selectOption("pending");
  const qian = staff.page.getByTestId("application").filter({ hasText: "钱先生" });
  await qian.getByTestId("decline-application").click();
  await qian.getByTestId("decline-submit").click();
  await expect(staff.page.getByTestId("decline-failed")).toContainText("原因");
  await qian.getByRole("button", { name: "不在本社区居住" }).click();
  await qian.getByTestId("decline-submit").click();
  await expect(staff.page.getByTestId("decline-ok")).toBeVisible();
  const declined = await newPage(browser, { width: 390, height: 844 });
  await signIn(declined.page, "13900004444", "qian-password");
  await expect(declined.page.getByTestId("sign-in-error")).toContainText("不在本社区居住");

  // The audit trail shows the day's changes.
  await admin.page.getByTestId("tab-audit").click();
  await waitForHydration(admin.page);
  for (const action of ["add_community", "create_staff", "revoke_kiosk", "deactivate", "reactivate",
    "apply_for_account", "approve_application", "decline_application"]) {
    await expect(admin.page.locator(`[data-testid="audit-row"][data-action="${action}"]`).first()).toBeVisible();
  }
  // 李娜 made an administrator, then community staff again: which community is asked, not guessed.
  await admin.page.getByTestId("tab-sub-district").click();
  await waitForHydration(admin.page);
  const lina = admin.page.getByTestId("staff-row").filter({ hasText: "李娜" });
  await lina.getByTestId("make-admin").click();
  await expect(lina.getByTestId("remove-admin")).toBeDisabled();
  await lina.getByTestId("admin-to-community").selectOption({ label: "新华社区" });
  await lina.getByTestId("remove-admin").click();
  await expect(lina.getByTestId("staff-move").locator("option:checked")).toHaveText("新华社区");

  for (const c of [admin, staff, kiosk, phone, again, resident, declined]) await c.context.close();
});
