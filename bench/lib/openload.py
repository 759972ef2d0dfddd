#!/usr/bin/env python3
"""Open-model load: sends alerts at a fixed rate over a fixed number of keep-alive connections.

Debian has no wrk2, and wrk waits for each answer before it sends the next request on a connection,
so a slow server slows the load down and its latency looks better than it is (coordinated omission).
Here alert i is due at start + i/rate whatever happened before; a connection that is still waiting
makes the next alerts late, and their latency counts from when they were due, as in wrk2. Sending
stops after --give-up seconds; alerts not sent by then count as unanswered (latency: infinite).

Alert i: instance label PREFIX-i, spread over --services svc-N services (name HighErrorRate), or over
the services of --catalog (lines "service<TAB>Name:severity,Name:severity,..."): service i % n, and
the service's names in turn. Loopback only. Prints a summary; --json writes it for scripts.
"""
import argparse
import itertools
import json
import socket
import sys
import threading
import time
from urllib.parse import urlsplit


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--url", required=True, help="http://127.0.0.1:PORT/api/v1/alerts (suite) or .../api/v2/alerts (am)")
    p.add_argument("--target", choices=["suite", "am"], default="suite")
    p.add_argument("--token", default="")
    p.add_argument("--rate", type=float, required=True, help="alerts per second")
    p.add_argument("--count", type=int, required=True, help="alerts in all")
    p.add_argument("--connections", type=int, default=16)
    p.add_argument("--prefix", default="r")
    p.add_argument("--services", type=int, default=50)
    p.add_argument("--catalog", help="file of service<TAB>Name:severity,... lines")
    p.add_argument("--give-up", type=float, default=60, help="send nothing after this many seconds (default 60)")
    p.add_argument("--timeout", type=float, default=30, help="per request, seconds (default 30)")
    p.add_argument("--fingerprints", help="file for the fingerprints of the 2xx answers")
    p.add_argument("--json", help="file for the summary")
    a = p.parse_args()
    if urlsplit(a.url).hostname not in ("127.0.0.1", "localhost", "::1"):
        p.error("loopback targets only")
    return a


