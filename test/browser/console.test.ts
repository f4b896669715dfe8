// U-1..U-5 end to end: the web console in headless Chromium (Debian's /usr/bin/chromium, driven by
// playwright-core; no browser is downloaded) against the real stack (API and worker processes,
// Temporal dev server, FerretDB, agency simulator). A clerk files, sees the deadline and supplies
// materials; a rejected form keeps its input and shows the catalogue message beside the field; a
// hospital quotes and settles a bill and sees the rule trace; a clerk opens an inquiry on it, the
// agency answers from its inbox and the clerk confirms; the agency forwards a collaboration and
// suspends and reinstates an institution; on a second app in simulation mode a clerk resolves a
// clearing exception, files a delay report and acknowledges a monitoring warning; an admin
// creates and disables a key. Each action is checked on the page and through the API. No page may
// throw an uncaught error. Screenshots of the main pages (1366x768) go to test-output/console/.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { firstDayOf, lastDayOf, nextPeriod } from '../../domain/clearing/periods';
import { personIdCheckChar } from '../../domain/personId';
import { api, DEV_API_KEYS, moneyKey, startApp, type TestApp } from '../setup/stackEnv';
import { advanceTo, simulatedNow, spoilAgencyList, untouchedPeriod } from './simulation';

const ROOT = path.resolve(__dirname, '..', '..');
const SHOTS = path.join(ROOT, 'test-output', 'console');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

jest.setTimeout(180_000);

let app: TestApp;
/** SIMULATION_MODE on a time-skipping server: clearings run on demand and the clock moves. */
let simApp: TestApp;
let browser: Browser;
const contexts: BrowserContext[] = [];
const pageErrors: string[] = [];

let seq = 0;
function newPerson(prefix: string, birth = '19800101'): string {
  seq += 1;
  const first17 = `${prefix}${birth}${String((process.pid + seq * 7) % 1000).padStart(3, '0')}`;
  return first17 + personIdCheckChar(first17);
}

async function shot(page: Page, name: string, opts: { fullPage?: boolean } = {}): Promise<void> {
  await page.waitForLoadState('networkidle').catch(() => undefined);
  await page.waitForFunction("!document.querySelector('.ant-spin-spinning')", null, { timeout: 10_000 }).catch(() => undefined);
  await page.waitForTimeout(700); // transitions and chart animations settle
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: opts.fullPage });
}

/** A fresh browser session (its own sessionStorage) signed in with a key, on `on` (default: the app). */
async function signedIn(key: string, landing: string, screenshot?: string, on: TestApp = app): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (err) => pageErrors.push(`${page.url()}: ${err.message}`));
  await page.goto(`${on.baseUrl}/console/`);
  await page.locator('input[name="apiKey"]').fill(key);
  if (screenshot) await shot(page, screenshot);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.getByTestId('whoami').waitFor();
  await page.waitForURL(`**/console${landing}**`);
  return page;
}

/** The proof document: a choice where the contract lists the kinds (F-1), else free text. */
async function chooseProof(scope: Locator): Promise<void> {
  const kind = scope.locator('input[name="proof.kind"]');
  if ((await kind.first().getAttribute('type')) === 'radio')
    await scope.locator('input[name="proof.kind"][value="RESIDENCE_PROOF"]').check();
  else await kind.fill('居住证');
}

/** The form item holding the input named `name`, and the error shown in it. */
function fieldError(page: Page, name: string) {
  return page.locator('.ant-form-item', { has: page.locator(`[name="${name}"]`) }).locator('.ant-form-item-explain-error');
}

