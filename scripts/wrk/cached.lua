-- wrk script: recommendations for a fixed set of users, so after the first pass every answer is a cache hit.
-- usage: wrk -t2 -c64 -d30s -s scripts/wrk/cached.lua http://127.0.0.1:8080  (USERS env: how many, default 1000)
local users = tonumber(os.getenv("USERS") or "1000")
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", "/v1/users/a" .. (counter % users) .. "/recommendations?k=10")
end
