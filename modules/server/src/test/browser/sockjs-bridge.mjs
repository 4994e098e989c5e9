// The SockJS event-bus bridge from a real headless Chromium, through the third-party clients a
// web application would use: sockjs-client and @vertx/eventbus-bridge-client.js from npm, loaded
// by a page of another origin (a static server of this script on loopback, not the edge). For each SockJS
// transport asked for (a WebSocket one and an HTTP fallback), the page registers on its room and
// its user inbox, receives a REST-published event and a user push with the envelope as the body,
// publishes into the room and gets it back stamped with the token's identity, and is refused with
// a code for a room outside its token. Run by SockJsBridgeBrowserTest; exits non-zero with the
// failed step on any unmet expectation. Arguments (all required):
//   --edge=http://127.0.0.1:<edge port> --api=http://127.0.0.1:<api port> --api-key=<key>
//   --room=<room> --user=<user> --token=<token: rooms and pub = [room]> --chromium=<executable>
//   --transports=websocket,xhr-streaming

import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const STEP_TIMEOUT_MS = 10_000;
const SCENARIO_TIMEOUT_MS = 60_000;
const OUTSIDE_ROOM = 'not-in-the-token';

const args = Object.fromEntries(
  process.argv.slice(2).map((arg) => {
    const [key, ...value] = arg.replace(/^--/, '').split('=');
    return [key, value.join('=')];
  }),
);
for (const key of ['edge', 'api', 'api-key', 'room', 'user', 'token', 'chromium', 'transports']) {
  if (!args[key]) fail(`missing argument --${key}`);
}

const require = createRequire(import.meta.url);
const SCRIPTS = {
  '/sockjs.min.js': readFileSync(require.resolve('sockjs-client/dist/sockjs.min.js')),
  '/vertx-eventbus.js': readFileSync(require.resolve('@vertx/eventbus-bridge-client.js')),
};
const PAGE = `<!doctype html><meta charset="utf-8"><title>bridge client</title><link rel="icon" href="data:,">
<script src="/sockjs.min.js"></script><script src="/vertx-eventbus.js"></script>`;

let currentStep = 'start';
let browser;
let pages;
let pageOrigin;
const pageErrors = [];

const watchdog = setTimeout(() => {
  console.error(`FAILED: no end after ${SCENARIO_TIMEOUT_MS / 1000} s, at step "${currentStep}"`);
  process.exit(1);
}, SCENARIO_TIMEOUT_MS);

try {
  await run();
  console.log('OK: SockJS bridge scenario passed');
} catch (err) {
  console.error(`FAILED at step "${currentStep}": ${err.message.split('\n')[0]}`);
  process.exitCode = 1;
} finally {
  clearTimeout(watchdog);
  await Promise.race([browser?.close(), new Promise((resolve) => setTimeout(resolve, 5000))]);
  pages?.close();
}