/** Waits until the locator's text contains `text` (the page answers asynchronously). */
async function expectText(locator: Locator, text: string | RegExp, timeout = 15_000): Promise<void> {
  const deadline = Date.now() + timeout;
  let last = '';
  for (;;) {
    last =
      (await locator
        .first()
        .textContent({ timeout: 1000 })
        .catch(() => null)) ?? '';
    if (typeof text === 'string' ? last.includes(text) : text.test(last)) return;
    if (Date.now() > deadline) throw new Error(`never shown: ${String(text)}; last text: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function expectStatus(page: Page, status: string, timeout = 30_000): Promise<void> {
  const deadline = Date.now() + timeout;
  // An action's dialog closes once the API took it (and covers the refresh button until then); a
  // refusal keeps it open with the message, which is then the failure.
  const dialog = page.getByRole('dialog').first();
  await dialog.waitFor({ state: 'hidden', timeout }).catch(async () => {
    throw new Error(`the action's dialog never closed on ${page.url()}: ${await dialog.textContent()}`);
  });
  for (;;) {
    if ((await page.locator(`h4 [data-status="${status}"]`).count()) > 0) return;
    if (Date.now() > deadline) throw new Error(`status ${status} never shown on ${page.url()}`);
    await page
      .getByRole('button', { name: /刷\s*新/ })
      .first()
      .click();
    await page.waitForTimeout(500);
  }
}

beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  // The console is built by `npm test` before Jest runs; built here too (skipped when up to date)
  // so `npx jest test/browser` works on its own.
  const build = spawnSync(process.execPath, [require.resolve('tsx/cli'), path.join(ROOT, 'scripts', 'buildConsole.ts')], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (build.status !== 0) throw new Error(`console build failed:\n${build.stdout}\n${build.stderr}`);
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: scripts/provision.sh installs Debian's chromium (apt-get install -y chromium)`);
  }
  // Started side by side; each kept as soon as it is up, so afterAll stops what did start.
  const started = await Promise.allSettled([
    startApp().then((a) => (app = a)),
    startApp({ simulate: true }).then((a) => (simApp = a)),
    chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS }).then((b) => (browser = b)),
  ]);
  const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await Promise.all([app?.stop(), simApp?.stop()]);
});

