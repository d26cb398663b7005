-- wrk script for bench/web_bench.sh: GET PATH?q=… rotating over the
-- queries of a file (one a line), then one RESULT line for the driver.
-- Usage: wrk -s web_bench.lua URL -- QUERIES_FILE [PATH]
--   PATH: /api/search (default) or / (the search page)
local queries = {}
local next_query = 0
local path = "/api/search"

local function urlencode(s)
  return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

function init(args)
  if args[2] then path = args[2] end
  for line in io.lines(args[1]) do
    if line:match("%S") then queries[#queries + 1] = urlencode(line) end
  end
  -- Each wrk thread starts elsewhere in the list.
  next_query = math.random(#queries)
end

function request()
  next_query = next_query % #queries + 1
  return wrk.format("GET", path .. "?q=" .. queries[next_query])
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format("RESULT requests=%d seconds=%.1f rps=%.1f p50_ms=%.2f p99_ms=%.2f errors=%d " ..
    "non2xx=%d timeouts=%d\n", summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    e.connect + e.read + e.write + e.status + e.timeout, e.status, e.timeout))
end
