-- wrk script for scripts/load: signed Twitch deliveries, every INVALID_EVERY-th one with a bad signature.
-- Env: BODY (file), ID, TS, SIG, BAD_SIG, INVALID_EVERY (0 = none).
local function read(path)
  local file = assert(io.open(path, "rb"))
  local data = file:read("*a")
  file:close()
  return data
end

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  local body = read(os.getenv("BODY"))
  local function request_with(signature)
    return wrk.format("POST", "/eventsub", {
      ["Content-Type"] = "application/json",
      ["Twitch-Eventsub-Message-Id"] = os.getenv("ID"),
      ["Twitch-Eventsub-Message-Retry"] = "0",
      ["Twitch-Eventsub-Message-Timestamp"] = os.getenv("TS"),
      ["Twitch-Eventsub-Message-Type"] = "notification",
      ["Twitch-Eventsub-Message-Signature"] = signature,
      ["Twitch-Eventsub-Subscription-Type"] = "channel.follow",
      ["Twitch-Eventsub-Subscription-Version"] = "2",
    }, body)
  end
  valid_request = request_with(os.getenv("SIG"))
  invalid_request = request_with(os.getenv("BAD_SIG"))
  invalid_every = tonumber(os.getenv("INVALID_EVERY") or "0")
  n, sent_valid, sent_invalid, got_2xx, got_403, got_500, got_other = 0, 0, 0, 0, 0, 0, 0
end

function request()
  n = n + 1
  if invalid_every > 0 and n % invalid_every == 0 then
    sent_invalid = sent_invalid + 1
    return invalid_request
  end
  sent_valid = sent_valid + 1
  return valid_request
end

function response(status, headers, body)
  if status >= 200 and status < 300 then got_2xx = got_2xx + 1
  elseif status == 403 then got_403 = got_403 + 1
  elseif status == 500 then got_500 = got_500 + 1
  else got_other = got_other + 1 end
end

function done(summary, latency, requests)
  local total = { sent_valid = 0, sent_invalid = 0, got_2xx = 0, got_403 = 0, got_500 = 0, got_other = 0 }
  for _, thread in ipairs(threads) do
    for key, _ in pairs(total) do total[key] = total[key] + thread:get(key) end
  end
  io.write(string.format(
    '{"completed":%d,"errors":%d,"seconds":%.1f,"rps":%.0f,"p50_ms":%.2f,"p99_ms":%.2f,' ..
    '"sent_valid":%d,"sent_invalid":%d,"2xx":%d,"403":%d,"500":%d,"other":%d}\n',
    summary.requests, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    total.sent_valid, total.sent_invalid, total.got_2xx, total.got_403, total.got_500, total.got_other))
end