describe('the web console serves itself and its session endpoint', () => {
  it('U-1..U-4: GET /api/v1/me names the caller; /console answers the app for client routes; other paths keep their 404 catalogue error', async () => {
    const me = await api(app, 'GET', '/api/v1/me', { key: DEV_API_KEYS.hospital110000.key });
    expect(me.status).toBe(200);
    expect(me.body).toEqual({ agencyId: 'HOSPITAL:H110000001', role: 'HOSPITAL', region: '110000', hospitalId: 'H110000001' });
    expect((await api(app, 'GET', '/api/v1/me')).body.error.code).toBe('AUTH_MISSING');

    const page = await fetch(`${app.baseUrl}/console/filings/FIL-anything`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(await page.text()).toContain('<div id="root">');

    const missingAsset = await api(app, 'GET', '/console/assets/nothing-here.js');
    expect(missingAsset.status).toBe(404);
    expect(missingAsset.body.error.code).toBe('ROUTE_NOT_FOUND');
    const unknown = await api(app, 'GET', '/api/v1/nothing-here');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('ROUTE_NOT_FOUND');
    expect((await api(app, 'POST', '/console')).body.error.code).toBe('ROUTE_NOT_FOUND');
  });
});

describe('U-1 the clerk', () => {
  it('U-1: a clerk signs in, files (commitment), sees the filing with its deadline counting down, supplies materials', async () => {
    const page = await signedIn(DEV_API_KEYS.clerk440800.key, '/persons', '01-sign-in');
    const personId = newPerson('440802');
    await page.locator('input[name="personId"]').fill(personId);
    await page.getByRole('button', { name: /查\s*询/ }).click();
    await page.waitForURL(`**/persons?personId=${personId}`);
    await page.locator(`a[href$="/filings/new?personId=${personId}"]`, { hasText: '为此人办理备案' }).click();
    await page.getByRole('button', { name: '提交备案' }).waitFor();
    await expect(page.locator('input[name="personId"]').inputValue()).resolves.toBe(personId);
    await page.locator('input[name="treatmentRegion"]').fill('110000');
    await page.locator('input[name="subtype"][value="RESIDENT"]').check();
    await page.locator('input[name="commitment"]').check();
    await shot(page, '03-clerk-filing-form');
    await page.getByRole('button', { name: '提交备案' }).click();

    await page.waitForURL('**/filings/FIL-*');
    await expectStatus(page, 'COMMITMENT_PENDING');
    const countdown = page.getByTestId('countdown').first();
    await expect(countdown.textContent()).resolves.toMatch(/承诺期届满 \d{4}-\d{2}-\d{2} 剩余 \d+ 天 \d{2}:\d{2}:\d{2}/);
    await expect(page.locator('.ant-timeline-item').count()).resolves.toBeGreaterThan(0);
    await shot(page, '04-clerk-filing-case');

    await page.getByTestId('action-materials').click();
    await chooseProof(page.getByRole('dialog'));
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /提\s*交/ })
      .click();
    await expectStatus(page, 'ACTIVE');
    const filingId = page.url().split('/').pop()!;

    await page.goto(`${app.baseUrl}/console/persons?personId=${personId}`);
    await page.getByRole('link', { name: filingId }).waitFor();
    await shot(page, '02-clerk-person-search');
  });

  it('U-5, E-1: a rejected filing shows the catalogue message beside the field it concerns and keeps everything typed', async () => {
    const page = await signedIn(DEV_API_KEYS.clerk440800.key, '/persons');
    await page.getByRole('link', { name: '办理备案', exact: true }).click();
    await page.getByRole('button', { name: '提交备案' }).waitFor();

    // A rule checked before sending: a wrong check character never reaches the API.
    const personId = newPerson('440802');
    const wrong = personId.slice(0, 17) + (personId[17] === '0' ? '1' : '0');
    await page.locator('input[name="personId"]').fill(wrong);
    await page.locator('input[name="treatmentRegion"]').fill('110000');
    await page.locator('input[name="subtype"][value="RESIDENT"]').check();
    await page.getByRole('button', { name: '提交备案' }).click();
    await expectText(fieldError(page, 'personId'), '校验位');

    // A rule the API checks: LONG_TERM without proof and without commitment (F-6, FILING_PROOF_REQUIRED).
    await page.locator('input[name="personId"]').fill(personId);
    await page.getByRole('button', { name: '提交备案' }).click();
    await expectText(fieldError(page, 'proof.kind'), '此类备案须提供备案材料');
    await expect(page.locator('input[name="personId"]').inputValue()).resolves.toBe(personId);
    await expect(page.locator('input[name="treatmentRegion"]').inputValue()).resolves.toBe('110000');
    await expect(page.locator('input[name="subtype"][value="RESIDENT"]').isChecked()).resolves.toBe(true);
    expect(page.url()).toMatch(/\/filings\/new$/);
    await shot(page, '05-clerk-filing-rejected');

    // English shows the English message.
    await page.getByText('EN', { exact: true }).click();
    await page.getByRole('button', { name: 'Submit filing' }).click();
    await expectText(fieldError(page, 'proof.kind'), 'This filing type needs proof');
  });
});

