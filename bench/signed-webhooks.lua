-- Shared by the wrk scripts: the pre-signed webhooks of $WEBHOOKS (signature TAB external id TAB body, as
-- make-webhooks.py writes them) as ready wrk requests.
function signed_webhooks()
  local requests = {}
  for line in io.lines(os.getenv("WEBHOOKS")) do
    local signature, person, body = line:match("([^\t]+)\t([^\t]+)\t(.+)")
    requests[#requests + 1] = wrk.format("POST", "/webhooks/sahha", {
      ["Content-Type"] = "application/json", ["X-Signature"] = signature,
      ["X-External-Id"] = person, ["X-Event-Type"] = "ArchetypeCreatedIntegrationEvent"}, body)
  end
  return requests
end
