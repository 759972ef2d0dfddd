-- wrk script for bench/triage-latency.sh: a steady background of alerts at a fixed rate, beside the measured ones.
--   wrk -t<THREADS> -c64 -d<seconds>s -s bench/lib/background.lua URL -- TOKEN RATE THREADS NEW_SHARE SERVICES PREFIX
-- RATE      alerts a second in all, shared by the THREADS threads (wrk's -t); each keeps its own schedule (alert k of a
--           thread is due at start + k / its rate) and a connection that asks for its next request waits until
--           the next slot is due, so the rate holds whatever the answers' times, as long as the connections
--           keep up (wrk waits for each answer before a connection sends again; a rate the connections cannot
--           reach shows as fewer sent than due)
-- NEW_SHARE each alert is new (instance PREFIX<thread>-<n> on service PREFIXbg-<n % SERVICES>) with this
--           probability; else it re-sends one of the thread's last 2,000 new ones, still firing, as
--           Alertmanager re-sends them
-- done() prints one line "BACKGROUND key=value ..." for the caller; SIGINT ends wrk and prints it.

local now = dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "clock.lua")

local threads = {}
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

function init(args)
  token, new_share, services, prefix = args[1], tonumber(args[4]), tonumber(args[5]), args[6]
  per_thread = tonumber(args[2]) / tonumber(args[3])
  slots, sent, ok, bad, fresh = 0, 0, 0, 0, 0
  firing, instances = {}, 0
  math.randomseed(7 + id)
  headers = { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token }
end

function delay()
  local t = now()
  started = started or t
  local due = started + slots / per_thread
  slots = slots + 1
  sent = sent + 1
  if due <= t then return 0 end
  return (due - t) * 1000
end

function request()
  local body
  if instances == 0 or math.random() < new_share then
    local n = instances
    instances = instances + 1
    body = '{"source":"prometheus","service":"' .. prefix .. 'bg-' .. (n % services) .. '","name":"HighLatency",'
        .. '"severity":"warning","summary":"p99 above 1 s","labels":{"instance":"' .. prefix .. id .. '-' .. n .. '"}}'
    firing[(n % 2000) + 1] = body
    fresh = fresh + 1
  else
    body = firing[math.random(math.min(instances, 2000))]
  end
  return wrk.format("POST", "/api/v1/alerts", headers, body)
end

function response(status, headers, body)
  if status == 202 then ok = ok + 1 else bad = bad + 1 end
end

function done(summary, latency, requests)
  local all = { sent = 0, ok = 0, bad = 0, fresh = 0 }
  for _, thread in ipairs(threads) do
    for key, _ in pairs(all) do all[key] = all[key] + thread:get(key) end
  end
  local e = summary.errors
  io.write(string.format("BACKGROUND seconds=%.1f sent=%d accepted=%d other=%d new=%d p50_ms=%.1f p99_ms=%.1f "
      .. "connect=%d read=%d write=%d timeout=%d\n", summary.duration / 1e6, all.sent, all.ok, all.bad, all.fresh,
      latency:percentile(50) / 1000, latency:percentile(99) / 1000, e.connect, e.read, e.write, e.timeout))
end
