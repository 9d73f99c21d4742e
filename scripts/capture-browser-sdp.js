// Driven by scripts/capture-browser-sdp: two RTCPeerConnections inside one headless Chromium page
// exchange an offer and an answer for each scenario; the complete local descriptions (after ICE
// gathering, so candidates are included) are written to <outdir>/<scenario>-{offer,answer}.sdp exactly
// as the browser produced them.
'use strict';
const fs = require('fs');
const http = require('http');
const path = require('path');
const { chromium } = require('playwright-core');

const outDir = process.argv[2];

async function main() {
  const context = await chromium.launchPersistentContext(process.env.USER_DATA_DIR, {
    executablePath: process.env.CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
      '--allow-loopback-in-peer-connection',
    ],
  });
  // getUserMedia needs a secure context: about:blank is not one, http://127.0.0.1 is.
  const server = http.createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!doctype html><title>sdp capture</title>');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const page = context.pages()[0] || await context.newPage();
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  const version = context.browser() ? context.browser().version() : 'unknown';
  const results = await page.evaluate(async () => {
    async function gathered(pc) {
      if (pc.iceGatheringState === 'complete') return;
      await new Promise((resolve) => {
        const timer = setTimeout(resolve, 5000);
        pc.addEventListener('icegatheringstatechange', () => {
          if (pc.iceGatheringState === 'complete') { clearTimeout(timer); resolve(); }
        });
      });
    }
    async function exchange(setupOfferer, setupAnswerer) {
      const a = new RTCPeerConnection();
      const b = new RTCPeerConnection();
      await setupOfferer(a);
      await a.setLocalDescription(await a.createOffer());
      await gathered(a);
      const offer = a.localDescription.sdp;
      await b.setRemoteDescription({ type: 'offer', sdp: offer });
      if (setupAnswerer) await setupAnswerer(b);
      let answer = null;
      let answerError = null;
      try {
        await b.setLocalDescription(await b.createAnswer());
        await gathered(b);
        answer = b.localDescription.sdp;
      } catch (e) {
        answerError = String(e);
      }
      a.close();
      b.close();
      return { offer, answer, answerError };
    }
    const out = {};
    out['datachannel'] = await exchange(async (pc) => { pc.createDataChannel('chat'); });
    const media = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
    out['audio-video'] = await exchange(async (pc) => {
      for (const t of media.getTracks()) pc.addTrack(t, media);
    }, async (pc) => {
      for (const t of media.getTracks()) pc.addTrack(t, media);
    });
    out['simulcast'] = await exchange(async (pc) => {
      pc.addTransceiver(media.getAudioTracks()[0], { direction: 'sendonly', streams: [media] });
      pc.addTransceiver(media.getVideoTracks()[0], {
        direction: 'sendonly',
        streams: [media],
        sendEncodings: [
          { rid: 'q', scaleResolutionDownBy: 4 },
          { rid: 'h', scaleResolutionDownBy: 2 },
          { rid: 'f' },
        ],
      });
    });
    return out;
  });
  for (const [name, r] of Object.entries(results)) {
    fs.writeFileSync(path.join(outDir, `${name}-offer.sdp`), r.offer);
    if (r.answer) fs.writeFileSync(path.join(outDir, `${name}-answer.sdp`), r.answer);
    console.log(`${name}: offer ${r.offer.length} bytes, answer ${r.answer ? r.answer.length + ' bytes' : 'failed: ' + r.answerError}`);
  }
  console.log(`chromium ${version}`);
  await context.close();
  server.close();
}

main().catch((e) => { console.error(e); process.exit(1); });
