#!/usr/bin/env python3
"""Smoke test of whip-whep: starts `purertc-peer serve` on a free port, runs the example against it and
checks its output, then stops the server. smoke-test.py EXAMPLE PURERTC_PEER"""
import re
import socket
import subprocess
import sys


def free_tcp_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    example, peer = sys.argv[1], sys.argv[2]
    port = free_tcp_port()
    server = subprocess.Popen([peer, "serve", "--port", str(port), "--timeout", "30"],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        line = server.stdout.readline()  # {"event":"listening",...} once it accepts connections
        if '"listening"' not in line:
            print("purertc-peer serve did not start:", line, server.stdout.read() if server.poll() is not None else "")
            return 1
        run = subprocess.run([example, "--server", f"http://127.0.0.1:{port}"], capture_output=True, text=True,
                             timeout=15)
        print(run.stdout + run.stderr)
        if run.returncode != 0:
            print(f"smoke test: exit code {run.returncode}")
            return 1
        if not re.search(r"^WHEP viewer received [1-9][0-9]* of [0-9]+ frames", run.stdout, re.M):
            print("smoke test: the viewer received no frames")
            return 1
        return 0
    finally:
        server.terminate()
        server.wait(timeout=5)


if __name__ == "__main__":
    sys.exit(main())