describe('U-3 the hospital counter, U-2 the agency', () => {
  let settlementId: string;
  let inquiryId: string;

  it('U-3, S-6: a hospital quotes and settles a bill edited as a table and sees the breakdown with its rule trace', async () => {
    const page = await signedIn(DEV_API_KEYS.hospital110000.key, '/counter');
    await page.locator('input[name="personId"]').fill(newPerson('220102', '19750101'));
    await page.locator('input[name="insuredRegion"]').fill('220000');
    await page.locator('input[name="emergency"]').check();
    await expect(page.locator('input[name="hospitalLevel"][value="3"]').isChecked()).resolves.toBe(true);
    await page.locator('input[name="lines.0.code"]').fill('A001');
    await page.locator('input[name="lines.0.name"]').fill('手术费');
    await page.locator('input[name="lines.0.amountYuan"]').fill('30000');
    await page.getByRole('button', { name: '添加一行' }).click();
    await page.locator('input[name="lines.1.code"]').fill('B001');
    await page.locator('input[name="lines.1.name"]').fill('进口材料');
    await page.locator('label', { has: page.locator('input[name="lines.1.class"][value="B"]') }).click();
    await page.locator('input[name="lines.1.amountYuan"]').fill('6000');
    await page.locator('input[name="lines.1.selfSharePercent"]').fill('10');

    await page.getByTestId('quote').click();
    await page.getByTestId('breakdown').waitFor();
    await expect(page.getByTestId('breakdown').textContent()).resolves.toContain('试算结果');
    await expect(page.getByTestId('rule-trace').locator('tbody tr').count()).resolves.toBeGreaterThan(4);
    await shot(page, '06-hospital-quote');

    await page.getByTestId('submit').click();
    await page
      .getByText(/结算单 \S+/)
      .first()
      .waitFor();
    const title = await page.getByTestId('breakdown').locator('.ant-card-head-title').textContent();
    settlementId = /结算单 (\S+)/.exec(title ?? '')![1];
    await expect(page.getByTestId('explanation').textContent()).resolves.toMatch(/统筹基金支付 [\d,]+\.\d{2} 元/);
    await expect(page.getByTestId('rule-trace').textContent()).resolves.toContain('S-2');
    await shot(page, '07-hospital-settled-trace', { fullPage: true });
    expect(await page.getByTestId('submit').isDisabled()).toBe(true); // the same bill is not settled twice
  });

  it('U-1, U-2, I-3: the clerk opens an inquiry from the settlement; the agency answers it from its inbox; the clerk confirms', async () => {
    const clerk = await signedIn(DEV_API_KEYS.clerk220000.key, '/persons');
    await clerk.goto(`${app.baseUrl}/console/settlements/${settlementId}`);
    await clerk.getByRole('button', { name: '发起协查' }).click();
    await clerk.getByRole('dialog').locator('textarea[name="reason"]').fill('住院费用明显偏高，请核实是否超标准收费');
    await clerk
      .getByRole('dialog')
      .getByRole('button', { name: /发\s*起/ })
      .click();
    await clerk.waitForURL('**/inquiries/INQ-*');
    inquiryId = clerk.url().split('/').pop()!;
    await expectStatus(clerk, 'AWAITING_RESPONSE');
    await shot(clerk, '09-clerk-inquiry-opened');

    const agency = await signedIn(DEV_API_KEYS.agency110000.key, '/inbox');
    const row = agency.locator('tr', { has: agency.getByRole('link', { name: inquiryId }) });
    await row.waitFor();
    await expect(row.getByTestId('countdown').textContent()).resolves.toMatch(/剩 \d+ 天/);
    await shot(agency, '10-agency-inbox');
    await agency.getByRole('link', { name: inquiryId }).click();
    await agency.getByTestId('action-answer').click();
    await agency.getByRole('dialog').locator('input[name="result"][value="VERIFIED_OK"]').check();
    await agency
      .getByRole('dialog')
      .getByRole('button', { name: /提\s*交/ })
      .click();
    await expectStatus(agency, 'AWAITING_CONFIRMATION');
    await shot(agency, '11-agency-answered');

    await clerk.reload();
    await expectStatus(clerk, 'AWAITING_CONFIRMATION');
    await clerk.getByTestId('action-confirm').click();
    await clerk.getByRole('dialog').locator('textarea[name="note"]').fill('核实无误，予以确认');
    await clerk
      .getByRole('dialog')
      .getByRole('button', { name: /提\s*交/ })
      .click();
    await expectStatus(clerk, 'CONFIRMED');
    await shot(clerk, '12-clerk-inquiry-confirmed');
  });

  it('U-4: the clerk sees the numbers of its region drawn (advances against their alert lines, indicators over months)', async () => {
    const page = await signedIn(DEV_API_KEYS.clerk220000.key, '/persons');
    await page.getByRole('link', { name: /监测与统计/ }).click();
    await page.getByRole('tab', { name: /预付金/ }).click();
    await page.getByRole('img', { name: '预付金使用率' }).locator('canvas').waitFor();
    await page.getByRole('cell', { name: '220000->110000' }).waitFor();
    await shot(page, '17-clerk-advances');
    await page.getByRole('tab', { name: /监测指标/ }).click();
    await page.getByRole('img', { name: '次均费用趋势' }).locator('canvas').waitFor();
    await shot(page, '18-clerk-indicators');
  });

  it('U-3, S-8: the hospital reverses its own settlement from its list', async () => {
    const page = await signedIn(DEV_API_KEYS.hospital110000.key, '/counter');
    await page.getByRole('link', { name: /结算记录/ }).click();
    const row = page.locator('tr', { has: page.getByRole('link', { name: settlementId }) });
    await row.getByRole('button', { name: /冲\s*正/ }).click();
    await page.getByRole('dialog').locator('textarea[name="reason"]').fill('单据录入错误');
    await page.getByRole('dialog').getByRole('button', { name: '确认冲正' }).click();
    await expectText(row.locator('[data-status]'), '已冲正');
    await shot(page, '08-hospital-settlements');
  });

  it('U-2, H-1, U-4: the agency sees its institution registry with its actions, and exports it to CSV', async () => {
    const agency = await signedIn(DEV_API_KEYS.agency110000.key, '/inbox');
    await agency.getByRole('link', { name: /定点机构/ }).click();
    // The inbox names institutions too: wait for the registry's own table.
    await agency.getByRole('heading', { name: /定点医药机构/ }).waitFor();
    await agency.getByRole('cell', { name: 'H110000001', exact: true }).waitFor();
    await expect(agency.getByRole('button', { name: /暂停结算/ }).count()).resolves.toBeGreaterThan(0);
    const download = agency.waitForEvent('download');
    await agency.getByRole('button', { name: /导出 CSV/ }).click();
    const csv = fs.readFileSync((await (await download).path())!, 'utf8');
    expect(csv.startsWith('\uFEFF编码,名称,')).toBe(true);
    expect(csv).toContain('H110000001,');
    await shot(agency, '13-agency-registry');
  });
});

