// The staff office on a PC: household files, a many-on-one agreement, an activity closed into
// pending lines, and the volunteers' table exported to Excel and read back.
import ExcelJS from "exceljs";
import { readFile } from "node:fs/promises";
import { APIRequestContext, Page } from "@playwright/test";
import { expect, openVolunteer, PASSWORD, signInAs, test, waitForHydration } from "./helpers";
const stamp = () => String(Date.now() % 1_000_000).padStart(6, "0");

async function signInAsStaff(page: Page, login = "staff1") {
  await page.goto("/signin");
  await waitForHydration(page);
  await page.getByLabel("手机号或用户名").fill(login);
  await page.getByLabel("密码").fill(PASSWORD);
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page).toHaveURL(/\/office$/);
}

/** Opens a volunteer account in 福康社区 through the API (as the 开户 page does); returns the name. */
async function newVolunteer(api: APIRequestContext, name: string): Promise<string> {
  await openVolunteer(api, name);
  return name;
}

test("staff register a household, then update its file", async ({ page }) => {
  const head = `测试户主${stamp()}`;
  await signInAsStaff(page);
  await page.getByTestId("tab-households").click();
  await page.getByTestId("register-household").click();
  const form = page.getByTestId("household-form");
  // Bad input first: every problem beside its field, in Chinese, nothing saved.
  await form.getByTestId("household-members").fill("0");
  await form.getByTestId("household-save").click();
  await expect(form.getByTestId("error-HeadOfHousehold")).toHaveText("请填写户主。");
  await expect(form.getByTestId("error-Members")).toHaveText("家庭人口应在1到30之间。");

  await form.getByTestId("household-head").fill(head);
  await form.getByTestId("household-address").fill("福康社区 8号楼 3单元 201");
  await form.getByTestId("household-members").fill("2");
  await form.getByTestId("household-hardship").fill("低保家庭");
  await form.getByTestId("household-needs").fill("每周代购生活用品，陪同就医");
  // A short screen: the file opens below the table, and the page brings it into view.
  await page.setViewportSize({ width: 1280, height: 420 });
  await form.getByTestId("household-save").click();
  await expect(form).toHaveCount(0);
  const row = page.locator(`[data-testid="household-row"][data-head="${head}"]`);
  await expect(row).toContainText("低保家庭");
  const file = page.getByTestId("household-file");
  await expect(file.getByTestId("household-file-head")).toHaveText(head);
  await expect(file.getByTestId("household-file-head")).toBeInViewport();
  await expect(file.getByTestId("no-help")).toBeVisible();

  await file.getByTestId("edit-household").click();
  await file.getByTestId("household-address").fill("福康社区 9号楼 1单元 101");
  await file.getByTestId("household-save").click();
  await expect(row).toContainText("福康社区 9号楼 1单元 101");

  // Search and filters narrow the table, and the export links carry them.
  await page.getByTestId("household-search").fill(head);
  await expect(page.getByTestId("household-row")).toHaveCount(1);
  await expect(page.getByTestId("household-count")).toHaveText(/^显示 1 户，共 \d+ 户$/);
  await expect(page.getByTestId("export-households-csv")).toHaveAttribute("href", /\?search=%E6%B5%8B/);
  await page.getByTestId("household-search").fill("");
  await page.getByTestId("household-filter-hardship").selectOption("独居老人");
  await expect(row).toHaveCount(0);
  await expect(page.locator('[data-testid="household-row"][data-head="马桂兰"]')).toHaveCount(1);
  // Saving the file reloads the list; the menu still shows the filter the table applies.
  await file.getByTestId("edit-household").click();
  await file.getByTestId("household-needs").fill("每周代购生活用品");
  await file.getByTestId("household-save").click();
  await expect(file.getByTestId("household-form")).toHaveCount(0);
  await expect(page.getByTestId("household-filter-hardship")).toHaveValue("独居老人");
  await expect(row).toHaveCount(0);
  await page.getByTestId("close-household").click();
  await expect(file).toHaveCount(0);
});

