// roomcast.js and the demo page built on it in a real headless Chromium (playwright-core driving
// /usr/bin/chromium; it never downloads a browser), against the two-node cluster of ClientIT.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';
import { edgeUrl, kill, publish, range, roomId, start, token, until } from './harness.mjs';

const STEP_MS = 15_000;
let browser;

before(async () => {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    timeout: 20_000,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  await Promise.race([browser?.close(), new Promise((r) => setTimeout(r, 5000))]);
});

async function page() {
  const context = await browser.newContext({ viewport: { width: 1000, height: 680 } });
  const p = await context.newPage();
  p.setDefaultTimeout(STEP_MS);
  p.errors = [];
  p.on('pageerror', (err) => p.errors.push(err.message));
  return p;
}

test('the module served at /client/roomcast.js runs in Chromium: history, publish, live', async () => {
  const id = roomId('chromium');
  for (const n of range(1, 3)) await publish(2, id, { n });
  const p = await page();
  const base = await edgeUrl(1);
  await p.goto(`${base}/`);
  const seqs = await p.evaluate(
    async ({ base, id, jwt }) => {
      const { Roomcast } = await import(`${base}/client/roomcast.js`);
      const rc = new Roomcast({ url: base, token: jwt });
      const seen = [];
      await rc.connect();
      const room = rc.room(id, { history: 2, onEvent: (e) => seen.push(e.seq) });
      await room.ready;
      const ack = await room.publish('message', { text: 'from chromium' });
      const deadline = Date.now() + 10_000;
      while (seen.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      rc.close();
      return { seen, ack: ack.seq, state: rc.state };
    },
    { base, id, jwt: token('chromium-user') },
  );
  assert.deepEqual(seqs, { seen: [2, 3, 4], ack: 4, state: 'disconnected' });
  assert.deepEqual(p.errors, []);
});

test('the demo page catches up with no gap after the node under it dies, and shows it', async () => {
  const id = roomId('demo-failover');
  for (const n of range(1, 3)) await publish(2, id, { text: `before ${n}` });
  const p = await page();
  const base = await edgeUrl(1);
  await p.goto(`${base}/?room=${id}&token=${encodeURIComponent(token('alice'))}`);
  // every state the pill shows, as the user saw it
  await p.evaluate(() => {
    window.pillStates = [];
    const pill = document.getElementById('status');
    new MutationObserver(() => window.pillStates.push(pill.dataset.state)).observe(pill, {
      attributes: true,
    });
  });
  await p.locator('#status[data-state="connected"]').waitFor();
  await until('history on entry', async () => (await shownSeqs(p)).length === 3);

  await kill(1);
  await p.locator('#status[data-state="disconnected"]').waitFor();
  for (const n of range(4, 7)) await publish(2, id, { text: `while away ${n}` });
  await start(1);
  await p.locator('#status[data-state="connected"]').waitFor({ timeout: 30_000 });
  await publish(1, id, { text: 'after 8' });
  await until('caught up', async () => (await shownSeqs(p)).length >= 8);

  assert.deepEqual(await shownSeqs(p), range(1, 8));
  const texts = await p.locator('#messages li .text').allTextContents();
  assert.equal(texts[3], 'while away 4');
  const states = await p.evaluate(() => window.pillStates);
  assert.ok(states.includes('disconnected'), states.join());
  assert.equal(states.at(-1), 'connected');
  assert.deepEqual(p.errors, []);
  if (process.env.SCREENSHOTS) {
    await p.screenshot({ path: join(process.env.SCREENSHOTS, 'demo-failover.png') });
  }
});

async function shownSeqs(p) {
  return (await p.locator('#messages li').evaluateAll((items) => items.map((li) => li.dataset.seq)))
    .map(Number);
}