/** An emergency outpatient bill (F-3: no filing needed) of a 220000 employee at `hospitalId`. */
function emergencyBill(hospitalId: string, day: string, amountFen: number) {
  return {
    personId: newPerson('220102', '19750101'),
    scheme: 'EMPLOYEE',
    personCategory: 'IN_SERVICE',
    insuredRegion: '220000',
    treatmentRegion: `${hospitalId.slice(1, 7)}`,
    hospitalId,
    hospitalLevel: 3,
    visitType: 'OUTPATIENT',
    admissionDate: day,
    dischargeDate: day,
    emergency: true,
    lines: [{ code: 'A001', name: '抢救费', class: 'A', amountFen }],
  };
}

const shanghaiToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());

describe('U-2 the agency forwards and keeps its registry', () => {
  it('U-2, I-4: the addressed agency forwards an issue collaboration from its inbox; the agency forwarded to can read it, the deadline stands', async () => {
    const settled = await api(app, 'POST', '/api/v1/settlements', {
      key: DEV_API_KEYS.hospital110000.key,
      body: emergencyBill('H110000001', shanghaiToday(), 80_000),
      headers: moneyKey(),
    });
    expect(settled.status).toBe(201);
    const opened = await api(app, 'POST', '/api/v1/inquiries', {
      key: DEV_API_KEYS.clerk220000.key,
      body: { settlementId: settled.body.id, reason: '患者称已转往上海治疗，费用明细待核', suspectedViolation: false },
    });
    expect(opened.status).toBe(201);
    expect(opened.body.kind).toBe('ISSUE_COLLABORATION');
    const inquiryId: string = opened.body.id;
    // Before the forward the Shanghai agency cannot see it (I-6).
    expect((await api(app, 'GET', `/api/v1/inquiries/${inquiryId}`, { key: DEV_API_KEYS.agency310000.key })).status).toBe(404);

    const agency = await signedIn(DEV_API_KEYS.agency110000.key, '/inbox');
    await agency.getByRole('link', { name: inquiryId }).click();
    await expectStatus(agency, 'AWAITING_RESPONSE');
    await expect(agency.getByTestId('forwards').textContent()).resolves.toBe('—');
    await agency.getByTestId('action-forward').click();
    const dialog = agency.getByRole('dialog');
    await dialog.locator('input[name="toAgencyRegion"]').fill('310000');
    await dialog.locator('textarea[name="note"]').fill('患者已转至上海，请上海经办机构核实');
    await dialog.getByRole('button', { name: /提\s*交/ }).click();
    await expectText(
      agency.getByTestId('forwards'),
      `110000 → 310000 · ${opened.body.events[0].at.slice(0, 10)} · 患者已转至上海，请上海经办机构核实`,
    );
    await expectStatus(agency, 'AWAITING_RESPONSE'); // the first receiver stays responsible
    await shot(agency, '19-agency-forwarded');

    const seen = await api(app, 'GET', `/api/v1/inquiries/${inquiryId}`, { key: DEV_API_KEYS.agency310000.key });
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({
      status: 'AWAITING_RESPONSE',
      dueDate: opened.body.dueDate,
      forwardedTo: ['310000'],
      forwards: [{ fromAgencyRegion: '110000', toAgencyRegion: '310000', note: '患者已转至上海，请上海经办机构核实' }],
    });
  });

  it('U-2, H-1: the agency suspends an institution of its registry and reinstates it; the API agrees each time', async () => {
    const hospital = 'H110000003'; // no dev key settles there: nothing else in this file depends on it
    const agency = await signedIn(DEV_API_KEYS.agency110000.key, '/inbox');
    await agency.getByRole('link', { name: /定点机构/ }).click();
    await agency.getByRole('heading', { name: /定点医药机构/ }).waitFor();
    const row = agency.locator('tr', { has: agency.getByRole('cell', { name: hospital, exact: true }) });
    await expectText(row.locator('[data-status]'), '有效');
    const change = async (button: RegExp, reason: string) => {
      await row.getByRole('button', { name: button }).click();
      const dialog = agency.getByRole('dialog');
      await dialog.locator('textarea[name="reason"]').fill(reason);
      await dialog.getByRole('button', { name: /提\s*交/ }).click();
    };
    const read = async () => (await api(app, 'GET', `/api/v1/hospitals/${hospital}`, { key: DEV_API_KEYS.agency110000.key })).body;

    await change(/暂停结算/, '飞行检查发现串换项目，暂停异地直接结算');
    await expectText(row.locator('[data-status]'), '暂停结算');
    await expectText(row, '飞行检查发现串换项目，暂停异地直接结算');
    await expect(row.getByRole('button', { name: /恢复结算/ }).count()).resolves.toBe(1);
    await shot(agency, '20-agency-registry-suspended');
    expect(await read()).toMatchObject({ status: 'SUSPENDED', statusReason: '飞行检查发现串换项目，暂停异地直接结算' });

    await change(/恢复结算/, '整改完成，恢复结算');
    await expectText(row.locator('[data-status]'), '有效');
    await expect(row.getByRole('button', { name: /暂停结算/ }).count()).resolves.toBe(1);
    const reinstated = await read();
    expect(reinstated.status).toBe('ACTIVE');
    expect(reinstated.history.map((c: { status: string; reason: string }) => [c.status, c.reason])).toEqual([
      ['SUSPENDED', '飞行检查发现串换项目，暂停异地直接结算'],
      ['ACTIVE', '整改完成，恢复结算'],
    ]);
  });
});

