// See scripts/browser-sdp-check. One RTCPeerConnection in a headless Chromium page; descriptions are
// exchanged through files so the C++ test drives both sides.
'use strict';
const fs = require('fs');
const http = require('http');
const path = require('path');
const { chromium } = require('playwright-core');

const [mode, dir] = process.argv.slice(2);

function waitForFile(file, ms) {
  const deadline = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const tick = () => {
      if (fs.existsSync(file)) return resolve(fs.readFileSync(file, 'utf8'));
      if (Date.now() > deadline) return reject(new Error(`timed out waiting for ${file}`));
      setTimeout(tick, 50);
    };
    tick();
  });
}

async function main() {
  const context = await chromium.launchPersistentContext(process.env.USER_DATA_DIR, {
    executablePath: process.env.CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream', '--allow-loopback-in-peer-connection'],
  });
  // getUserMedia needs a secure context: http://127.0.0.1 is one, about:blank is not.
  const server = http.createServer((req, res) => { res.writeHead(200, { 'content-type': 'text/html' }); res.end('<!doctype html>'); });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  let result;
  try {
    const page = context.pages()[0] || await context.newPage();
    await page.goto(`http://127.0.0.1:${server.address().port}/`);
    if (mode === 'accept-our-answer') {
      const offer = await page.evaluate(async () => {
        const media = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
        window.pc = new RTCPeerConnection();
        for (const t of media.getTracks()) window.pc.addTrack(t, media);
        window.pc.createDataChannel('chat');
        await window.pc.setLocalDescription(await window.pc.createOffer());
        return window.pc.localDescription.sdp;
      });
      fs.writeFileSync(path.join(dir, 'chrome-offer.sdp'), offer);
      const answer = await waitForFile(path.join(dir, 'our-answer.sdp'), 30000);
      result = await page.evaluate(async (sdp) => {
        try {
          await window.pc.setRemoteDescription({ type: 'answer', sdp });
          return { ok: true, signalingState: window.pc.signalingState,
                   transceivers: window.pc.getTransceivers().map((t) => [t.mid, t.currentDirection]) };
        } catch (e) {
          return { ok: false, error: String(e) };
        }
      }, answer);
    } else if (mode === 'answer-our-offer') {
      const offer = fs.readFileSync(path.join(dir, 'our-offer.sdp'), 'utf8');
      result = await page.evaluate(async (sdp) => {
        try {
          const media = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
          const pc = new RTCPeerConnection();
          await pc.setRemoteDescription({ type: 'offer', sdp });
          for (const t of media.getTracks()) pc.addTrack(t, media);
          await pc.setLocalDescription(await pc.createAnswer());
          return { ok: true, answer: pc.localDescription.sdp };
        } catch (e) {
          return { ok: false, error: String(e) };
        }
      }, offer);
      if (result.ok) {
        fs.writeFileSync(path.join(dir, 'chrome-answer.sdp'), result.answer);
        delete result.answer;
      }
    } else {
      result = { ok: false, error: `unknown mode ${mode}` };
    }
  } finally {
    await context.close();
    server.close();
  }
  console.log(JSON.stringify(result));
}

main().catch((e) => { console.log(JSON.stringify({ ok: false, error: String(e) })); process.exit(1); });