def alert_maker(a):
    if a.catalog:
        entries = []
        with open(a.catalog) as f:
            for line in f:
                if line.strip():
                    service, names = line.rstrip("\n").split("\t")
                    entries.append((service, [n.split(":") for n in names.split(",")]))
    else:
        entries = [("svc-%d" % s, [("HighErrorRate", "critical")]) for s in range(a.services)]

    def make(i):
        service, names = entries[i % len(entries)]
        name, severity = names[(i // len(entries)) % len(names)]
        instance = "%s-%d" % (a.prefix, i)
        if a.target == "suite":
            return ('{"source":"prometheus","service":"%s","name":"%s","severity":"%s",'
                    '"summary":"5xx above 5%%","labels":{"instance":"%s"}}' % (service, name, severity, instance))
        return ('[{"labels":{"alertname":"%s","service":"%s","severity":"%s","instance":"%s"},'
                '"annotations":{"summary":"5xx above 5%%"}}]' % (name, service, severity, instance))
    return make


class Connection:
    """One keep-alive HTTP/1.1 connection; reconnects after an error or a Connection: close."""

    def __init__(self, host, port, timeout):
        self.host, self.port, self.timeout, self.sock = host, port, timeout, None

    def request(self, raw):
        if self.sock is None:
            self.sock = socket.create_connection((self.host, self.port), timeout=self.timeout)
            self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        try:
            self.sock.sendall(raw)
            status, headers, body = self._read()
        except Exception:
            self.close()
            raise
        if headers.get(b"connection", b"").lower() == b"close":
            self.close()
        return status, body

    def close(self):
        if self.sock is not None:
            self.sock.close()
            self.sock = None

    def _recv(self):
        chunk = self.sock.recv(65536)
        if not chunk:
            raise ConnectionError("connection closed by the server")
        return chunk

    def _read(self):
        buf = b""
        while b"\r\n\r\n" not in buf:
            buf += self._recv()
        head, _, rest = buf.partition(b"\r\n\r\n")
        lines = head.split(b"\r\n")
        status = int(lines[0].split()[1])
        headers = {}
        for line in lines[1:]:
            key, _, value = line.partition(b":")
            headers[key.strip().lower()] = value.strip()
        if b"content-length" in headers:
            n = int(headers[b"content-length"])
            while len(rest) < n:
                rest += self._recv()
            return status, headers, rest[:n]
        if headers.get(b"transfer-encoding", b"").lower() == b"chunked":
            body = b""
            while True:
                while b"\r\n" not in rest:
                    rest += self._recv()
                size_line, _, rest = rest.partition(b"\r\n")
                size = int(size_line.split(b";")[0], 16)
                while len(rest) < size + 2:
                    rest += self._recv()
                body, rest = body + rest[:size], rest[size + 2:]
                if size == 0:
                    return status, headers, body
        return status, headers, rest


def percentile(sorted_ms, scheduled, p):
    """p-th percentile over every scheduled alert, unanswered ones counted as infinitely late."""
    if scheduled == 0:
        return None
    rank = max(1, int(round(p / 100.0 * scheduled + 0.4999)))
    return sorted_ms[rank - 1] if rank <= len(sorted_ms) else None


def main():
    a = parse_args()
    url = urlsplit(a.url)
    make = alert_maker(a)
    auth = ("Authorization: Bearer %s\r\n" % a.token) if a.target == "suite" else ""
    head = "POST %s HTTP/1.1\r\nHost: %s\r\n%sContent-Type: application/json\r\nContent-Length: %%d\r\n\r\n" % (
        url.path, url.netloc, auth)
    counter = itertools.count()
    lock = threading.Lock()
    latency, service, fingerprints = [], [], []
    stats = {"sent": 0, "answered": 0, "ok": 0, "errors": 0, "non2xx": {}, "first_send": None, "last_send": None,
             "last_answer": None, "error_sample": None}
    t0 = time.monotonic() + 0.2
    stop_at = t0 + a.give_up

    def worker():
        conn = Connection(url.hostname, url.port or 80, a.timeout)
        while True:
            i = next(counter)
            if i >= a.count:
                break
            due = t0 + i / a.rate
            delay = due - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            if time.monotonic() >= stop_at:
                break
            body = make(i).encode()
            sent_at = time.monotonic()
            with lock:
                stats["sent"] += 1
                stats["last_send"] = time.time()
                if stats["first_send"] is None:
                    stats["first_send"] = stats["last_send"]
            try:
                status, answer = conn.request((head % len(body)).encode() + body)
            except Exception as e:  # a refused, reset or timed-out request: counted, the next one reconnects
                with lock:
                    stats["errors"] += 1
                    stats["error_sample"] = repr(e)
                continue
            done = time.monotonic()
            with lock:
                stats["answered"] += 1
                stats["last_answer"] = time.time()
                latency.append((done - due) * 1000)
                service.append((done - sent_at) * 1000)
                if 200 <= status < 300:
                    stats["ok"] += 1
                    if a.target == "suite":
                        at = answer.find(b'"fingerprint":"')
                        if at >= 0:
                            fingerprints.append(answer[at + 15:answer.index(b'"', at + 15)].decode())
                else:
                    stats["non2xx"][str(status)] = stats["non2xx"].get(str(status), 0) + 1
        conn.close()

    workers = [threading.Thread(target=worker, daemon=True) for _ in range(a.connections)]
    for w in workers:
        w.start()
    next_report = time.monotonic() + 10
    while any(w.is_alive() for w in workers):
        time.sleep(0.2)
        if time.monotonic() >= next_report:
            next_report += 10
            with lock:
                print("[load] %.0f s: %d of %d sent, %d answered (%d 2xx)" % (time.monotonic() - t0, stats["sent"],
                      a.count, stats["answered"], stats["ok"]), file=sys.stderr, flush=True)

    latency.sort()
    service.sort()
    stats.update({
        "scheduled": a.count, "rate": a.rate, "connections": a.connections, "not_sent": a.count - stats["sent"],
        "complete": stats["answered"] == a.count,
        "send_seconds": (stats["last_send"] - stats["first_send"]) if stats["sent"] else 0,
        "answered_per_s": stats["answered"] / (stats["last_answer"] - stats["first_send"])
        if stats["answered"] and stats["last_answer"] > stats["first_send"] else 0,
        "p50_ms": percentile(latency, a.count, 50), "p99_ms": percentile(latency, a.count, 99),
        "max_ms": latency[-1] if latency else None,
        "service_p50_ms": percentile(service, len(service), 50), "service_p99_ms": percentile(service, len(service), 99),
    })
    if a.fingerprints:
        with open(a.fingerprints, "w") as f:
            f.writelines(fp + "\n" for fp in fingerprints)
    if a.json:
        with open(a.json, "w") as f:
            json.dump(stats, f)

    def ms(v):
        return "n/a (fewer than that answered)" if v is None else "%.1f ms" % v
    print("[load] %d alerts due at %.0f/s over %d connections: %d sent in %.1f s, %d answered (%d 2xx, non-2xx %s, "
          "errors %d), %d not sent (gave up after %.0f s); %.1f answers/s" % (a.count, a.rate, a.connections,
          stats["sent"], stats["send_seconds"], stats["answered"], stats["ok"], stats["non2xx"] or "none",
          stats["errors"], stats["not_sent"], a.give_up, stats["answered_per_s"]))
    print("[load] latency from when each alert was due: p50 %s, p99 %s; server time only: p50 %s, p99 %s" % (
        ms(stats["p50_ms"]), ms(stats["p99_ms"]), ms(stats["service_p50_ms"]), ms(stats["service_p99_ms"])))
    if stats["error_sample"]:
        print("[load] an error: %s" % stats["error_sample"])


if __name__ == "__main__":
    main()