test("a household's file is closed (迁出) with a date, leaves the list, and is reopened", async ({ page }) => {
  await signInAsStaff(page);
  const head = `销档户${stamp()}`;
  const made = await page.request.post("/api/register_household", {
    form: {
      "input[head]": head,
      "input[address]": "福康社区 2号楼 1单元 302",
      "input[members]": "2",
      "input[hardship_type]": "低保家庭",
      "input[needs]": "每月代购",
    },
  });
  expect(made.ok(), await made.text()).toBeTruthy();
  await page.getByTestId("tab-households").click();
  await waitForHydration(page);
  const row = page.locator(`[data-testid="household-row"][data-head="${head}"]`);
  await row.getByTestId("open-household").click();
  const file = page.getByTestId("household-file");
  await file.getByTestId("close-household-open").click();
  // Nothing chosen: the reason is asked for, in words, and nothing is closed.
  await file.getByTestId("confirm-close-household").click();
  await expect(file.getByTestId("error-Reason")).toContainText("原因");
  await file.getByTestId("closure-reason").selectOption("moved");
  await file.getByTestId("closure-note").fill("随子女迁往外区");
  await file.getByTestId("confirm-close-household").click();
  await expect(file.getByTestId("household-closed-note")).toContainText("迁出");
  // Gone from the default list, found under 已销档 with its reason.
  await expect(row).toHaveCount(0);
  await page.getByTestId("household-filter-closed").selectOption("closed");
  await expect(row.getByTestId("closed-badge")).toHaveText("迁出");
  await file.getByTestId("reopen-household").click();
  await expect(file.getByTestId("close-household-open")).toBeVisible();
  await page.getByTestId("household-filter-closed").selectOption("");
  await expect(row).toHaveCount(1);
});

test("a many-on-one agreement with two volunteers is made and printed for signing", async ({ page }) => {
  await signInAsStaff(page);
  const api = page.request;
  const first = await newVolunteer(api, `协议甲${stamp()}`);
  const second = await newVolunteer(api, `协议乙${stamp()}`);
  const head = `协议户${stamp()}`;
  const registered = await api.post("/api/register_household", {
    form: {
      "input[head]": head,
      "input[address]": "福康社区 2号楼 101",
      "input[members]": "1",
      "input[hardship_type]": "独居老人",
      "input[needs]": "每周上门探望",
    },
  });
  expect(registered.ok(), await registered.text()).toBeTruthy();

  await page.getByTestId("tab-agreements").click();
  await page.getByTestId("new-agreement").click();
  const form = page.getByTestId("agreement-form");
  await form.getByTestId("agreement-household").selectOption({ label: `${head}（独居老人，福康社区）` });
  await form.getByTestId("pairing-many_on_one").check();
  await form.getByTestId("agreement-content").fill("每周上门探望，打扫卫生，陪老人聊天");
  // One volunteer is not enough for many-on-one: the form says so before anything is sent.
  await form.locator(`[data-testid="agreement-volunteer"][data-name="${first}"]`).check();
  await form.getByTestId("agreement-save").click();
  await expect(form.getByTestId("error-Volunteers")).toBeVisible();
  await form.locator(`[data-testid="agreement-volunteer"][data-name="${second}"]`).check();
  await form.getByTestId("agreement-save").click();
  await expect(page.getByTestId("agreement-made")).toBeVisible();

  const row = page.locator(`[data-testid="agreement-row"][data-household="${head}"]`);
  await expect(row).toContainText("多对一");
  await expect(row).toContainText(first);
  await expect(row).toContainText(second);
  await expect(row).toHaveAttribute("data-status", "OnSchedule");

  await row.getByTestId("print-agreement").click();
  const paper = page.getByTestId("agreement-print");
  await expect(paper.getByTestId("paper-household")).toHaveText(head);
  await expect(paper.getByTestId("paper-volunteers")).toContainText(first);
  await expect(paper.getByTestId("paper-volunteers")).toContainText(second);
  await expect(paper).toContainText("志愿服务帮扶协议书");
});

