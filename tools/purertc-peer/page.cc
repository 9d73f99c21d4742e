#include "page.h"

namespace purertc::peer {

// One self-contained page, no external resources. "Connect" offers a data channel "chat" (purertc echoes
// every message) and, when allowed, the camera and microphone (purertc sends them back: the right-hand
// video is what came back through purertc). "Watch" is a WHEP viewer of what the last WHIP publisher
// sends to this server. Complete descriptions only (waits for ICE gathering), like purertc-peer.
const std::string_view kServePage = R"html(<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>purertc-peer</title>
<style>
body { font-family: sans-serif; margin: 2em; max-width: 60em; }
video { width: 320px; height: 240px; background: #222; margin-right: 1em; }
#log { border: 1px solid #ccc; height: 12em; overflow-y: auto; padding: .5em; white-space: pre-wrap; }
</style>
</head>
<body>
<h1>purertc-peer</h1>
<p>
  <button id="connect">Connect (chat + camera reflect)</button>
  <label><input type="checkbox" id="camera" checked> camera and microphone</label>
  <button id="watch">Watch the WHIP stream (WHEP)</button>
</p>
<p><video id="local" autoplay muted playsinline></video><video id="remote" autoplay playsinline></video></p>
<p><input id="text" size="50" placeholder="a message for purertc to echo" disabled>
   <button id="send" disabled>Send</button></p>
<div id="log"></div>
<script>
'use strict';
const $ = (id) => document.getElementById(id);
const log = (line) => { $('log').textContent += line + '\n'; $('log').scrollTop = 1e9; };

// Posts the complete offer (after ICE gathering) to `path` and applies the answer.
async function negotiate(pc, path) {
  await pc.setLocalDescription(await pc.createOffer());
  if (pc.iceGatheringState !== 'complete') {
    await new Promise((done) => pc.addEventListener('icegatheringstatechange',
      () => { if (pc.iceGatheringState === 'complete') done(); }));
  }
  const response = await fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/sdp' },
                                        body: pc.localDescription.sdp });
  if (response.status !== 201) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  await pc.setRemoteDescription({ type: 'answer', sdp: await response.text() });
  return response.headers.get('Location');
}

function watchState(pc, name) {
  pc.onconnectionstatechange = () => log(`${name}: ${pc.connectionState}`);
  pc.ontrack = (e) => {
    log(`${name}: ${e.track.kind} track arrived`);
    if (!$('remote').srcObject) $('remote').srcObject = new MediaStream();
    $('remote').srcObject.addTrack(e.track);
  };
}

$('connect').onclick = async () => {
  $('connect').disabled = true;
  try {
    const pc = new RTCPeerConnection();
    window.pc = pc;
    watchState(pc, 'session');
    const dc = pc.createDataChannel('chat');
    dc.onopen = () => { log('chat open'); $('text').disabled = $('send').disabled = false; };
    dc.onmessage = (e) => log(`echo: ${e.data}`);
    $('send').onclick = () => { dc.send($('text').value); log(`sent: ${$('text').value}`); $('text').value = ''; };
    $('text').onkeydown = (e) => { if (e.key === 'Enter') $('send').onclick(); };
    if ($('camera').checked) {
      const stream = await navigator.mediaDevices.getUserMedia({ video: true, audio: true });
      $('local').srcObject = stream;
      for (const track of stream.getTracks()) pc.addTrack(track, stream);
    }
    log(`session at ${await negotiate(pc, '/offer')}`);
  } catch (e) {
    log(`error: ${e}`);
    $('connect').disabled = false;
  }
};

$('watch').onclick = async () => {
  $('watch').disabled = true;
  try {
    const pc = new RTCPeerConnection();
    watchState(pc, 'whep');
    pc.addTransceiver('video', { direction: 'recvonly' });
    pc.addTransceiver('audio', { direction: 'recvonly' });
    log(`watching at ${await negotiate(pc, '/whep')}`);
  } catch (e) {
    log(`error: ${e}`);
    $('watch').disabled = false;
  }
};
</script>
</body>
</html>
)html";

}  // namespace purertc::peer
