-- The monotonic clock of the wrk scripts here (alerts.lua, background.lua), in seconds: wrk's LuaJIT has no
-- sub-second clock of its own. Loaded with dofile from the script's folder; returns the function.
local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clock, bench_timespec *ts);
]]
local ts = ffi.new("bench_timespec")
return function() -- CLOCK_MONOTONIC
  ffi.C.clock_gettime(1, ts)
  return tonumber(ts.tv_sec) + tonumber(ts.tv_nsec) / 1e9
end
