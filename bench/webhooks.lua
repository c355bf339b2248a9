-- wrk script (one thread): sends each pre-signed webhook from $WEBHOOKS in turn, from the first again when all are
-- sent. Only first-time acceptances ({"received":true}) count as accepted; a duplicate or an error does not.
dofile("bench/signed-webhooks.lua")
local requests = {}
local index = 0
local threads = {}
others = 0 -- global: done() runs in another Lua state and reads it from each thread

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  requests = signed_webhooks()
end

function request()
  index = index + 1
  return requests[(index % #requests) + 1]
end

function response(status, headers, body)
  if status ~= 200 or not body:find('"received":true}$') then others = others + 1 end
end

function done(summary, latency, requests)
  local notAccepted = 0
  for _, thread in ipairs(threads) do notAccepted = notAccepted + thread:get("others") end
  io.write(string.format("accepted/s: %.0f\n", (summary.requests - notAccepted) / (summary.duration / 1e6)))
  io.write(string.format("latency p50: %.2f ms, p99: %.2f ms, max: %.2f ms\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
  io.write(string.format("not accepted (duplicate, non-2xx or error): %d\n", notAccepted + summary.errors.connect
    + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
