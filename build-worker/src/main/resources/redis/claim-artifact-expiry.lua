-- Takes an attempt's artifacts off the expiry index if they are still due: the one sweeper that
-- does deletes them. A record made meanwhile (a later expiry) keeps them.
-- KEYS: 1 the expiry index
-- ARGV: 1 member (job id:attempt), 2 now (epoch ms)
local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
if score and tonumber(score) <= tonumber(ARGV[2]) then
  redis.call('ZREM', KEYS[1], ARGV[1])
  return 1
end
return 0
