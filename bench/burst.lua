-- wrk script (one thread) for the burst benchmark: sends each pre-signed webhook from $WEBHOOKS exactly once, then
-- only cheap health checks until bench/burst.sh stops wrk (SIGINT) once the bridge has accepted them all.
local requests = {}
local index = 0
local failures = 0

function init(args)
  for line in io.lines(os.getenv("WEBHOOKS")) do
    local signature, person, body = line:match("([^\t]+)\t([^\t]+)\t(.+)")
    requests[#requests + 1] = wrk.format("POST", "/webhooks/sahha", {
      ["Content-Type"] = "application/json", ["X-Signature"] = signature,
      ["X-External-Id"] = person, ["X-Event-Type"] = "ArchetypeCreatedIntegrationEvent"}, body)
  end
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
  io.write(string.format("latency p50: %.2f ms, p99: %.2f ms\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
  io.write(string.format("non-2xx or errors: %d\n", failures + summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout))
end
