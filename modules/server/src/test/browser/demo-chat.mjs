// Two users chat on the demo page (built on /client/roomcast.js) in a real headless Chromium.
// They see the room's recent history on entry, each other online, typing, their messages
// (escaped) and read receipts, and alice stepping away. Run by DemoPageBrowserTest; exits
// non-zero with the failed step on any unmet expectation. Arguments (all required):
//   --url=http://127.0.0.1:<edge port> --room=<room> --alice=<token> --bob=<token>
//   --chromium=<executable> --out=<directory for screenshots>

import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const STEP_TIMEOUT_MS = 10_000;
const SCENARIO_TIMEOUT_MS = 50_000;
const TEXT_FROM_ALICE = 'Hello bob <b>this is not bold</b> & "quoted"';
const TEXT_FROM_BOB = 'Hi alice, read you';

const args = Object.fromEntries(
  process.argv.slice(2).map((arg) => {
    const [key, ...value] = arg.replace(/^--/, '').split('=');
    return [key, value.join('=')];
  }),
);
for (const key of ['url', 'room', 'alice', 'bob', 'chromium', 'out']) {
  if (!args[key]) fail(`missing argument --${key}`);
}

const pages = {};
const pageErrors = [];
let currentStep = 'start';
let browser;

const watchdog = setTimeout(async () => {
  console.error(`FAILED: no end after ${SCENARIO_TIMEOUT_MS / 1000} s, at step "${currentStep}"`);
  await failureScreenshots();
  process.exit(1);
}, SCENARIO_TIMEOUT_MS);

try {
  await run();
  console.log('OK: demo chat scenario passed');
} catch (err) {
  console.error(`FAILED at step "${currentStep}": ${err.message.split('\n')[0]}`);
  await failureScreenshots();
  process.exitCode = 1;
} finally {
  clearTimeout(watchdog);
  await Promise.race([browser?.close(), new Promise((resolve) => setTimeout(resolve, 5000))]);
}

