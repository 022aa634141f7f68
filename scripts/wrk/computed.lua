-- wrk script: recommendations that miss the cache (a fresh scene value per request), so every answer is
-- scored by the model. Users are spread over USERS agents (default 100000).
-- usage: wrk -t2 -c32 -d30s -s scripts/wrk/computed.lua http://127.0.0.1:8080
local users = tonumber(os.getenv("USERS") or "100000")
local counter = 0
local thread_id = 0
setup = function(thread)
  thread:set("tid", thread_id)
  thread_id = thread_id + 1
end
request = function()
  counter = counter + 1
  local u = (counter * 7919 + (tid or 0) * 104729) % users
  return wrk.format("GET", "/v1/users/a" .. u .. "/recommendations?k=10&scene=s" .. (tid or 0) .. "-" .. counter)
end
