-- Records a new PENDING environment if the owner's quotas allow it, in one step, so two concurrent
-- creates cannot both take the last free unit. Answers {'created'} or {'over-quota', limit, max, usage}.
-- KEYS: 1 environment hash, 2 index of all, 3 index of PENDING, 4 owner's index, 5 owner's index of
--       PENDING, 6 owner's usage hash, 7 environment event stream, 8 expiry set
-- ARGV: 1 id, 2 record JSON, 3 event JSON, 4 its millicpus, 5 its memory MiB, 6 maxEnvironments,
--       7 maxEnvironmentCpus in millicpus, 8 maxEnvironmentMemoryMb, 9 expiresAt (epoch ms)
local count = tonumber(redis.call('HGET', KEYS[6], 'count') or '0')
if count + 1 > tonumber(ARGV[6]) then
  return {'over-quota', 'maxEnvironments', ARGV[6], tostring(count)}
end
local cpus = tonumber(redis.call('HGET', KEYS[6], 'millicpus') or '0')
if cpus + tonumber(ARGV[4]) > tonumber(ARGV[7]) then
  return {'over-quota', 'maxEnvironmentCpus', ARGV[7], tostring(cpus)}
end
local memory = tonumber(redis.call('HGET', KEYS[6], 'memoryMb') or '0')
if memory + tonumber(ARGV[5]) > tonumber(ARGV[8]) then
  return {'over-quota', 'maxEnvironmentMemoryMb', ARGV[8], tostring(memory)}
end
redis.call('HSET', KEYS[1], 'record', ARGV[2], 'state', 'PENDING', 'version', '1')
redis.call('ZADD', KEYS[2], 0, ARGV[1])
redis.call('ZADD', KEYS[3], 0, ARGV[1])
redis.call('ZADD', KEYS[4], 0, ARGV[1])
redis.call('ZADD', KEYS[5], 0, ARGV[1])
redis.call('HINCRBY', KEYS[6], 'count', 1)
redis.call('HINCRBY', KEYS[6], 'millicpus', ARGV[4])
redis.call('HINCRBY', KEYS[6], 'memoryMb', ARGV[5])
redis.call('XADD', KEYS[7], '*', 'event', ARGV[3])
redis.call('ZADD', KEYS[8], ARGV[9], ARGV[1])
return {'created'}