describe('U-1 the clerk on clearing and monitoring (an app in simulation mode)', () => {
  it('U-1, P-2, P-3: a clerk resolves a clearing exception and files a delay report; the API agrees', async () => {
    const clerkKey = DEV_API_KEYS.clerk440800.key;
    const now = await simulatedNow(simApp);
    // A past period whose due day has passed (P-3): the agency's list has a line of its own.
    const period = untouchedPeriod(now);
    await spoilAgencyList(simApp, { insuredRegion: '440800', treatmentRegion: '310000', period, add: 1 });
    const run = await api(simApp, 'POST', '/api/v1/dev/clearings/run', {
      key: DEV_API_KEYS.admin.key,
      body: { period, insuredRegion: '440800', treatmentRegion: '310000' },
    });
    expect(run.status).toBe(201);
    const clearingId: string = run.body.id;
    const readClearing = async () => (await api(simApp, 'GET', `/api/v1/clearings/${clearingId}`, { key: clerkKey })).body;

    const clerk = await signedIn(clerkKey, '/persons', undefined, simApp);
    await clerk.getByRole('link', { name: /清算/ }).first().click();
    await clerk.getByRole('link', { name: clearingId }).click();
    await expectStatus(clerk, 'EXCEPTIONS');
    const [exception] = (await readClearing()).exceptions;
    expect(exception).toMatchObject({ kind: 'ONLY_THEIRS', theirsFen: 12_345 });
    await expectText(clerk.locator('tr', { hasText: exception.id }), '仅对方有');
    await clerk.getByTestId(`resolve-${exception.id}`).click();
    const resolveDialog = clerk.getByRole('dialog');
    await resolveDialog.locator('input[name="decision"][value="ACCEPT_THEIRS"]').check();
    await resolveDialog.locator('textarea[name="note"]').fill('就医地已提供结算凭证');
    await resolveDialog.getByRole('button', { name: /提\s*交/ }).click();
    await expectText(clerk.getByTestId(`resolution-${exception.id}`), '以对方为准 · 就医地已提供结算凭证');
    // Every difference resolved: the statement is made and applied; its due day is long past.
    await expectStatus(clerk, 'OVERDUE');
    const resolved = await readClearing();
    expect(resolved.exceptions[0].resolution).toMatchObject({ decision: 'ACCEPT_THEIRS', note: '就医地已提供结算凭证' });
    expect(resolved).toMatchObject({ status: 'OVERDUE', statement: { count: 1, netDueFen: 12_345 }, delayReport: null });

    const expectedDate = new Date(Date.parse(now) + 10 * 86_400_000).toISOString().slice(0, 10);
    await clerk.getByTestId('action-delay-report').click();
    const delayDialog = clerk.getByRole('dialog');
    await delayDialog.locator('textarea[name="reason"]').fill('财政专户资金调度中');
    await delayDialog.locator('input[name="expectedDate"]').fill(expectedDate);
    await delayDialog.getByRole('button', { name: /提\s*交/ }).click();
    await expectText(clerk.getByTestId('delay-report'), `财政专户资金调度中 · 预计 ${expectedDate}`);
    await shot(clerk, '21-clerk-clearing-case', { fullPage: true });
    const reported = await readClearing();
    expect(reported.delayReport).toMatchObject({ reason: '财政专户资金调度中', expectedDate, reports: 1 });
    expect(reported.events.map((e: { type: string }) => e.type)).toContain('DELAY_REPORTED');
  });

  it('U-1, M-1: a clerk acknowledges a monitoring warning with its assessment; the API agrees', async () => {
    const clerkKey = DEV_API_KEYS.clerk220000.key;
    const now = await simulatedNow(simApp);
    const day = now.slice(0, 10);
    const month = day.slice(0, 7);
    const settled = await api(simApp, 'POST', '/api/v1/settlements', {
      key: DEV_API_KEYS.hospital310000.key,
      body: emergencyBill('H310000001', day, 30_000),
      headers: moneyKey(),
    });
    expect(settled.status).toBe(201);
    // The daily job of the month's last day raises the month's warnings: nothing was deducted, under
    // half the local deduction rate (M-1).
    const ran = await advanceTo(simApp, firstDayOf(nextPeriod(month)), 1);
    expect(ran).toContain(`daily-close ${lastDayOf(month)}`);
    const warnings = await api(simApp, 'GET', `/api/v1/monitoring/warnings?period=${month}&status=OPEN`, { key: clerkKey });
    const warning = warnings.body.items.find(
      (w: { kind: string; scope: { hospitalId?: string } }) => w.kind === 'LOW_DEDUCTION_RATE' && w.scope.hospitalId === 'H310000001',
    );
    expect(warning).toMatchObject({ status: 'OPEN', period: month });

    const clerk = await signedIn(clerkKey, '/persons', undefined, simApp);
    await clerk.getByRole('link', { name: /监测与统计/ }).click();
    await clerk.getByRole('tab', { name: /监测预警/ }).click();
    const row = clerk.locator('tr', { has: clerk.getByTestId(`acknowledge-${warning.id}`) });
    await expectText(row, '审核扣款率偏低');
    await expectText(row.locator('[data-status]'), '未处置');
    await row.getByTestId(`acknowledge-${warning.id}`).click();
    await clerk.getByRole('dialog').locator('textarea[name="note"]').fill('已约谈医院，系急诊为主、审核尚未完成所致');
    await clerk
      .getByRole('dialog')
      .getByRole('button', { name: /提\s*交/ })
      .click();
    const acknowledged = clerk.locator('tr', { has: clerk.getByTestId(`warning-note-${warning.id}`) });
    await expectText(acknowledged.getByTestId(`warning-note-${warning.id}`), '已约谈医院，系急诊为主、审核尚未完成所致');
    await expectText(acknowledged.locator('[data-status]'), '已处置');
    expect(await clerk.getByTestId(`acknowledge-${warning.id}`).count()).toBe(0);
    await shot(clerk, '22-clerk-warning-acknowledged');

    const after = await api(simApp, 'GET', `/api/v1/monitoring/warnings?period=${month}`, { key: clerkKey });
    expect(after.body.items.find((w: { id: string }) => w.id === warning.id)).toMatchObject({
      status: 'ACKNOWLEDGED',
      note: '已约谈医院，系急诊为主、审核尚未完成所致',
      acknowledgedBy: expect.stringContaining('220000'),
    });
  });
});

