-- Finds the leases that ran out, judged on this server's clock, and only on time in which somebody
-- could see this server. Every sweep records when it ran; a sweep that finds the last record older
-- than the quiet limit knows that nobody could reach Redis in between (it was paused, restarted or
-- cut off from every worker), so no worker could renew either. It then grants every lease a full
-- term from now, instead of declaring all of them lost at once, and judges none this time.
-- KEYS: 1 lease set, 2 when a sweep last saw this server
-- ARGV: 1 quiet limit in ms, 2 a full lease term in ms, 3 how many expired jobs to answer at most
-- Answers {'granted', count} or {'expired', job id...}.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local seen = tonumber(redis.call('GET', KEYS[2]))
redis.call('SET', KEYS[2], now)
if not seen or now - seen > tonumber(ARGV[1]) then
  local term = now + tonumber(ARGV[2])
  local short = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. term)
  for _, job in ipairs(short) do
    redis.call('ZADD', KEYS[1], term, job)
  end
  return {'granted', #short}
end
local expired = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. now, 'LIMIT', 0, tonumber(ARGV[3]))
table.insert(expired, 1, 'expired')
return expired
