-- wrk script (one thread): sends each pre-signed webhook from $WEBHOOKS once, in turn; counts failed answers.
dofile("bench/signed-webhooks.lua")
local requests = {}
local index = 0
local failures = 0

function init(args)
  requests = signed_webhooks()
end

function request()
  index = index + 1
  return requests[(index % #requests) + 1]
end

function response(status, headers, body)
  if status ~= 200 or not body:find('"received":true}$') then failures = failures + 1 end
end

function done(summary, latency, requests)
  io.write(string.format("accepted/s: %.0f\n", summary.requests / (summary.duration / 1e6)))
  io.write(string.format("latency p50: %.2f ms, p99: %.2f ms, max: %.2f ms\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
  io.write(string.format("non-2xx or errors: %d\n", summary.errors.status + summary.errors.connect
    + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
