#!/usr/bin/env node
// A WebRTC peer in headless Chromium, controlled by JSON lines: the tests write one command per line to
// stdin and read one JSON object per line from stdout (responses and events). Diagnostics go to stderr.
//
//   node chromium_peer.mjs [--chromium PATH] [--command-timeout-ms N] [--verbose]
//
// Startup: launches Chromium (flags below), serves a tiny page on 127.0.0.1 (getUserMedia and
// crypto.subtle need a secure context, which about:blank is not), loads peer_page.js into it and prints
//   {"event":"ready","browser":"156.0..."}
// Commands: {"req":N,"cmd":NAME,...}; each gets exactly one {"req":N,"ok":true,...result} or
// {"req":N,"ok":false,"error":"..."} ("req", not "id": create_channel takes the W3C "id" option).
// Commands run one at a time, in order. The commands (peer_page.js):
//   create_pc {echo, reflect, trickle, loopback_only=true, codecs:{video,audio}, ice_servers, bundle_policy}
//   add_media {audio, video, width, height, fps, direction, send_encodings}   fake camera + microphone, VP8/Opus
//                                            preferred; send_encodings: RID simulcast for the video track
//   add_recv_transceivers {kinds}
//   create_offer {ice_restart} -> {type, sdp}         set_offer {sdp} -> {type:"answer", sdp}
//   set_answer {sdp}                                  add_candidate {candidate, sdpMid, sdpMLineIndex}
//   create_channel {label, ordered, maxRetransmits, maxPacketLifeTime, negotiated, id, protocol} -> {ch,...}
//   send {ch, text | hex | gen:{kind:"text"|"binary", size, seed, count}}   close_channel {ch}
//   stats -> {inbound, outbound, data_channels, transport, selected_pair}   descriptions   close
//     inbound/outbound are per kind sums of inbound-rtp/outbound-rtp: streams, packets, bytes, codecs, and
//     framesDecoded keyFramesDecoded framesReceived packetsLost nackCount pliCount firCount (inbound),
//     framesEncoded keyFramesEncoded retransmittedPackets pliCount firCount (outbound) when Chrome has them
//   quit (or closing stdin): closes the browser and exits.
// Without trickle, descriptions are returned complete (after ICE gathering); with trickle they come back at
// once and candidates follow as {"event":"candidate",...} (an empty candidate ends them).
// Events: connection_state, ice_connection_state, signaling_state, gathering, candidate, datachannel, open,
// close, channel_error, message {ch, label, seq, type, size, sha256, text|hex when short}, track, error.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

function parseArgs(argv) {
  const opts = {
    chromium: process.env.PURERTC_CHROMIUM || '/usr/bin/chromium',
    commandTimeoutMs: 20000,
    verbose: !!process.env.PURERTC_BROWSER_VERBOSE,
  };
  for (let i = 2; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--chromium') opts.chromium = argv[++i];
    else if (a === '--command-timeout-ms') opts.commandTimeoutMs = Number(argv[++i]);
    else if (a === '--verbose') opts.verbose = true;
    else { process.stderr.write(`unknown argument ${a}\n`); process.exit(2); }
  }
  return opts;
}

const opts = parseArgs(process.argv);
const log = (msg) => { if (opts.verbose) process.stderr.write(`[chromium_peer] ${msg}\n`); };
// One write per line keeps lines whole even though stdout and stderr may share a file.
const out = (obj) => process.stdout.write(JSON.stringify(obj) + '\n');

// Chromium flags. Playwright's own defaults are not used (ignoreDefaultArgs: true) because Chrome honours
// only the last --disable-features switch and Playwright passes its own list: owning the whole command
// line is the only way to be sure WebRtcHideLocalIpsWithMdns stays disabled. See PEERS.md, Browser.
function chromiumArgs(userDataDir) {
  const disabledFeatures = [
    'WebRtcHideLocalIpsWithMdns',  // real host addresses (127.0.0.1) in candidates instead of *.local names
    'Translate', 'MediaRouter', 'OptimizationHints', 'InterestFeedContentSuggestions', 'CalculateNativeWinOcclusion',
    'AutofillServerCommunication', 'CertificateTransparencyComponentUpdater', 'DialMediaRouteProvider',
  ];
  return [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--mute-audio',
    '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-extensions',
    '--disable-default-apps', '--disable-breakpad', '--disable-dev-shm-usage', '--no-default-browser-check',
    '--disable-field-trial-config', '--metrics-recording-only', '--password-store=basic', '--use-mock-keychain',
    // Timers and rendering of a background headless page must not be throttled: media would stall.
    '--disable-background-timer-throttling', '--disable-renderer-backgrounding',
    '--disable-backgrounding-occluded-windows',
    // Loopback candidates: without this flag Chrome never gathers on lo.
    '--allow-loopback-in-peer-connection',
    // Fake camera/microphone, and a granted permission: with it Chrome gathers on every interface
    // (including lo) and does not hide addresses behind mDNS.
    '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
    // Reflected audio plays through an element and WebAudio, which must start without a user gesture.
    '--autoplay-policy=no-user-gesture-required',
    `--disable-features=${disabledFeatures.join(',')}`,
    `--user-data-dir=${userDataDir}`, '--remote-debugging-pipe', '--no-startup-window',
  ];
}

