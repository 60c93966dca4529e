-- wrk script for scripts/compare: one fixed POST (wrk's fast path: no per-request Lua), and one JSON line
-- at the end. Env: BODY (file), URL_PATH; for Twitch also ID, TS, SIG, SUB_TYPE, SUB_VERSION.
local function read(path)
  local file = assert(io.open(path, "rb"))
  local data = file:read("*a")
  file:close()
  return data
end

wrk.method = "POST"
wrk.path = os.getenv("URL_PATH") or "/eventsub"
wrk.body = read(os.getenv("BODY"))
wrk.headers["Content-Type"] = "application/json"
if os.getenv("SIG") and os.getenv("SIG") ~= "" then
  wrk.headers["Twitch-Eventsub-Message-Id"] = os.getenv("ID")
  wrk.headers["Twitch-Eventsub-Message-Retry"] = "0"
  wrk.headers["Twitch-Eventsub-Message-Timestamp"] = os.getenv("TS")
  wrk.headers["Twitch-Eventsub-Message-Type"] = "notification"
  wrk.headers["Twitch-Eventsub-Message-Signature"] = os.getenv("SIG")
  wrk.headers["Twitch-Eventsub-Subscription-Type"] = os.getenv("SUB_TYPE")
  wrk.headers["Twitch-Eventsub-Subscription-Version"] = os.getenv("SUB_VERSION")
end

function done(summary, latency, requests)
  io.write(string.format(
    '{"completed":%d,"non_2xx":%d,"socket_errors":%d,"seconds":%.3f,"rps":%.1f,"p50_ms":%.3f,"p99_ms":%.3f}\n',
    summary.requests, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