test("closing an activity with three attendees puts three pending lines in the queue: a late arrival is paid their own time, the witness is on every line", async ({ page }) => {
  await signInAsStaff(page);
  const api = page.request;
  const names = [];
  for (const who of ["活动甲", "活动乙", "活动丙"]) {
    names.push(await newVolunteer(api, `${who}${stamp()}`));
  }
  const title = `敬老院联欢${stamp()}`;
  await page.getByTestId("tab-activities").click();
  await page.getByTestId("new-activity").click();
  const form = page.getByTestId("activity-form");
  await form.getByTestId("activity-title").fill(title);
  await form.getByTestId("activity-start").fill("14:00");
  await form.getByTestId("activity-end").fill("16:30");
  await form.getByTestId("activity-place").fill("福康社区养老院");
  await form.getByTestId("activity-category").selectOption("culture_sports");
  await form.getByTestId("activity-witness-name").fill("王秀英");
  await form.getByTestId("activity-witness-phone").fill("13900002222");
  for (const name of names) {
    await form.locator(`[data-testid="attendee"][data-name="${name}"]`).check();
  }
  await form.getByTestId("activity-save").click();
  const card = page.locator(`[data-testid="activity"][data-title="${title}"]`);
  await expect(card.getByTestId("activity-attendees")).toContainText("（3 人）");
  await expect(card.getByTestId("activity-witness")).toHaveText("见证人：王秀英 13900002222");

  // The first came an hour late. A time before the activity is refused in Chinese first.
  await card.getByTestId("edit-attendees").click();
  const late = card.locator(`[data-testid="attendee-time"][data-name="${names[0]}"]`);
  await late.getByTestId("attendee-arrived").fill("13:00");
  await card.getByTestId("save-attendees").click();
  await expect(card.getByTestId("activity-failed")).toContainText("到达和离开时间须在活动时间之内");
  await late.getByTestId("attendee-arrived").fill("15:00");
  await card.getByTestId("save-attendees").click();
  await expect(card.getByTestId("activity-attendees")).toContainText(`${names[0]}（15:00–16:30）`);

  await card.getByTestId("close-activity").click();
  await card.getByTestId("close-confirm").click();
  await expect(card.getByTestId("activity-closed")).toBeVisible();
  await expect(card.getByTestId("close-activity")).toHaveCount(0);
  // The card shows it closed only once the list has been read again: the count of lines made
  // is still on screen after that.
  await expect(page.getByTestId("activity-outcome")).toHaveText("活动已结束，已为 3 名参加人员生成待审核的服务记录。");

  await page.getByTestId("tab-queue").click();
  const lines = page.locator('[data-testid="queue-line"]', { hasText: `活动：${title}` });
  await expect(lines).toHaveCount(3);
  for (const name of names) {
    await expect(lines.filter({ hasText: name })).toHaveCount(1);
  }
  await expect(lines.filter({ hasText: names[0] })).toContainText("1.5");
  await expect(lines.filter({ hasText: names[1] })).toContainText("2.5");
  for (const name of names) {
    await expect(lines.filter({ hasText: name })).toContainText("见证人：王秀英 13900002222");
  }
});

test("a regular activity scheduled weekly is one card per date; a self-organised one cannot repeat", async ({ page }) => {
  await signInAsStaff(page);
  const title = `居民学校书法课${stamp()}`;
  await page.getByTestId("tab-activities").click();
  await page.getByTestId("new-activity").click();
  const form = page.getByTestId("activity-form");
  await form.getByTestId("activity-title").fill(title);
  await form.getByTestId("activity-date").fill("2026-03-07");
  await form.getByTestId("activity-place").fill("福康社区居民学校");
  await form.getByTestId("activity-category").selectOption("culture_sports");
  await form.getByTestId("activity-repeat-until").fill("2026-03-21");
  await form.getByTestId("activity-save").click();
  const cards = page.locator(`[data-testid="activity"][data-title="${title}"]`);
  await expect(cards).toHaveCount(3);
  await expect(cards.getByTestId("activity-weekly")).toHaveCount(3);
  for (const day of ["2026-03-07", "2026-03-14", "2026-03-21"]) {
    await expect(cards.filter({ hasText: day })).toHaveCount(1);
  }

  // Only a regular activity repeats: the field goes with the kind.
  await page.getByTestId("new-activity").click();
  await form.getByTestId("kind-self_organised").check();
  await expect(form.getByTestId("activity-repeat-until")).toHaveCount(0);
});