const PAGE = '<!doctype html><meta charset="utf-8"><title>purertc peer</title><script src="/peer_page.js"></script>';

function startServer() {
  const script = fs.readFileSync(path.join(here, 'peer_page.js'));
  const server = http.createServer((req, res) => {
    if (req.url === '/peer_page.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      res.end(script);
    } else if (req.url === '/') {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(PAGE);
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

let browser = null;
let server = null;
let userDataDir = null;
let shuttingDown = false;

async function shutdown(code) {
  if (shuttingDown) return;
  shuttingDown = true;
  // Chromium must never outlive the driver; the hard exit below covers a browser that hangs on close.
  const hard = setTimeout(() => process.exit(code), 5000);
  hard.unref();
  try { if (browser) await browser.close(); } catch (e) { log(`close: ${e}`); }
  try { if (server) server.close(); } catch (e) { log(`server: ${e}`); }
  try { if (userDataDir) fs.rmSync(userDataDir, { recursive: true, force: true }); } catch (e) { log(`rm: ${e}`); }
  process.exit(code);
}

async function main() {
  let chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch (e) {
    out({ event: 'fatal', error: `playwright-core is not installed (npm ci in ${here}): ${e.message}` });
    process.exit(3);
  }
  userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'purertc-chromium-'));
  server = await startServer();
  const url = `http://127.0.0.1:${server.address().port}/`;
  browser = await withTimeout(chromium.launch({
    executablePath: opts.chromium, headless: true, ignoreDefaultArgs: true, args: chromiumArgs(userDataDir),
    timeout: 30000,
  }), 35000, 'launching Chromium');
  browser.on('disconnected', () => {
    if (!shuttingDown) { out({ event: 'fatal', error: 'Chromium disconnected' }); shutdown(4); }
  });
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('pageerror', (e) => out({ event: 'error', message: `page: ${e.message}` }));
  page.on('console', (m) => log(`console.${m.type()}: ${m.text()}`));
  page.on('crash', () => { out({ event: 'fatal', error: 'page crashed' }); shutdown(4); });
  // Events are emitted in the page's order; Playwright delivers exposed-function calls in order.
  await page.exposeFunction('purertcEmit', (json) => process.stdout.write(json + '\n'));
  await page.goto(url);
  await page.waitForFunction(() => window.peer !== undefined, null, { timeout: 10000 });
  out({ event: 'ready', browser: browser.version() });

  let queue = Promise.resolve();
  const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  rl.on('line', (line) => {
    if (!line.trim()) return;
    let cmd;
    try {
      cmd = JSON.parse(line);
    } catch (e) {
      out({ event: 'error', message: `bad command line: ${e.message}` });
      return;
    }
    queue = queue.then(() => run(page, cmd));
  });
  rl.on('close', () => { queue.then(() => shutdown(0)); });
}

async function run(page, cmd) {
  const req = cmd.req ?? null;
  if (cmd.cmd === 'quit') { out({ req, ok: true }); await shutdown(0); return; }
  const timeoutMs = cmd.timeout_ms ?? opts.commandTimeoutMs;
  cmd.timeout_ms = timeoutMs;
  log(`-> ${cmd.cmd}`);
  try {
    const result = await withTimeout(page.evaluate((c) => window.peer.handle(c), cmd), timeoutMs + 1000, cmd.cmd);
    out({ ...result, req, ok: true });
  } catch (e) {
    out({ req, ok: false, error: String(e.message ?? e).split('\n')[0] });
  }
}

process.on('SIGTERM', () => shutdown(143));
process.on('SIGINT', () => shutdown(130));
main().catch((e) => {
  out({ event: 'fatal', error: String(e.message ?? e) });
  shutdown(1);
});
