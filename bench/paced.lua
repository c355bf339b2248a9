-- wrk script: bench/webhooks.lua with a pause of $PAUSE_MS before each request, so that CONNECTIONS / (PAUSE_MS +
-- latency) sets the rate (wrk has no rate option): the steady traffic of a soak rather than a burst.
dofile("bench/webhooks.lua")
local pause = tonumber(os.getenv("PAUSE_MS") or "10")

function delay()
  return pause
end