test("the volunteers' table filters, sorts and exports to Excel with the rows on screen", async ({ page }) => {
  await signInAsStaff(page);
  await page.getByTestId("tab-volunteers").click();
  const rows = page.getByTestId("volunteer-row");
  await expect(rows.first()).toBeVisible();
  const all = await rows.count();
  await expect(page.getByTestId("volunteer-count")).toHaveText(`共 ${all} 人`);

  // Sorting by total hours, most first: the first row has the most.
  await page.getByTestId("sort-total").click();
  const totals = (await page.getByTestId("hours-total").allTextContents()).map(Number);
  expect(totals).toEqual([...totals].sort((a, b) => b - a));

  // Search narrows the table; the export holds exactly those rows.
  await page.getByTestId("volunteer-search").fill("刘芳");
  await expect(rows).toHaveCount(1);
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByTestId("export-volunteers-xlsx").click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^志愿者档案-\d{4}-\d{2}-\d{2}\.xlsx$/);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(await readFile(await download.path()));
  const sheet = workbook.getWorksheet("志愿者档案")!;
  const header = sheet.getRow(1).values as unknown[];
  expect(header.slice(1, 4)).toEqual(["姓名", "性别", "出生年份"]);
  expect(sheet.rowCount).toBe(2);
  const liu = sheet.getRow(2).values as unknown[];
  expect(liu[1]).toBe("刘芳");
  expect(liu[6]).toBe("13800010003");
  expect(liu[7]).toBe("福康社区");

  // Without the search, every volunteer of the community is in the file.
  await page.getByTestId("volunteer-search").fill("");
  await expect(rows).toHaveCount(all);
  const [full] = await Promise.all([
    page.waitForEvent("download"),
    page.getByTestId("export-volunteers-xlsx").click(),
  ]);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(await readFile(await full.path()));
  expect(book.getWorksheet("志愿者档案")!.rowCount).toBe(all + 1);

  // A volunteer's file opens with their passbook.
  await rows.first().getByTestId("open-passbook").click();
  await expect(page.getByTestId("volunteer-file")).toBeVisible();
  await expect(page.getByTestId("staff-passbook")).toBeVisible();
});

test("the admin correcting an activity's attendance is offered only its community's volunteers", async ({ page }) => {
  await signInAsStaff(page, "admin");
  await page.getByTestId("tab-activities").click();
  // The demo's activity in 福康社区; 王建国 volunteers there, 李秀英 in 安宁社区.
  const card = page.locator('[data-testid="activity"][data-title="周末社区环境清洁"]');
  await card.getByTestId("edit-attendees").click();
  const picker = card.getByTestId("attendee-picker");
  await expect(picker.locator('[data-testid="attendee"][data-name="王建国"]')).toHaveCount(1);
  await expect(picker.locator('[data-testid="attendee"][data-name="李秀英"]')).toHaveCount(0);
});

test("the statistics page shows figures, server-drawn charts and tables that add up", async ({ page }) => {
  await signInAsStaff(page, "admin");
  await page.goto("/office/statistics");
  await waitForHydration(page);
  const charts = page.getByTestId("stats-chart");
  await expect(charts).toHaveCount(4);
  await expect(charts.first().locator("svg rect.chart-bar").first()).toBeVisible();
  await expect(page.getByTestId("stats-scope")).toContainText("全街道");
  // The period counted by default (this year) is in the date fields, as in the heading.
  await expect(page.getByTestId("stats-from")).toHaveValue(/^\d{4}-01-01$/);
  await expect(page.getByTestId("stats-to")).toHaveValue(/^\d{4}-\d{2}-\d{2}$/);
  const period = `${await page.getByTestId("stats-from").inputValue()} 至 ${await page.getByTestId("stats-to").inputValue()}`;
  await expect(page.getByTestId("stats-scope")).toContainText(period);
  const hours = await page.getByTestId("stat-hours").textContent();
  await expect(page.getByTestId("table-category-total")).toHaveText(hours!);
  await expect(page.getByTestId("table-month-total")).toHaveText(hours!);
  await expect(page.getByTestId("table-community-total")).toHaveText(hours!);
  await expect(page.getByTestId("table-community").locator("tbody tr")).toHaveCount(3);
  // By 政治面貌: the six of the form, every verified hour under one of them.
  await expect(page.getByTestId("table-political-total")).toHaveText(hours!);
  await expect(page.locator('[data-testid="political-row"][data-status="中共党员"] td').first()).toHaveText("中共党员");
  await expect(page.locator('[data-testid="political-row"][data-status="群众"]')).toHaveCount(1);

  // The period's service records themselves, narrowed to the verified ones, as Excel.
  await page.getByTestId("line-export-state").selectOption("verified");
  const [lines] = await Promise.all([
    page.waitForEvent("download"),
    page.getByTestId("export-lines-xlsx").click(),
  ]);
  const ledger = new ExcelJS.Workbook();
  await ledger.xlsx.load(await readFile(await lines.path()));
  const sheet = ledger.getWorksheet("服务记录明细")!;
  expect((sheet.getRow(1).values as unknown[]).slice(1, 5)).toEqual(["服务日期", "开始时间", "结束时间", "志愿者"]);
  expect(sheet.rowCount).toBeGreaterThan(1);
  for (let i = 2; i <= sheet.rowCount; i++) {
    expect((sheet.getRow(i).values as unknown[])[13]).toBe("已核实");
  }

  // In English the heading and the charts' words follow (the charts are drawn again).
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.getByTestId("stats-scope")).toContainText("Whole sub-district");
  await expect(charts.first().locator("figcaption")).toHaveText("Hours by category");
  await expect(charts.first().locator("svg")).toHaveAttribute("aria-label", "Hours by category");
  await expect(charts.first().locator("svg rect.chart-bar title").first()).toHaveText(/: \d+\.\d h$/);
  // Each category by its English name, in the chart and in the table.
  const chinese = /[\u4e00-\u9fff]/;
  await expect(charts.first().locator("svg text.chart-label").first()).not.toHaveText(chinese);
  for (const cell of await page.getByTestId("table-category").locator("tbody td:first-child").all()) {
    await expect(cell).not.toHaveText(chinese);
  }
  await page.getByRole("button", { name: "中文" }).click();
  await expect(page.getByTestId("stats-scope")).toContainText("全街道");

  // A period that ends before it starts: a message in Chinese, nothing counted.
  await page.getByTestId("stats-from").fill("2026-05-01");
  await page.getByTestId("stats-to").fill("2026-04-01");
  await page.getByTestId("stats-go").click();
  await expect(page.getByTestId("stats-failed")).toHaveText("结束日期不能早于开始日期。");
});

