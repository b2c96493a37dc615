-- Replaces an environment's record if, and only if, its version is still the one its change was
-- decided on; moves it between the indexes, keeps the owner's quota usage, the hosting worker's
-- set and the expiry set in line, and appends the state change to its stream. A move that makes it
-- hold resources again (a start) is checked against the quotas in the same step. Answers
-- {'applied'}, {'missing'}, {'conflict'} or {'over-quota', limit, max, usage}.
-- KEYS: 1 environment hash, 2 event stream, 3 index of the old state, 4 index of the new state,
--       5 owner's index of the old state, 6 owner's index of the new state, 7 owner's usage hash,
--       8 old worker's set, 9 new worker's set, 10 expiry set, 11 stats stream
-- ARGV: 1 id, 2 expected version, 3 new record JSON, 4 old state, 5 new state, 6 event JSON ('': none),
--       7 '1' if the old state holds resources, 8 '1' if the new one does, 9 its millicpus,
--       10 its memory MiB, 11 '1' if the new state is terminal, 12 expiresAt (epoch ms),
--       13 maxEnvironmentCpus in millicpus ('': no check), 14 maxEnvironmentMemoryMb,
--       15 retention in ms once terminal (0: keep), 16 old worker ('': none), 17 new worker ('': none)
local version = redis.call('HGET', KEYS[1], 'version')
if not version then
  return {'missing'}
end
if version ~= ARGV[2] then
  return {'conflict'}
end
local millicpus = tonumber(ARGV[9])
local memoryMb = tonumber(ARGV[10])
if ARGV[7] ~= '1' and ARGV[8] == '1' and ARGV[13] ~= '' then
  local cpus = tonumber(redis.call('HGET', KEYS[7], 'millicpus') or '0')
  if cpus + millicpus > tonumber(ARGV[13]) then
    return {'over-quota', 'maxEnvironmentCpus', ARGV[13], tostring(cpus)}
  end
  local memory = tonumber(redis.call('HGET', KEYS[7], 'memoryMb') or '0')
  if memory + memoryMb > tonumber(ARGV[14]) then
    return {'over-quota', 'maxEnvironmentMemoryMb', ARGV[14], tostring(memory)}
  end
end
redis.call('HSET', KEYS[1], 'record', ARGV[3], 'state', ARGV[5], 'version', tostring(tonumber(version) + 1))
if ARGV[4] ~= ARGV[5] then
  redis.call('ZREM', KEYS[3], ARGV[1])
  redis.call('ZADD', KEYS[4], 0, ARGV[1])
  redis.call('ZREM', KEYS[5], ARGV[1])
  redis.call('ZADD', KEYS[6], 0, ARGV[1])
end
if ARGV[7] == '1' and ARGV[8] ~= '1' then
  redis.call('HINCRBY', KEYS[7], 'millicpus', -millicpus)
  redis.call('HINCRBY', KEYS[7], 'memoryMb', -memoryMb)
elseif ARGV[7] ~= '1' and ARGV[8] == '1' then
  redis.call('HINCRBY', KEYS[7], 'millicpus', millicpus)
  redis.call('HINCRBY', KEYS[7], 'memoryMb', memoryMb)
end
if ARGV[16] ~= ARGV[17] and ARGV[16] ~= '' then
  redis.call('SREM', KEYS[8], ARGV[1])
end
if ARGV[11] == '1' then
  redis.call('HINCRBY', KEYS[7], 'count', -1)
  if ARGV[17] ~= '' then
    redis.call('SREM', KEYS[9], ARGV[1])
  end
  redis.call('ZREM', KEYS[10], ARGV[1])
  redis.call('DEL', KEYS[11])
else
  if ARGV[17] ~= '' then
    redis.call('SADD', KEYS[9], ARGV[1])
  end
  redis.call('ZADD', KEYS[10], ARGV[12], ARGV[1])
end
if ARGV[6] ~= '' then
  redis.call('XADD', KEYS[2], '*', 'event', ARGV[6])
end
if ARGV[11] == '1' and tonumber(ARGV[15]) > 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[15])
  redis.call('PEXPIRE', KEYS[2], ARGV[15])
end
return {'applied'}
