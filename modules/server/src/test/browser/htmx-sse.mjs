// An HTMX page on another origin than the edge swaps in HTML fragments from a ?format=html
// stream, in a real headless Chromium: htmx 2 with htmx-ext-sse, both from node_modules, served
// by a tiny static server on its own port. Once the stream is open, the script publishes a
// multi-line fragment over REST and expects it in the DOM exactly. Run by HtmxBrowserTest; exits
// non-zero on any unmet expectation. Arguments (all required):
//   --edge=http://127.0.0.1:<edge port> --api=http://127.0.0.1:<api port> --key=<api key>
//   --room=<room> --token=<token> --chromium=<executable>

import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

const TIMEOUT_MS = 15_000;
const FRAGMENT = '<li class="row">\n  <b>first</b> line é ✓\r\n  second line\n</li>';
const EXPECTED = '<li class="row">\n  <b>first</b> line é ✓\n  second line\n</li>';

const args = Object.fromEntries(
  process.argv.slice(2).map((arg) => {
    const [key, ...value] = arg.replace(/^--/, '').split('=');
    return [key, value.join('=')];
  }),
);
for (const key of ['edge', 'api', 'key', 'room', 'token', 'chromium']) {
  if (!args[key]) fail(`missing argument --${key}`);
}

const stream = `${args.edge}/rooms/${args.room}/events?format=html&token=${args.token}`;
const page = `<!doctype html>
<html>
<head>
  <script src="/htmx.min.js"></script>
  <script src="/sse.js"></script>
</head>
<body>
  <div hx-ext="sse" sse-connect="${stream}">
    <ul id="feed" sse-swap="message" hx-swap="beforeend"></ul>
  </div>
  <script>
    document.body.addEventListener('htmx:sseOpen', () => { window.sseOpen = true; });
  </script>
</body>
</html>`;
const files = {
  '/': ['text/html', page],
  '/htmx.min.js': ['text/javascript', readFileSync('node_modules/htmx.org/dist/htmx.min.js')],
  '/sse.js': ['text/javascript', readFileSync('node_modules/htmx-ext-sse/dist/sse.js')],
};
const site = createServer((req, res) => {
  const file = files[req.url];
  if (!file) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { 'Content-Type': file[0] }).end(file[1]);
});
await new Promise((resolve) => site.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${site.address().port}`;

let browser;
try {
  browser = await chromium.launch({ executablePath: args.chromium, args: ['--no-sandbox'] });
  const tab = await browser.newPage();
  const errors = [];
  tab.on('pageerror', (e) => errors.push(String(e)));
  await tab.goto(`${origin}/`);
  await tab.waitForFunction(() => window.sseOpen === true, null, { timeout: TIMEOUT_MS });

  const published = await fetch(`${args.api}/api/rooms/${args.room}/events`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${args.key}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ type: 'message', html: FRAGMENT }),
  });
  if (published.status !== 202) fail(`publish answered ${published.status}`);

  await tab.waitForSelector('#feed li.row', { timeout: TIMEOUT_MS });
  const html = await tab.$eval('#feed', (ul) => ul.innerHTML);
  if (html !== EXPECTED) fail(`the feed holds ${JSON.stringify(html)}`);
  if (errors.length) fail(`page errors: ${errors.join('; ')}`);
  console.log('OK: htmx swapped the fragment in unchanged');
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
