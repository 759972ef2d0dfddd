-- wrk script for bench/ingest.sh: one alert per request, to the suite or to Alertmanager.
--   wrk -t2 -c16 -d<WINDOW + drain>s -s bench/lib/alerts.lua URL -- TARGET SHAPE PREFIX SERVICES SET OUT TOKEN WINDOW
-- TARGET   suite (POST /api/v1/alerts, one JSON object) or am (POST /api/v2/alerts, an array of one)
-- SHAPE    unique: every request a new alert (instance PREFIX-<thread>-<n>)
--          dup: the SET alerts PREFIX-0 .. PREFIX-<SET-1>, over and over
-- SERVICES alerts are spread over svc-0 .. svc-<SERVICES-1>
-- OUT      folder for the fingerprints of the suite's 202s (accepted-PREFIX-<thread>.txt) and for the
--          stopped-TARGET-PREFIX-<thread> markers
-- WINDOW   seconds of load. Then no new request is sent: each connection waits for its answer and stays
--          idle, and a thread stops once none of its requests is in flight (it writes its marker; the
--          caller then ends wrk with SIGINT). wrk -d would otherwise cut requests off in the middle, and
--          the throughput counts only answers within the window.
-- done() prints one line "RESULT key=value ..." for the calling script.

local now = dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "clock.lua")

local threads = {}
local next_id = 0
local load_start   -- the same start for every thread (setup runs in the main state, init in each thread's)

function setup(thread)
  load_start = load_start or now()
  thread:set("id", next_id)
  thread:set("started", load_start)
  next_id = next_id + 1
  table.insert(threads, thread)
end

function init(args)
  target, shape, prefix = args[1], args[2], args[3]
  services, set, out, token, window = tonumber(args[4]), tonumber(args[5]), args[6], args[7], tonumber(args[8])
  deadline = started + window
  built, sent, inflight, in_window, drained, ok, bad, fresh, dup = 0, 0, 0, 0, 0, 0, 0, 0, 0
  codes = {}           -- non-2xx status -> count
  headers = { ["Content-Type"] = "application/json" }
  if target == "suite" then
    path = "/api/v1/alerts"
    headers["Authorization"] = "Bearer " .. token
    fingerprints = assert(io.open(out .. "/accepted-" .. prefix .. "-" .. id .. ".txt", "w"))
    fingerprints:setvbuf("line")   -- wrk never closes a thread's state: write each line through
  else
    path = "/api/v2/alerts"
  end
end

-- wrk asks before each request it sends (request() is also called once to check the script, so the
-- requests in flight are counted here)
function delay()
  if now() >= deadline then return 3600 * 1000 end  -- window over: this connection sends nothing more
  sent = sent + 1
  inflight = inflight + 1
  return 0
end

function request()
  local instance, n
  built = built + 1
  if shape == "unique" then
    n = built
    instance = prefix .. "-" .. id .. "-" .. n
  else
    n = (built + id * 7) % set     -- threads start at different alerts of the set
    instance = prefix .. "-" .. n
  end
  local service = "svc-" .. (n % services)
  local body
  if target == "suite" then
    body = '{"source":"prometheus","service":"' .. service .. '","name":"HighErrorRate","severity":"critical",'
        .. '"summary":"5xx above 5%","labels":{"instance":"' .. instance .. '"}}'
  else
    body = '[{"labels":{"alertname":"HighErrorRate","service":"' .. service .. '","severity":"critical",'
        .. '"instance":"' .. instance .. '"},"annotations":{"summary":"5xx above 5%"}}]'
  end
  return wrk.format("POST", path, headers, body)
end

function response(status, headers, body)
  inflight = inflight - 1
  local t = now()
  if t <= deadline then in_window = in_window + 1 else drained = drained + 1 end
  if status >= 200 and status < 300 then
    ok = ok + 1
    if fingerprints then
      local fp = body:match('"fingerprint"%s*:%s*"([^"]+)"')
      if fp then fingerprints:write(fp, "\n") end
      local outcome = body:match('"outcome"%s*:%s*"([^"]+)"')
      if outcome == "new" then fresh = fresh + 1 elseif outcome == "duplicate" then dup = dup + 1 end
    end
  else
    bad = bad + 1
    codes[status] = (codes[status] or 0) + 1
  end
  if t > deadline and inflight == 0 then
    io.open(out .. "/stopped-" .. target .. "-" .. prefix .. "-" .. id, "w"):close()
    wrk.thread:stop()
  end
end

function done(summary, latency, requests)
  local all = { sent = 0, inflight = 0, in_window = 0, drained = 0, ok = 0, bad = 0, fresh = 0, dup = 0 }
  local codes_all = {}
  for _, thread in ipairs(threads) do
    for key, _ in pairs(all) do all[key] = all[key] + thread:get(key) end
    for code, count in pairs(thread:get("codes")) do
      codes_all[code] = (codes_all[code] or 0) + count
    end
  end
  local codes_text = ""
  for code, count in pairs(codes_all) do codes_text = codes_text .. code .. "x" .. count .. "," end
  if codes_text == "" then codes_text = "none" end
  local e = summary.errors
  local window = threads[1]:get("window")
  io.write(string.format("RESULT rps=%.1f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f answered=%d in_window=%d drained=%d "
      .. "sent=%d cut_off=%d ok=%d non2xx=%d codes=%s new=%d duplicate=%d connect=%d read=%d write=%d timeout=%d\n",
      all.in_window / window, latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
      summary.requests, all.in_window, all.drained, all.sent, all.inflight, all.ok, all.bad, codes_text,
      all.fresh, all.dup, e.connect, e.read, e.write, e.timeout))
end
