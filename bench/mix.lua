-- wrk script for bench/mix.py: a mix of pages, each request with the next
-- member's cookies (or none), then one JSON line like bench/report.lua's.
--
--   MIX_FILE=bench/out/mix-members.txt \
--     wrk -t1 -c16 -d15s -s bench/mix.lua http://127.0.0.1:PORT
--
-- MIX_FILE has one entry a line: "K name" starts a page kind, "P path" is one
-- of its paths (taken in turn: the item kind rotates over many items), and
-- "C cookie" is one member's Cookie header (none: anonymous requests).
-- Request n asks for kind (n + n // #cookies) % #kinds with cookie n % #cookies,
-- so every member requests every kind in turn (without cookies: n % #kinds).

local kinds, cookies = {}, {}
local n = 0

local function load()
  for line in io.lines(os.getenv("MIX_FILE")) do
    local tag, value = line:sub(1, 1), line:sub(3)
    if tag == "K" then
      kinds[#kinds + 1] = { name = value, paths = {}, next = 0 }
    elseif tag == "P" then
      local paths = kinds[#kinds].paths
      paths[#paths + 1] = value
    elseif tag == "C" then
      cookies[#cookies + 1] = value
    end
  end
end

-- Counters are plain globals: wrk's thread:get copies only plain values.
local threads = {}

function setup(thread)
  threads[#threads + 1] = thread
end

function init(args)
  load()
  for i = 1, #kinds do
    _G["sent_" .. i] = 0
  end
  s1, s2, s3, s4, s5 = 0, 0, 0, 0, 0
end

function request()
  local k = n % #kinds + 1
  if #cookies > 0 then
    k = (n + math.floor(n / #cookies)) % #kinds + 1
  end
  local kind = kinds[k]
  local path = kind.paths[kind.next % #kind.paths + 1]
  kind.next = kind.next + 1
  _G["sent_" .. k] = _G["sent_" .. k] + 1
  local headers = {}
  if #cookies > 0 then
    headers["Cookie"] = cookies[n % #cookies + 1]
  end
  n = n + 1
  return wrk.format(nil, path, headers)
end

function response(status, headers, body)
  local class = math.floor(status / 100)
  if class >= 1 and class <= 5 then
    _G["s" .. class] = _G["s" .. class] + 1
  end
end

done = function(summary, latency, requests)
  load()
  local sent, statuses = {}, { 0, 0, 0, 0, 0 }
  for i, kind in ipairs(kinds) do
    local count = 0
    for _, thread in ipairs(threads) do
      count = count + (thread:get("sent_" .. i) or 0)
    end
    sent[i] = string.format('"%s": %d', (kind.name:gsub('"', "'")), count)
  end
  for class = 1, 5 do
    for _, thread in ipairs(threads) do
      statuses[class] = statuses[class] + (thread:get("s" .. class) or 0)
    end
  end
  local e = summary.errors
  local seconds = summary.duration / 1e6
  io.write(string.format(
    'WRK_JSON {"requests": %d, "seconds": %.3f, "rps": %.2f, "bytes": %d, ' ..
    '"mean_us": %.1f, "p50_us": %d, "p90_us": %d, "p95_us": %d, ' ..
    '"p99_us": %d, "max_us": %d, "non_2xx_3xx": %d, "connect_errors": %d, ' ..
    '"read_errors": %d, "write_errors": %d, "timeouts": %d, ' ..
    '"sent_by_kind": {%s}, "responses": {"1xx": %d, "2xx": %d, "3xx": %d, ' ..
    '"4xx": %d, "5xx": %d}}\n',
    summary.requests, seconds, summary.requests / seconds, summary.bytes,
    latency.mean, latency:percentile(50), latency:percentile(90),
    latency:percentile(95), latency:percentile(99), latency.max,
    e.status, e.connect, e.read, e.write, e.timeout,
    table.concat(sent, ", "), statuses[1], statuses[2], statuses[3],
    statuses[4], statuses[5]))
end