test("a service certificate is issued with its number, identity, the verified hours, issuer and date, and 刘芳 opens it from her phone (her ID card number masked)", async ({ page, browser }) => {
  await signInAsStaff(page);
  await page.getByTestId("tab-volunteers").click();
  await page.getByTestId("volunteer-search").fill("刘芳");
  const row = page.getByTestId("volunteer-row");
  await expect(row).toHaveCount(1);
  const hours = (await row.getByTestId("hours-total").textContent())!;
  await row.getByTestId("open-passbook").click();
  // Her identity card number, checked against the card: a wrong check character is refused.
  const idCard = page.getByTestId("id-card-form");
  await idCard.getByTestId("id-card-number").fill("110105194912310021");
  await idCard.getByTestId("id-card-save").click();
  await expect(idCard.getByTestId("error-IdCard")).toHaveText("身份证号不正确，请核对18位号码（最后一位可能是X）。");
  await idCard.getByTestId("id-card-number").fill("11010519491231002x");
  await idCard.getByTestId("id-card-save").click();
  await expect(idCard.getByTestId("id-card-current")).toHaveText("11010519491231002X");
  await page.getByTestId("issue-certificate").click();
  await expect(page).toHaveURL(/\/print\/certificate\//);
  const paper = page.getByTestId("certificate");
  // Staff of her community print it with the whole number, as the national certificate has it.
  await expect(paper.getByTestId("certificate-summary")).toContainText("身份证号：11010519491231002X");
  await expect(paper.getByTestId("certificate-number")).toHaveText(/^爱心银行证字〔\d{4}〕第\d{4}号$/);
  await expect(paper.getByTestId("certificate-summary")).toContainText("兹证明刘芳");
  await expect(paper.getByTestId("certificate-summary")).toContainText(`${hours} 小时`);
  await expect(paper.getByTestId("certificate-total")).toHaveText(hours);
  await expect(paper.getByTestId("certificate-issuer")).toContainText("福康社区");
  const number = (await paper.getByTestId("certificate-number").textContent())!;

  // 刘芳's phone: her file lists it; it opens as issued, and leads back to her file.
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: "zh-CN" });
  const liu = await phone.newPage();
  await signInAs(liu, "13800010003", /\/volunteer$/);
  await liu.goto("/volunteer/file");
  await waitForHydration(liu);
  // Her own screens hold the number masked only.
  await expect(liu.getByTestId("file-id-card")).toHaveText("1101**********002X");
  const mine = liu.getByTestId("my-certificate").filter({ hasText: number });
  await expect(mine).toHaveCount(1);
  await mine.getByTestId("open-certificate").click();
  await expect(liu).toHaveURL(/\/print\/certificate\//);
  await expect(liu.getByTestId("certificate-number")).toHaveText(number);
  await expect(liu.getByTestId("certificate-total")).toHaveText(hours);
  await expect(liu.getByTestId("certificate-summary")).toContainText("身份证号：1101**********002X");
  await expect(liu.getByTestId("certificate-back")).toHaveAttribute("href", "/volunteer/file");
  await phone.close();
});

