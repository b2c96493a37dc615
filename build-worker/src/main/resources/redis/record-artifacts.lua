-- Lists what an attempt kept, in one step, unless a later attempt holds the job: the listing is
-- replaced whole, with the attempt and the expiry as its first fields, and lapses a day after it.
-- KEYS: 1 the job's hash, 2 the job's artifact listing
-- ARGV: 1 attempt, 2 expiresAt (epoch ms), 3 listing lifetime (ms), then path and JSON pairs
if tonumber(redis.call('HGET', KEYS[1], 'attempt') or '0') ~= tonumber(ARGV[1]) then
  return 0
end
redis.call('DEL', KEYS[2])
redis.call('HSET', KEYS[2], '@attempt', ARGV[1], '@expiresAt', ARGV[2])
for i = 4, #ARGV, 2 do
  redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1])
end
redis.call('PEXPIRE', KEYS[2], ARGV[3])
return 1
