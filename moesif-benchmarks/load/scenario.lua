-- wrk script for the load harness (moesif-benchmarks/run-load.sh).
--   wrk ... -s scenario.lua URL -- GET /hello
--   wrk ... -s scenario.lua URL -- POST /echo 1024     (a JSON body of exactly 1024 bytes)
--   wrk ... -s scenario.lua URL -- GET /hello 0 2.5    (fixed rate: each connection waits 2.5 ms
--                                                      on average before its next request)
-- and, at the end, one machine-readable line (latencies in microseconds) that LoadHarness parses.

local interval = 0
local owed = 0

function init(args)
  wrk.method = args[1] or "GET"
  wrk.path = args[2] or "/hello"
  local size = tonumber(args[3] or "0")
  if size > 0 then
    -- {"data":"xxx...x"} : 11 bytes of JSON around the padding
    wrk.body = '{"data":"' .. string.rep("x", size - 11) .. '"}'
    wrk.headers["Content-Type"] = "application/json"
  end
  interval = tonumber(args[4] or "0")
  if interval > 0 then
    -- Defined only for fixed-rate runs: wrk schedules a timer per request once delay exists.
    -- wrk waits whole milliseconds; carrying the fraction over keeps the mean interval exact.
    delay = function()
      owed = owed + interval
      local ms = math.floor(owed)
      owed = owed - ms
      return ms
    end
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "WRK_RESULT requests=%d duration_us=%d bytes=%d connect=%d read=%d write=%d status=%d timeout=%d " ..
    "p50=%d p90=%d p99=%d p999=%d max=%d mean=%.1f\n",
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9),
    latency.max, latency.mean))
end
