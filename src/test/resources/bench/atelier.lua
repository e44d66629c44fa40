-- wrk script for AppUnderLoadBench.
--
-- Without arguments: wrk's own request (URL and -H headers) on every connection, e.g. one thumbnail.
-- With a users file (`-- users.tsv`): each line is "cookie<TAB>csrf token<TAB>generation id<TAB>image ids" of one
-- signed-in person; every request is made as the next person in turn, each person walking through a browsing cycle
-- of CYCLE requests: the gallery page, a search (HTMX fragment), the thumbnails on the page, a live card poll, and
-- one new generation.
--
-- With a second argument `thumbnails` (`-- users.tsv thumbnails`): every request is one of the person's thumbnails,
-- in turn (NodesBench: image bytes only).
--
-- Both modes count answers by status class and print one line that the benchmark parses:
-- RESULT requests=… duration_us=… p50_us=… p99_us=… max_us=… s2xx=… s3xx=… s4xx=… s5xx=… socket_errors=… timeouts=…

local CYCLE = 20
local requests = nil
local counter = 0
s2xx, s3xx, s4xx, s5xx = 0, 0, 0, 0

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("thread_number", #threads)
end

local function split(line)
  local fields = {}
  for field in (line .. "\t"):gmatch("([^\t]*)\t") do
    fields[#fields + 1] = field
  end
  return fields
end

local function thumbnails(cookie, images)
  local steps = {}
  while #steps < CYCLE do
    steps[#steps + 1] = wrk.format("GET", "/images/" .. images[(#steps % #images) + 1] .. "/thumb", { ["Cookie"] = cookie })
  end
  return steps
end

local function cycle(cookie, csrf, generation, images)
  local page = { ["Cookie"] = cookie, ["Accept"] = "text/html", ["Accept-Encoding"] = "gzip" }
  local htmx = { ["Cookie"] = cookie, ["HX-Request"] = "true", ["Accept-Encoding"] = "gzip" }
  local fragment = { ["Cookie"] = cookie, ["HX-Request"] = "true", ["HX-Target"] = "gallery-results", ["Accept-Encoding"] = "gzip" }
  local post = { ["Cookie"] = cookie, ["HX-Request"] = "true", ["X-CSRF-TOKEN"] = csrf,
                 ["Content-Type"] = "application/x-www-form-urlencoded", ["Accept-Encoding"] = "gzip" }
  local image = { ["Cookie"] = cookie }
  local steps = {}
  steps[#steps + 1] = wrk.format("GET", "/gallery", page)
  steps[#steps + 1] = wrk.format("GET", "/gallery?q=lighthouse", fragment)
  steps[#steps + 1] = wrk.format("GET", "/generations/" .. generation .. "/card", htmx)
  steps[#steps + 1] = wrk.format("POST", "/generations", post,
      "prompt=a+lighthouse+under+load&providerId=bench&model=stable-diffusion&n=1")
  local i = 0
  while #steps < CYCLE do
    steps[#steps + 1] = wrk.format("GET", "/images/" .. images[(i % #images) + 1] .. "/thumb", image)
    i = i + 1
  end
  return steps
end

function init(args)
  if args[1] == nil then
    return
  end
  requests = {}
  for line in io.lines(args[1]) do
    local f = split(line)
    local images = {}
    for id in f[4]:gmatch("%d+") do
      images[#images + 1] = id
    end
    if args[2] == "thumbnails" then
      requests[#requests + 1] = thumbnails(f[1], images)
    else
      requests[#requests + 1] = cycle(f[1], f[2], f[3], images)
    end
  end
  -- the threads start at different places, so they do not send the same request at the same moment
  counter = (thread_number - 1) * 7919
end

function request()
  if requests == nil then
    return wrk.format(nil)
  end
  local people = #requests
  local person = counter % people
  -- each person is at a different step of the cycle, so every kind of request is in the mix at every moment
  local step = (math.floor(counter / people) + person) % CYCLE
  counter = counter + 1
  return requests[person + 1][step + 1]
end

function response(status, headers, body)
  if status >= 500 then
    s5xx = s5xx + 1
  elseif status >= 400 then
    s4xx = s4xx + 1
  elseif status >= 300 then
    s3xx = s3xx + 1
  else
    s2xx = s2xx + 1
  end
end

function done(summary, latency, requests)
  local c2, c3, c4, c5 = 0, 0, 0, 0
  for _, thread in ipairs(threads) do
    c2 = c2 + thread:get("s2xx")
    c3 = c3 + thread:get("s3xx")
    c4 = c4 + thread:get("s4xx")
    c5 = c5 + thread:get("s5xx")
  end
  local e = summary.errors
  io.write(string.format(
      "RESULT requests=%d duration_us=%d p50_us=%d p99_us=%d max_us=%d s2xx=%d s3xx=%d s4xx=%d s5xx=%d socket_errors=%d timeouts=%d\n",
      summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), latency.max,
      c2, c3, c4, c5, e.connect + e.read + e.write, e.timeout))
end
