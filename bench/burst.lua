-- wrk script (one thread) for the burst benchmark: sends each pre-signed webhook from $WEBHOOKS exactly once, then
-- only cheap health checks until bench/burst.sh stops wrk (SIGINT) once the bridge has accepted them all.
dofile("bench/signed-webhooks.lua")
local requests = {}
local index = 0
local threads = {}
failures = 0 -- global: done() runs in another Lua state and reads it from each thread

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  requests = signed_webhooks()
  -- wrk calls request() once on the first thread to check the script, and drops what it gets: give it a health check
  table.insert(requests, 1, wrk.format("GET", "/health"))
end

function request()
  index = index + 1
  if index > #requests then
    return wrk.format("GET", "/health") -- all sent: idle until the last answers arrive
  end
  return requests[index]
end

function response(status, headers, body)
  if status ~= 200 then failures = failures + 1 end
end

function done(summary, latency, requests)
  local failed = 0
  for _, thread in ipairs(threads) do failed = failed + thread:get("failures") end
  io.write(string.format("latency p50: %.2f ms, p99: %.2f ms\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
  io.write(string.format("non-2xx or errors: %d\n", failed + summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout))
end
