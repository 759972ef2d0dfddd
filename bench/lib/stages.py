#!/usr/bin/env python3
"""For bench/triage-stages.sh.
  stages.py send URL TOKEN N PREFIX   sends N alerts one every 0.5 s on services PREFIX-0..N-1 (one connection,
                                      HTTP/1.1); prints "service<TAB>sent<TAB>answered<TAB>status" per alert
  stages.py report DIR                joins DIR's sent.tsv with the services' timestamps and prints each stage
"""
import http.client
import json
import math
import sys
import time
from urllib.parse import urlsplit


def send(url, token, n, prefix):
    u = urlsplit(url)
    conn = http.client.HTTPConnection(u.hostname, u.port)
    for i in range(n):
        body = json.dumps({"source": "prometheus", "service": f"{prefix}-{i}", "name": "DatabaseDown",
                           "severity": "critical", "summary": "database down", "labels": {"instance": f"{prefix}-{i}"}})
        t0 = time.time()
        conn.request("POST", "/api/v1/alerts", body,
                     {"Content-Type": "application/json", "Authorization": "Bearer " + token})
        r = conn.getresponse()
        r.read()
        t1 = time.time()
        print(f"{prefix}-{i}\t{t0:.6f}\t{t1:.6f}\t{r.status}", flush=True)
        time.sleep(max(0.0, 0.5 - (t1 - t0)))


def rows(path):
    with open(path) as f:
        return [line.rstrip("\n").split("\t" if "\t" in line else "|") for line in f if line.strip()]


def number(text):
    return float(text) if text else math.nan


def report(data):
    detection = {r[0]: r for r in rows(f"{data}/detection.tsv")}
    processed = {r[0]: float(r[1]) for r in rows(f"{data}/processed.tsv")}
    triaged = {r[0]: r for r in rows(f"{data}/triaged.tsv")}
    stages = {}
    missing = 0
    for service, sent, answered, status in rows(f"{data}/sent.tsv"):
        d = detection.get(service)
        if status != "202" or d is None or d[5] not in processed or d[6] not in triaged:
            missing += 1
            continue
        t0, t1 = float(sent), float(answered)
        detected, created, published = float(d[2]), float(d[3]), number(d[4])
        intake = processed[d[5]]
        t = triaged[d[6]]
        triaged_at, emitted, emitted_published = float(t[1]), number(t[2]), number(t[3])
        for name, value in (("POST -> 202", t1 - t0),
                            ("202 -> incident detected (grouping run)", detected - t1),
                            ("detected -> IncidentOpened written", created - detected),
                            ("IncidentOpened written -> triage applied it", intake - created),
                            ("  of which written -> marked published", published - created),
                            ("triage applied it -> triaged_at", triaged_at - intake),
                            ("triaged_at -> IncidentTriaged written", emitted - triaged_at),
                            ("IncidentTriaged written -> marked published", emitted_published - emitted),
                            ("POST -> IncidentOpened written", created - t0),
                            ("POST -> IncidentTriaged written (emitted)", emitted - t0)):
            stages.setdefault(name, []).append(value * 1000)
    print(f"{len(stages.get('POST -> 202', []))} alerts measured, {missing} without every timestamp; milliseconds")
    print(f"{'stage':45s} {'p50':>8s} {'p90':>8s} {'p99':>8s} {'max':>8s}")
    p99 = {}
    for name, values in stages.items():
        v = sorted(x for x in values if not math.isnan(x))
        if not v:
            continue
        p = lambda q: v[min(len(v) - 1, int(q * len(v)))]
        p99[name] = p(.99)
        print(f"{name:45s} {p(.5):8.1f} {p(.9):8.1f} {p99[name]:8.1f} {v[-1]:8.1f}")
    emitted = p99.get("POST -> IncidentTriaged written (emitted)")
    if emitted is not None:
        print(f"issue 7's target, alert received -> IncidentTriaged p99 under 100 ms: {emitted:.1f} ms, "
              f"{'met' if emitted < 100 else 'NOT MET'}")


if __name__ == "__main__":
    if sys.argv[1] == "send":
        send(sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5])
    else:
        report(sys.argv[2])
