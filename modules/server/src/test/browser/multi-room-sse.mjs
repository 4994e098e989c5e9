// One page, three rooms, one EventSource: a page on another origin than the edge opens a single
// multiplexed stream (/events?rooms=a,b,c), in a real headless Chromium. The script publishes
// into each room and expects every message on that one stream; then the page closes it, three
// more are published, and a new EventSource given the browser's own lastEventId (the stream's
// cursor) gets exactly those three. Run by MultiRoomBrowserTest; exits non-zero on any unmet
// expectation. Arguments (all required):
//   --edge=http://127.0.0.1:<edge port> --api=http://127.0.0.1:<api port> --key=<api key>
//   --rooms=<r1,r2,r3> --token=<token> --chromium=<executable>

import { createServer } from 'node:http';
import { chromium } from 'playwright-core';

const TIMEOUT_MS = 15_000;

const args = Object.fromEntries(
  process.argv.slice(2).map((arg) => {
    const [key, ...value] = arg.replace(/^--/, '').split('=');
    return [key, value.join('=')];
  }),
);
for (const key of ['edge', 'api', 'key', 'rooms', 'token', 'chromium']) {
  if (!args[key]) fail(`missing argument --${key}`);
}
const rooms = args.rooms.split(',');

const page = `<!doctype html>
<html>
<body>
  <ul id="feed"></ul>
  <script>
    const base = '${args.edge}/events?rooms=${args.rooms}&token=${args.token}';
    window.snapshots = [];
    window.messages = [];
    window.connect = (cursor) => {
      const es = new EventSource(cursor ? base + '&lastEventId=' + encodeURIComponent(cursor) : base);
      es.addEventListener('snapshot', (e) => window.snapshots.push(JSON.parse(e.data).room));
      es.addEventListener('message', (e) => {
        const event = JSON.parse(e.data);
        window.messages.push({ room: event.room, seq: event.seq, text: event.data.text });
        window.cursor = e.lastEventId;
        const li = document.createElement('li');
        li.textContent = event.room + ': ' + event.data.text;
        document.getElementById('feed').append(li);
      });
      window.stream = es;
    };
    window.connect(null);
  </script>
</body>
</html>`;
const site = createServer((req, res) => {
  if (req.url !== '/') {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { 'Content-Type': 'text/html' }).end(page);
});
await new Promise((resolve) => site.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${site.address().port}`;

async function publish(room, text) {
  const r = await fetch(`${args.api}/api/rooms/${room}/events`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${args.key}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ type: 'message', data: { text } }),
  });
  if (r.status !== 202) fail(`publish into ${room} answered ${r.status}`);
}

let browser;
try {
  browser = await chromium.launch({ executablePath: args.chromium, args: ['--no-sandbox'] });
  const tab = await browser.newPage();
  const errors = [];
  const streams = [];
  tab.on('pageerror', (e) => errors.push(String(e)));
  tab.on('request', (r) => {
    if (r.url().startsWith(`${args.edge}/`)) streams.push(r.url());
  });
  await tab.goto(`${origin}/`);
  await tab.waitForFunction((n) => window.snapshots.length === n, rooms.length, {
    timeout: TIMEOUT_MS,
  });
  const snapshots = await tab.evaluate(() => window.snapshots);
  if (JSON.stringify(snapshots) !== JSON.stringify(rooms)) fail(`snapshots ${snapshots}`);

  for (const room of rooms) await publish(room, `live in ${room}`);
  await tab.waitForFunction((n) => window.messages.length === n, rooms.length, {
    timeout: TIMEOUT_MS,
  });
  if (streams.length !== 1) fail(`the page opened ${streams.length} streams: ${streams}`);

  await tab.evaluate(() => window.stream.close());
  for (const room of rooms) await publish(room, `missed in ${room}`);
  await tab.evaluate(() => window.connect(window.cursor));
  await tab.waitForFunction((n) => window.messages.length === n, 2 * rooms.length, {
    timeout: TIMEOUT_MS,
  });
  const messages = await tab.evaluate(() => window.messages);
  const missed = messages.slice(rooms.length).map((m) => m.text).sort();
  const expected = rooms.map((room) => `missed in ${room}`).sort();
  if (JSON.stringify(missed) !== JSON.stringify(expected)) fail(`resumed ${JSON.stringify(messages)}`);
  for (const room of rooms) {
    const seqs = messages.filter((m) => m.room === room).map((m) => m.seq);
    if (seqs.length !== 2 || seqs[1] !== seqs[0] + 1) fail(`${room} got seqs ${seqs}`);
  }
  if (errors.length) fail(`page errors: ${errors.join('; ')}`);
  console.log('OK: one EventSource carried three rooms and resumed them with its cursor');
} catch (e) {
  fail(String(e));
} finally {
  await browser?.close();
  site.close();
}

function fail(message) {
  console.error(`FAILED: ${message}`);
  process.exit(1);
}