async function run() {
  mkdirSync(args.out, { recursive: true });
  for (const user of ['alice', 'bob']) {
    rmSync(join(args.out, `demo-chat-failure-${user}.png`), { force: true });
  }
  await step('launch chromium', async () => {
    // launch() runs the browser on a fresh temporary profile (its own --user-data-dir, deleted
    // on close); it never downloads a browser when given an executablePath.
    browser = await chromium.launch({
      executablePath: args.chromium,
      headless: true,
      timeout: 20_000,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });

  const alice = await open('alice', `?room=${enc(args.room)}&token=${enc(args.alice)}`);
  const bob = await open('bob', `?room=${enc(args.room)}&token=${enc(args.bob)}`);

  await step('both pages are connected', async () => {
    await visible(alice, '#status[data-state="connected"]');
    await visible(bob, '#status[data-state="connected"]');
  });

  await step('both see the recent history on entry', async () => {
    for (const page of [alice, bob]) {
      await textIs(page, '#messages li:nth-child(1) .text', 'before you came 1');
      await textIs(page, '#messages li:nth-child(2) .text', 'before you came 2');
    }
  });

  await step('each sees the other online', async () => {
    await visible(alice, '#members li[data-user="bob"][data-status="online"]');
    await visible(bob, '#members li[data-user="alice"][data-status="online"]');
  });

  await step('bob sees alice typing', async () => {
    await alice.locator('#composer-text').pressSequentially('Hello bob', { delay: 20 });
    await textIs(bob, '#typing', 'alice is typing…');
  });

  await step('alice sees bob typing, and it ends when he clears his input', async () => {
    await bob.locator('#composer-text').pressSequentially('Hey', { delay: 20 });
    await textIs(alice, '#typing', 'bob is typing…');
    await bob.locator('#composer-text').fill('');
    await textIs(alice, '#typing', '');
  });

  await step("bob receives alice's message as text, and her typing ends", async () => {
    await alice.locator('#composer-text').fill(TEXT_FROM_ALICE);
    await alice.locator('#composer-text').press('Enter');
    await textIs(bob, '#messages li[data-user="alice"] .text', TEXT_FROM_ALICE);
    const markup = await bob.locator('#messages li[data-user="alice"] .text b').count();
    if (markup !== 0) throw new Error('message text was rendered as HTML');
    await textIs(alice, '#messages li.mine[data-user="alice"] .text', TEXT_FROM_ALICE);
    await textIs(bob, '#typing', '');
  });

  await step('alice sees that bob read her message', async () => {
    await textIs(alice, '#messages li[data-user="alice"] .read-by', '✓ Read by bob');
  });

  await step("alice receives bob's reply and bob sees her read receipt", async () => {
    await bob.locator('#composer-text').fill(TEXT_FROM_BOB);
    await bob.locator('#composer button[type="submit"]').click();
    await textIs(alice, '#messages li[data-user="bob"] .text', TEXT_FROM_BOB);
    await textIs(bob, '#messages li[data-user="bob"] .read-by', '✓ Read by alice');
  });

  await step('bob sees alice go away and come back', async () => {
    await alice.locator('#my-status').selectOption('away');
    await visible(bob, '#members li[data-user="alice"][data-status="away"]');
    await alice.locator('#my-status').selectOption('online');
    await visible(bob, '#members li[data-user="alice"][data-status="online"]');
  });

  await step('screenshots', async () => {
    await bob.locator('#composer-text').pressSequentially('One more thing', { delay: 20 });
    await textIs(alice, '#typing', 'bob is typing…');
    await alice.screenshot({ path: join(args.out, 'demo-chat.png') });
    await bob.screenshot({ path: join(args.out, 'demo-chat-bob.png') });
  });

  if (pageErrors.length) {
    currentStep = 'no script errors on the pages';
    throw new Error(pageErrors.join('; '));
  }
}

/** A page in its own browser context (its own storage), as one user. */
async function open(user, query) {
  return step(`${user} opens the demo page`, async () => {
    const context = await browser.newContext({ viewport: { width: 1000, height: 680 } });
    const page = await context.newPage();
    page.setDefaultTimeout(STEP_TIMEOUT_MS);
    page.on('pageerror', (err) => pageErrors.push(`${user}: ${err.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error' || msg.type() === 'warning') {
        console.log(`[${user} console.${msg.type()}] ${msg.text()}`);
      }
    });
    pages[user] = page;
    await page.goto(`${args.url}/${query}`, { timeout: STEP_TIMEOUT_MS });
    return page;
  });
}

async function step(name, body) {
  currentStep = name;
  const started = Date.now();
  const result = await body();
  console.log(`ok  ${name} (${Date.now() - started} ms)`);
  return result;
}

async function visible(page, selector) {
  await page.locator(selector).first().waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
}

/** Waits until the element's text is exactly `expected`; reports what it saw otherwise. */
async function textIs(page, selector, expected) {
  try {
    await page.waitForFunction(
      ([sel, text]) => document.querySelector(sel)?.textContent === text,
      [selector, expected],
      { timeout: STEP_TIMEOUT_MS, polling: 100 },
    );
  } catch {
    const actual = await page
      .locator(selector)
      .first()
      .textContent({ timeout: 1000 })
      .catch(() => null);
    throw new Error(
      `expected ${selector} to read ${JSON.stringify(expected)}, saw ${JSON.stringify(actual)}`,
    );
  }
}

async function failureScreenshots() {
  for (const [user, page] of Object.entries(pages)) {
    const path = join(args.out, `demo-chat-failure-${user}.png`);
    await page.screenshot({ path, timeout: 5000 }).then(
      () => console.error(`screenshot of ${user}'s page: ${path}`),
      () => {},
    );
  }
}

function enc(value) {
  return encodeURIComponent(value);
}

function fail(message) {
  console.error(`FAILED: ${message}`);
  process.exit(2);
}
