#!/usr/bin/env python3
"""Runs rtp-forwarder with two UDP ports this script listens on, and checks that what arrives is RTP
(version 2) with the payload types of rtp-forwarder.sdp: 96 (VP8) on the video port, 111 (Opus) on
the audio port."""
import socket
import subprocess
import sys
import threading

def listen():
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("127.0.0.1", 0))
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
    s.settimeout(0.5)
    return s

def count(sock, payload_type, result, done):
    while not done.is_set():
        try:
            packet = sock.recv(65536)
        except socket.timeout:
            continue
        if len(packet) >= 12 and packet[0] >> 6 == 2 and packet[1] & 0x7F == payload_type:
            result.append(len(packet))

video, audio = listen(), listen()
got = {"video": [], "audio": []}
done = threading.Event()
threads = [threading.Thread(target=count, args=(video, 96, got["video"], done)),
           threading.Thread(target=count, args=(audio, 111, got["audio"], done))]
for t in threads:
    t.start()
run = subprocess.run([sys.argv[1], "--video-port", str(video.getsockname()[1]),
                      "--audio-port", str(audio.getsockname()[1])], timeout=15)
done.set()
for t in threads:
    t.join()
print(f"listener: {len(got['video'])} VP8 RTP packets, {len(got['audio'])} Opus RTP packets")
sys.exit(0 if run.returncode == 0 and got["video"] and got["audio"] else 1)
