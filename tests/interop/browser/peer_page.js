// The page side of chromium_peer.mjs: one RTCPeerConnection driven by commands the Node driver passes in
// with page.evaluate (window.peer.handle), reporting events through the function the driver exposes
// (window.purertcEmit). Everything the test checks is computed here, inside the browser: message sizes and
// SHA-256 digests, track codecs, getStats summaries.
'use strict';

(() => {
  const emit = (event) => window.purertcEmit(JSON.stringify(event));

  // Deterministic test payloads, reproduced byte for byte by the C++ side (tests/interop/chromium_peer.cc,
  // pattern_bytes): xorshift32 seeded with seed, one byte per step from the state's top bits. Text payloads
  // map each byte onto 'a'..'z' so the UTF-8 encoding has the same length.
  function patternBytes(size, seed) {
    const out = new Uint8Array(size);
    let x = (seed >>> 0) || 0x9e3779b9;
    for (let i = 0; i < size; i++) {
      x ^= x << 13; x >>>= 0;
      x ^= x >>> 17;
      x ^= x << 5; x >>>= 0;
      out[i] = x >>> 24;
    }
    return out;
  }
  function patternText(size, seed) {
    const bytes = patternBytes(size, seed);
    let s = '';
    for (let i = 0; i < size; i++) s += String.fromCharCode(97 + (bytes[i] % 26));
    return s;
  }
  const hex = (buf) => Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, '0')).join('');
  const fromHex = (h) => {
    const out = new Uint8Array(h.length / 2);
    for (let i = 0; i < out.length; i++) out[i] = parseInt(h.substr(i * 2, 2), 16);
    return out;
  };
  const sha256 = async (bytes) => hex(await crypto.subtle.digest('SHA-256', bytes));

  // Keeps only UDP host candidates on 127.0.0.1 when loopback_only is set: tests must not send to other
  // addresses of the machine even if Chrome gathered them (see PEERS.md, Browser).
  const isLoopbackUdp = (cand) => {
    const f = cand.replace(/^a=/, '').split(' ');
    return f.length > 5 && f[2].toLowerCase() === 'udp' && f[4] === '127.0.0.1';
  };
  function filterSdp(sdp) {
    if (!state.loopbackOnly) return sdp;
    return sdp.split('\r\n').filter((l) => !l.startsWith('a=candidate:') || isLoopbackUdp(l)).join('\r\n');
  }

  const state = {
    pc: null,
    echo: false,
    reflect: false,
    trickle: false,
    loopbackOnly: true,
    channels: new Map(),  // handle -> {dc, chain, received}
    nextHandle: 1,
    stream: null,
    sinks: [],
    audioContext: null,
    codecs: { video: 'video/VP8', audio: 'audio/opus' },
  };

  function channelInfo(handle, dc) {
    return {
      ch: handle, label: dc.label, stream_id: dc.id, protocol: dc.protocol, ordered: dc.ordered,
      maxRetransmits: dc.maxRetransmits, maxPacketLifeTime: dc.maxPacketLifeTime, negotiated: dc.negotiated,
    };
  }

  function adoptChannel(dc) {
    const handle = state.nextHandle++;
    const entry = { dc, chain: Promise.resolve(), received: 0 };
    state.channels.set(handle, entry);
    dc.binaryType = 'arraybuffer';
    dc.onopen = () => emit({ event: 'open', ...channelInfo(handle, dc) });
    dc.onclose = () => emit({ event: 'close', ch: handle, label: dc.label });
    dc.onerror = (e) => emit({ event: 'channel_error', ch: handle, label: dc.label, message: String(e.error?.message ?? e) });
    dc.onmessage = (e) => {
      // Echo first and synchronously so echoes keep the order of arrival; the report (which awaits the
      // digest) is chained so events also come out in order.
      if (state.echo && dc.readyState === 'open') dc.send(e.data);
      const seq = entry.received++;
      const isText = typeof e.data === 'string';
      const bytes = isText ? new TextEncoder().encode(e.data) : new Uint8Array(e.data);
      entry.chain = entry.chain.then(async () => {
        const ev = { event: 'message', ch: handle, label: dc.label, seq, type: isText ? 'text' : 'binary',
                     size: bytes.length, sha256: await sha256(bytes) };
        if (isText && bytes.length <= 256) ev.text = e.data;
        if (!isText && bytes.length <= 64) ev.hex = hex(bytes);
        emit(ev);
      });
    };
    return handle;
  }

  function channel(handle) {
    const entry = state.channels.get(handle);
    if (!entry) throw new Error(`no channel ${handle}`);
    return entry.dc;
  }

  function gatheringDone(pc, timeoutMs) {
    if (pc.iceGatheringState === 'complete') return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('ICE gathering did not complete')), timeoutMs);
      pc.addEventListener('icegatheringstatechange', () => {
        if (pc.iceGatheringState === 'complete') { clearTimeout(timer); resolve(); }
      });
    });
  }

  async function localDescription(timeoutMs) {
    if (!state.trickle) await gatheringDone(state.pc, timeoutMs);
    const d = state.pc.localDescription;
    return { type: d.type, sdp: filterSdp(d.sdp) };
  }

  function preferCodecs(transceiver, kind) {
    const want = state.codecs[kind];
    if (!want || !RTCRtpReceiver.getCapabilities) return;
    const caps = RTCRtpReceiver.getCapabilities(kind).codecs;
    // Keep the wanted codec plus the repair codecs (rtx, red, ulpfec) that Chrome pairs with it.
    const chosen = caps.filter((c) => c.mimeType.toLowerCase() === want.toLowerCase());
    if (chosen.length === 0) throw new Error(`codec ${want} not supported`);
    const extras = caps.filter((c) => /\/(rtx)$/i.test(c.mimeType));
    transceiver.setCodecPreferences([...chosen, ...extras]);
  }

  // A received video track can be sent as it is. A received audio track cannot: Chrome pulls remote audio
  // only for a playout sink, so sending it back as it is yields no packets. Routing it through an
  // (unheard) audio element and WebAudio gives a local track that carries the received sound.
  function reflectable(track) {
    if (track.kind !== 'audio') return track;
    const stream = new MediaStream([track]);
    const sink = new Audio();
    sink.muted = true;
    sink.srcObject = stream;
    sink.play().catch(() => {});
    state.sinks.push(sink);
    if (!state.audioContext) state.audioContext = new AudioContext();
    const ctx = state.audioContext;
    ctx.resume().catch(() => {});
    const dest = ctx.createMediaStreamDestination();
    ctx.createMediaStreamSource(stream).connect(dest);
    return dest.stream.getAudioTracks()[0];
  }

  function createPc(cmd) {
    if (state.pc) state.pc.close();
    for (const { dc } of state.channels.values()) dc.close();
    state.channels.clear();
    state.echo = !!cmd.echo;
    state.reflect = !!cmd.reflect;
    state.trickle = !!cmd.trickle;
    state.loopbackOnly = cmd.loopback_only !== false;
    if (cmd.codecs) state.codecs = { ...state.codecs, ...cmd.codecs };
    const pc = new RTCPeerConnection({ iceServers: cmd.ice_servers ?? [], bundlePolicy: cmd.bundle_policy ?? 'max-bundle' });
    state.pc = pc;
    pc.onconnectionstatechange = () => emit({ event: 'connection_state', state: pc.connectionState });
    pc.oniceconnectionstatechange = () => emit({ event: 'ice_connection_state', state: pc.iceConnectionState });
    pc.onsignalingstatechange = () => emit({ event: 'signaling_state', state: pc.signalingState });
    pc.onicegatheringstatechange = () => emit({ event: 'gathering', state: pc.iceGatheringState });
    pc.onicecandidate = (e) => {
      if (!state.trickle) return;
      if (!e.candidate) { emit({ event: 'candidate', candidate: '', sdpMid: null, sdpMLineIndex: null }); return; }
      if (state.loopbackOnly && !isLoopbackUdp(e.candidate.candidate)) return;
      emit({ event: 'candidate', candidate: e.candidate.candidate, sdpMid: e.candidate.sdpMid,
             sdpMLineIndex: e.candidate.sdpMLineIndex });
    };
    pc.ondatachannel = (e) => {
      const handle = adoptChannel(e.channel);
      emit({ event: 'datachannel', ...channelInfo(handle, e.channel) });
    };
    pc.ontrack = (e) => {
      const t = e.transceiver;
      emit({ event: 'track', kind: e.track.kind, mid: t.mid, track_id: e.track.id, streams: e.streams.map((s) => s.id) });
      if (state.reflect) {
        // Sends what arrives back on the same transceiver; no renegotiation is needed when the
        // transceiver's direction already includes send (set_offer makes it so on the answering side).
        t.sender.replaceTrack(reflectable(e.track)).catch((err) => emit({ event: 'error', message: `reflect: ${err}` }));
        if (t.direction === 'recvonly') t.direction = 'sendrecv';
      }
    };
    return {};
  }

  function requirePc() {
    if (!state.pc) throw new Error('no peer connection: send create_pc first');
    return state.pc;
  }

  async function addMedia(cmd) {
    const pc = requirePc();
    const constraints = {};
    if (cmd.audio) constraints.audio = true;
    if (cmd.video) constraints.video = { width: cmd.width ?? 320, height: cmd.height ?? 240, frameRate: cmd.fps ?? 15 };
    // Chrome's fake capture devices (--use-fake-device-for-media-stream): a moving test pattern and a beep.
    const stream = await navigator.mediaDevices.getUserMedia(constraints);
    state.stream = stream;
    const added = [];
    for (const track of stream.getTracks()) {
      const init = { direction: cmd.direction ?? 'sendrecv', streams: [stream] };
      // RID simulcast (RFC 8853): [{rid, scaleResolutionDownBy, maxBitrate}, ...] for the video track.
      if (track.kind === 'video' && cmd.send_encodings) init.sendEncodings = cmd.send_encodings;
      const t = pc.addTransceiver(track, init);
      preferCodecs(t, track.kind);
      added.push({ kind: track.kind, track_id: track.id });
    }
    return { tracks: added };
  }

  // Receive-only transceivers for the reflecting side when it offers: the remote sends media into them and
  // ontrack reflects it back.
  function addRecvTransceivers(cmd) {
    const pc = requirePc();
    for (const kind of cmd.kinds ?? ['audio', 'video']) {
      const t = pc.addTransceiver(kind, { direction: state.reflect ? 'sendrecv' : 'recvonly' });
      preferCodecs(t, kind);
    }
    return {};
  }

  async function createOffer(cmd) {
    const pc = requirePc();
    if (cmd.ice_restart) pc.restartIce();
    await pc.setLocalDescription(await pc.createOffer());
    return localDescription(cmd.timeout_ms);
  }

  async function setOffer(cmd) {
    const pc = requirePc();
    await pc.setRemoteDescription({ type: 'offer', sdp: cmd.sdp });
    for (const t of pc.getTransceivers()) {
      if (t.receiver.track && state.reflect && t.direction === 'recvonly') t.direction = 'sendrecv';
      if (t.receiver.track && (t.direction === 'recvonly' || t.direction === 'sendrecv')) {
        try { preferCodecs(t, t.receiver.track.kind); } catch (e) { /* the offer decides; keep Chrome's list */ }
      }
    }
    await pc.setLocalDescription(await pc.createAnswer());
    return localDescription(cmd.timeout_ms);
  }

  async function setAnswer(cmd) {
    await requirePc().setRemoteDescription({ type: 'answer', sdp: cmd.sdp });
    return {};
  }

  async function addCandidate(cmd) {
    const pc = requirePc();
    if (!cmd.candidate) await pc.addIceCandidate(null);
    else await pc.addIceCandidate({ candidate: cmd.candidate, sdpMid: cmd.sdpMid ?? null,
                                    sdpMLineIndex: cmd.sdpMLineIndex ?? null });
    return {};
  }

  function createChannel(cmd) {
    const pc = requirePc();
    const init = {};
    for (const k of ['ordered', 'maxRetransmits', 'maxPacketLifeTime', 'negotiated', 'id', 'protocol']) {
      if (cmd[k] !== undefined && cmd[k] !== null) init[k] = cmd[k];
    }
    const dc = pc.createDataChannel(cmd.label ?? '', init);
    const handle = adoptChannel(dc);
    return channelInfo(handle, dc);
  }

  // One message per call, or `count` generated ones with seeds seed, seed+1, ...
  function send(cmd) {
    const dc = channel(cmd.ch);
    if (dc.readyState !== 'open') throw new Error(`channel ${cmd.ch} is ${dc.readyState}`);
    let sent = 0;
    if (cmd.text !== undefined) { dc.send(cmd.text); sent = 1; }
    else if (cmd.hex !== undefined) { dc.send(fromHex(cmd.hex)); sent = 1; }
    else if (cmd.gen) {
      const { kind = 'binary', size = 0, seed = 1, count = 1 } = cmd.gen;
      for (let i = 0; i < count; i++) {
        dc.send(kind === 'text' ? patternText(size, seed + i) : patternBytes(size, seed + i));
        sent++;
      }
    } else throw new Error('send needs text, hex or gen');
    return { sent, bufferedAmount: dc.bufferedAmount };
  }

  function closeChannel(cmd) {
    channel(cmd.ch).close();
    return {};
  }

  async function stats() {
    const report = await requirePc().getStats();
    const byId = new Map();
    report.forEach((s) => byId.set(s.id, s));
    // outbound_layers: one entry per outbound-rtp stream that has a rid (simulcast), in report order.
    const out = { inbound: {}, outbound: {}, outbound_layers: [], data_channels: [], transport: null, selected_pair: null };
    const codecOf = (s) => (s.codecId && byId.get(s.codecId)?.mimeType) || null;
    const add = (bucket, s, extra) => {
      const b = bucket[s.kind] ?? (bucket[s.kind] = { streams: 0, packets: 0, bytes: 0, codecs: [] });
      b.streams++;
      b.packets += (s.packetsReceived ?? s.packetsSent ?? 0);
      b.bytes += (s.bytesReceived ?? s.bytesSent ?? 0);
      const c = codecOf(s);
      if (c && !b.codecs.includes(c)) b.codecs.push(c);
      for (const [k, v] of Object.entries(extra)) if (v !== undefined) b[k] = (b[k] ?? 0) + v;
    };
    report.forEach((s) => {
      if (s.type === 'inbound-rtp') {
        // pliCount / firCount: keyframe requests this receiver sent.
        add(out.inbound, s, { framesDecoded: s.framesDecoded, keyFramesDecoded: s.keyFramesDecoded,
                              framesReceived: s.framesReceived, packetsLost: s.packetsLost, nackCount: s.nackCount,
                              pliCount: s.pliCount, firCount: s.firCount });
      } else if (s.type === 'outbound-rtp') {
        // pliCount / firCount: keyframe requests this sender received.
        add(out.outbound, s, { framesEncoded: s.framesEncoded, keyFramesEncoded: s.keyFramesEncoded,
                               retransmittedPackets: s.retransmittedPacketsSent, pliCount: s.pliCount,
                               firCount: s.firCount });
        if (s.rid !== undefined) {
          out.outbound_layers.push({ rid: s.rid, ssrc: s.ssrc, packets: s.packetsSent ?? 0, bytes: s.bytesSent ?? 0,
                                     framesEncoded: s.framesEncoded ?? 0, keyFramesEncoded: s.keyFramesEncoded ?? 0,
                                     frameWidth: s.frameWidth ?? 0, frameHeight: s.frameHeight ?? 0,
                                     pliCount: s.pliCount ?? 0, active: s.active,
                                     qualityLimitationReason: s.qualityLimitationReason ?? '' });
        }
      } else if (s.type === 'data-channel') {
        out.data_channels.push({ label: s.label, id: s.dataChannelIdentifier, state: s.state, protocol: s.protocol,
                                 messagesSent: s.messagesSent, messagesReceived: s.messagesReceived,
                                 bytesSent: s.bytesSent, bytesReceived: s.bytesReceived });
      } else if (s.type === 'transport') {
        out.transport = { dtlsState: s.dtlsState, tlsVersion: s.tlsVersion, dtlsCipher: s.dtlsCipher,
                          srtpCipher: s.srtpCipher, dtlsRole: s.dtlsRole, bytesSent: s.bytesSent,
                          bytesReceived: s.bytesReceived, packetsSent: s.packetsSent, packetsReceived: s.packetsReceived };
        const pair = s.selectedCandidatePairId && byId.get(s.selectedCandidatePairId);
        if (pair) {
          const cand = (id) => {
            const c = byId.get(id);
            return c && { address: c.address, port: c.port, protocol: c.protocol, type: c.candidateType };
          };
          out.selected_pair = { local: cand(pair.localCandidateId), remote: cand(pair.remoteCandidateId),
                                state: pair.state, nominated: pair.nominated, requestsSent: pair.requestsSent,
                                responsesReceived: pair.responsesReceived };
        }
      }
    });
    return out;
  }

  function descriptions() {
    const pc = requirePc();
    return { local: pc.localDescription?.sdp ?? null, remote: pc.remoteDescription?.sdp ?? null,
             signaling: pc.signalingState, connection: pc.connectionState };
  }

  function close() {
    if (state.pc) state.pc.close();
    state.pc = null;
    state.channels.clear();
    if (state.stream) for (const t of state.stream.getTracks()) t.stop();
    state.stream = null;
    for (const sink of state.sinks) sink.srcObject = null;
    state.sinks = [];
    return {};
  }

  const handlers = {
    create_pc: createPc, add_media: addMedia, add_recv_transceivers: addRecvTransceivers,
    create_offer: createOffer, set_offer: setOffer, set_answer: setAnswer, add_candidate: addCandidate,
    create_channel: createChannel, send, close_channel: closeChannel, stats, descriptions, close,
  };

  window.peer = {
    async handle(cmd) {
      const h = handlers[cmd.cmd];
      if (!h) throw new Error(`unknown command ${cmd.cmd}`);
      return await h(cmd);
    },
  };
})();