test("staff approve a redemption and refuse another with a reason", async ({ page, browser }) => {
  // 刘芳 asks for two small items from her phone (through the API, as the points page does).
  const phone = await browser.newContext();
  await phone.request.post("/api/sign_in", { form: { login: "13800010003", password: PASSWORD } });
  const [approve, refuse] = [`毛巾${stamp()}`, `香皂${stamp()}`];
  for (const item of [approve, refuse]) {
    const asked = await phone.request.post("/api/request_redemption", { form: { points: "0.01", item } });
    expect(asked.ok(), await asked.text()).toBeTruthy();
  }
  await signInAsStaff(page);
  await page.getByTestId("tab-points").click();
  const first = page.locator(`[data-testid="redemption"][data-item="${approve}"]`);
  await first.getByTestId("approve-redemption").click();
  await expect(page.locator(`[data-testid="redemption"][data-item="${approve}"]`).getByTestId("redemption-state")).toHaveText("已批准");
  const second = page.locator(`[data-testid="redemption"][data-item="${refuse}"]`);
  await second.getByTestId("refuse-redemption").click();
  await second.getByTestId("refuse-reason").fill("本月香皂已兑完");
  await second.getByTestId("refuse-confirm").click();
  await expect(page.locator(`[data-testid="redemption"][data-item="${refuse}"]`).getByTestId("redemption-state")).toHaveText("未批准：本月香皂已兑完");
  await expect(page.getByTestId("catalogue-item").first()).toBeVisible();
  const book = await (await phone.request.post("/api/my_passbook", { form: {} })).json();
  const states = Object.fromEntries(book.redemptions.map((r: any) => [r.item, r.state.state]));
  expect(states[approve]).toBe("approved");
  expect(states[refuse]).toBe("refused");
  await phone.close();
});

test("the admin sets a points rate for one category, then takes it back", async ({ page }) => {
  await signInAsStaff(page, "admin");
  await page.getByTestId("tab-points").click();
  const rule = page.getByTestId("points-rule");
  await expect(rule).toContainText("每核实 1 小时服务得");
  const form = page.getByTestId("rule-form");
  await expect(form.getByTestId("rule-per-hour")).not.toHaveValue("");
  await form.getByTestId("rule-environment").fill("2");
  await form.getByTestId("rule-save").click();
  await expect(rule).toContainText("社区环保 2");
  // Back to the general rate for every category (other specs of the run count points).
  await form.getByTestId("rule-environment").fill("");
  await form.getByTestId("rule-save").click();
  await expect(rule).not.toContainText("社区环保");
});

test("the admin's maker-checker review and the audit trail with its filters", async ({ page }) => {
  await signInAsStaff(page, "admin");
  await page.getByTestId("tab-points").click();
  const review = page.getByTestId("custody-check");
  await expect(review).toContainText("经办复核");
  await expect(review.locator('[data-testid="custody-row"][data-name="福康社区工作人员"]')).toBeVisible();

  await page.getByTestId("tab-audit").click();
  const audit = page.getByTestId("audit-page");
  await expect(audit.getByTestId("audit-row").first()).toBeVisible();
  await audit.getByLabel("操作").fill("sign_in");
  await audit.getByRole("button", { name: "查询" }).click();
  await expect(audit.getByTestId("audit-row").first()).toHaveAttribute("data-action", "sign_in");
  const actions = await audit.getByTestId("audit-row").evaluateAll((rows) =>
    rows.map((r) => r.getAttribute("data-action")),
  );
  expect(new Set(actions)).toEqual(new Set(["sign_in"]));
  // The devices' own sync events are apart: asked for, only they show.
  await audit.getByLabel("操作").fill("");
  await audit.getByTestId("audit-machine").check();
  await audit.getByRole("button", { name: "查询" }).click();
  await expect(audit.locator('[data-testid="audit-row"][data-action="sign_in"]')).toHaveCount(0);
});