async function run() {
  await step('serve the page and the two clients', async () => {
    // on loopback like the edge, so Chromium's Private Network Access rules let it call the edge,
    // on another port: the page is of another origin, as an application's would be
    pages = createServer((req, res) => {
      const path = new URL(req.url, 'http://page').pathname;
      const body = path === '/' ? PAGE : SCRIPTS[path];
      res.writeHead(body ? 200 : 404, {
        'Content-Type': path === '/' ? 'text/html' : 'text/javascript',
      });
      res.end(body ?? 'not found');
    });
    await new Promise((resolve) => pages.listen(0, '127.0.0.1', resolve));
    pageOrigin = `http://127.0.0.1:${pages.address().port}`;
  });
  await step('launch chromium', async () => {
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
  for (const transport of args.transports.split(',')) {
    await bridgeOver(transport);
  }
  if (pageErrors.length) {
    currentStep = 'no script errors on the pages';
    throw new Error(pageErrors.join('; '));
  }
}

async function bridgeOver(transport) {
  const { room, user } = args;
  const page = await step(`[${transport}] the page loads both clients from npm`, async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    page.setDefaultTimeout(STEP_TIMEOUT_MS);
    page.on('pageerror', (err) => pageErrors.push(`${transport}: ${err.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error' || msg.type() === 'warning') {
        console.log(`[${transport} console.${msg.type()}] ${msg.text()}`);
      }
    });
    await page.goto(`${pageOrigin}/`);
    const globals = await page.evaluate(() => [typeof SockJS, typeof EventBus]);
    if (globals.join() !== 'function,function') throw new Error(`globals: ${globals}`);
    return page;
  });

  await step(`[${transport}] the EventBus opens with the token in its URL`, async () => {
    const used = await page.evaluate(
      ([url, transport]) =>
        new Promise((resolve, reject) => {
          const eb = new EventBus(url, { transports: [transport], vertxbus_ping_interval: 5000 });
          window.got = [];
          window.errors = [];
          window.eb = eb;
          eb.onerror = (err) => window.errors.push(err);
          eb.onclose = (e) => reject(new Error(`closed before opening: ${JSON.stringify(e)}`));
          eb.onopen = () => {
            eb.onclose = () => window.errors.push({ closed: true });
            resolve(eb.sockJSConn.transport);
          };
        }),
      [`${args.edge}/eventbus?token=${encodeURIComponent(args.token)}`, transport],
    );
    if (used !== transport) throw new Error(`SockJS chose ${used}, not ${transport}`);
  });

  await step(`[${transport}] it registers on room.${room} and user.${user}`, async () => {
    await page.evaluate((addresses) => {
      for (const address of addresses) {
        window.eb.registerHandler(address, (err, msg) =>
          window.got.push(err ? { address, err } : { address: msg.address, body: msg.body }),
        );
      }
    }, [`room.${room}`, `user.${user}`]);
    await probeUntilSeen(page, room);
  });

  await step(`[${transport}] a REST publish arrives with the envelope as the body`, async () => {
    const text = `rest via ${transport}`;
    const accepted = await restPost(`/api/rooms/${room}/events`, { type: 'message', data: { text } });
    const rec = await received(page, 'text', text);
    expect(rec.address, `room.${room}`, 'address');
    expect(rec.body.id, accepted.id, 'id');
    expect(rec.body.seq, accepted.seq, 'seq');
    expect(rec.body.room, room, 'room');
    expect(rec.body.type, 'message', 'type');
    if (typeof rec.body.ts !== 'string') throw new Error(`no ts in ${JSON.stringify(rec.body)}`);
  });

  await step(`[${transport}] a user push arrives on the inbox`, async () => {
    const note = `push via ${transport}`;
    // the inbox registration went after the room's, and is confirmed by delivery only: a push
    // that finds no connection is delivered nowhere, so it is sent until one counts it
    const deadline = Date.now() + STEP_TIMEOUT_MS;
    let answer;
    do {
      answer = await restPost(`/api/users/${user}/events`, { type: 'note', data: { note } });
      if (answer.delivered > 1) throw new Error(`delivered twice: ${JSON.stringify(answer)}`);
    } while (answer.delivered === 0 && Date.now() < deadline);
    if (answer.delivered !== 1) throw new Error(`push not delivered: ${JSON.stringify(answer)}`);
    const rec = await received(page, 'note', note);
    expect(rec.address, `user.${user}`, 'address');
    expect(rec.body.type, 'note', 'type');
  });

  await step(`[${transport}] an inbound publish comes back stamped from the token`, async () => {
    const text = `from the page via ${transport}`;
    await page.evaluate(
      ([address, text]) =>
        window.eb.publish(address, { type: 'message', user: 'mallory', data: { text } }),
      [`room.${room}`, text],
    );
    const rec = await received(page, 'text', text);
    expect(rec.body.user, user, 'user');
    if (typeof rec.body.connection !== 'string' || typeof rec.body.seq !== 'number') {
      throw new Error(`not stamped by the server: ${JSON.stringify(rec.body)}`);
    }
  });

  await step(`[${transport}] a room outside the token is refused with a code`, async () => {
    await page.evaluate((address) => {
      window.errors.length = 0;
      window.eb.registerHandler(address, () => {});
    }, `room.${OUTSIDE_ROOM}`);
    const refusal = await error(page, 'rejected');
    expect(refusal.type, 'err', 'type');

    await page.evaluate((address) => {
      window.eb.publish(address, { type: 'message', data: { text: 'let me in' } });
    }, `room.${OUTSIDE_ROOM}`);
    const forbidden = await error(page, 'forbidden');
    if (!forbidden.message) throw new Error(`no message with ${JSON.stringify(forbidden)}`);
  });

  await step(`[${transport}] the socket is still open after the refusals`, async () => {
    const text = `still here via ${transport}`;
    await restPost(`/api/rooms/${room}/events`, { type: 'message', data: { text } });
    await received(page, 'text', text);
    const state = await page.evaluate(() => [window.eb.state, JSON.stringify(window.errors)]);
    expect(state[0], 1, 'EventBus state (1 = OPEN)');
    await page.evaluate(() => window.eb.close());
    await page.context().close();
  });
}

/**
 * A bridge registration is confirmed by delivery only: probes go into the room until one reaches
 * the page, then every probe sent is awaited, so none is left ahead of what comes next.
 */
async function probeUntilSeen(page, room) {
  const deadline = Date.now() + STEP_TIMEOUT_MS;
  let sent = 0;
  const seen = () =>
    page.evaluate(() =>
      window.got.reduce((n, m) => Math.max(n, m.body?.data?.probe ?? -1), -1),
    );
  while ((await seen()) < 0) {
    if (Date.now() > deadline) throw new Error(`no probe came through on room.${room}`);
    await restPost(`/api/rooms/${room}/events`, { type: 'message', data: { probe: sent++ } });
    await page.waitForFunction(() => window.got.some((m) => m.body?.data?.probe >= 0), null, {
      timeout: 200,
      polling: 20,
    }).catch(() => {});
  }
  await page.waitForFunction(
    (last) => window.got.some((m) => m.body?.data?.probe === last),
    sent - 1,
    { timeout: STEP_TIMEOUT_MS, polling: 50 },
  );
}

/** The first message the page received whose `body.data[field]` is `value`. */
async function received(page, field, value) {
  const handle = await page
    .waitForFunction(
      ([field, value]) => window.got.find((m) => m.body?.data?.[field] === value),
      [field, value],
      { timeout: STEP_TIMEOUT_MS, polling: 50 },
    )
    .catch(async () => {
      const got = await page.evaluate(() => JSON.stringify(window.got.slice(-5)));
      throw new Error(`no message with data.${field} = ${JSON.stringify(value)}; last: ${got}`);
    });
  return handle.jsonValue();
}

/** The bridge's `err` frame whose body is `code`. */
async function error(page, code) {
  const handle = await page
    .waitForFunction((code) => window.errors.find((e) => e.body === code), code, {
      timeout: STEP_TIMEOUT_MS,
      polling: 50,
    })
    .catch(async () => {
      const errors = await page.evaluate(() => JSON.stringify(window.errors));
      throw new Error(`no error ${code}; errors: ${errors}`);
    });
  return handle.jsonValue();
}

async function restPost(path, body) {
  const r = await fetch(`${args.api}${path}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${args['api-key']}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await r.text();
  if (r.status !== 200 && r.status !== 202) throw new Error(`POST ${path}: ${r.status} ${text}`);
  return JSON.parse(text);
}

function expect(actual, wanted, what) {
  if (actual !== wanted) {
    throw new Error(`${what}: expected ${JSON.stringify(wanted)}, saw ${JSON.stringify(actual)}`);
  }
}

async function step(name, body) {
  currentStep = name;
  const started = Date.now();
  const result = await body();
  console.log(`ok  ${name} (${Date.now() - started} ms)`);
  return result;
}

function fail(message) {
  console.error(`FAILED: ${message}`);
  process.exit(2);
}