describe('the administrator', () => {
  it('admin: creates a key (shown once), disables it, and the API refuses it at once', async () => {
    const page = await signedIn(DEV_API_KEYS.admin.key, '/admin/keys');
    await page.locator('input[name="region"]').fill('440800');
    await page.locator('input[name="label"]').fill('湛江市医保中心 测试窗口');
    await page.getByRole('button', { name: /创\s*建/ }).click();
    const secret = (await page.getByTestId('new-key').textContent())!.trim();
    expect((await api(app, 'GET', '/api/v1/me', { key: secret })).body).toMatchObject({ role: 'INSURED_CLERK', region: '440800' });
    await shot(page, '15-admin-keys');

    const row = page.locator('tr', { hasText: '湛江市医保中心 测试窗口' });
    await row.getByRole('button', { name: /停\s*用/ }).click();
    await page
      .locator('.ant-popconfirm')
      .getByRole('button', { name: /停\s*用/ })
      .click();
    await row.getByText('已停用').waitFor();
    const refused = await api(app, 'GET', '/api/v1/me', { key: secret });
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('AUTH_INVALID');

    await page.getByRole('link', { name: /监测与统计/ }).click();
    await page.locator('[role="img"] canvas').first().waitFor();
    await page.getByRole('cell', { name: 'FILING_PROOF_REQUIRED' }).waitFor(); // the clerk's rejection above, drawn (M-2)
    await shot(page, '14-admin-numbers');

    await page.getByRole('link', { name: /系统与时钟/ }).click();
    await page.getByText('Temporal UI', { exact: true }).first().waitFor();
    await shot(page, '16-admin-system');
  });

  it('U-1..U-5: no page threw an uncaught script error', () => {
    expect(pageErrors).toEqual([]);
  });
});
