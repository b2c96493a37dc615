-- Moves a job from one state to another if, and only if, it is still in the expected state at the
-- expected attempt: the fence that keeps a stale worker (or a racing gateway) from overwriting a
-- newer attempt. Both gateway and workers run this one script; TransitionScript builds its arguments
-- and reads its answer: {'applied'}, {'missing'}, {'conflict', state, attempt} or {'lease-renewed'}.
-- KEYS: 1 job hash, 2 job event stream, 3 global event stream, 4 index of the old state,
--       5 index of the new state, 6 job log stream, 7 lease set, 8 dispatch set,
--       9 the owner's index of the old state, 10 the owner's index of the new state, 11 secrets hash
-- ARGV: 1 job id, 2 expected state, 3 expected attempt, 4 new state, 5 new attempt, 6 event JSON,
--       7 global stream max length, 8 retention in ms once terminal (0: keep), 9 '1' if the new state
--       is terminal, 10 lease: '+ms' to hold it for that long on this server's clock, '-' to drop
--       it, '' to leave it, 11 dispatch: epoch ms to (re)publish the job at, '-' to drop it, '' to
--       leave it, 12 '1': only if the lease has run out on this server's clock ('' for no such
--       condition),
--       13 the log end marker JSON to append to the log stream ('' for none),
--       14.. field/value pairs to set on the job hash
local current = redis.call('HMGET', KEYS[1], 'state', 'attempt')
if not current[1] then
  return {'missing'}
end
if current[1] ~= ARGV[2] or current[2] ~= ARGV[3] then
  return {'conflict', current[1], tostring(current[2])}
end
-- Leases are held and judged on this server's clock, one clock for every worker and gateway.
local function server_millis()
  local time = redis.call('TIME')
  return tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
end
if ARGV[12] ~= '' then
  local lease = redis.call('ZSCORE', KEYS[7], ARGV[1])
  if lease and tonumber(lease) >= server_millis() then
    return {'lease-renewed'}
  end
end
redis.call('HSET', KEYS[1], 'state', ARGV[4], 'attempt', ARGV[5])
if #ARGV > 13 then
  redis.call('HSET', KEYS[1], unpack(ARGV, 14))
end
if ARGV[2] ~= ARGV[4] then
  redis.call('ZREM', KEYS[4], ARGV[1])
  redis.call('ZADD', KEYS[5], 0, ARGV[1])
  redis.call('ZREM', KEYS[9], ARGV[1])
  redis.call('ZADD', KEYS[10], 0, ARGV[1])
end
if ARGV[10] == '-' then
  redis.call('ZREM', KEYS[7], ARGV[1])
elseif ARGV[10] ~= '' then
  redis.call('ZADD', KEYS[7], server_millis() + tonumber(string.sub(ARGV[10], 2)), ARGV[1])
end
if ARGV[11] == '-' then
  redis.call('ZREM', KEYS[8], ARGV[1])
elseif ARGV[11] ~= '' then
  redis.call('ZADD', KEYS[8], ARGV[11], ARGV[1])
end
if ARGV[13] ~= '' then
  redis.call('XADD', KEYS[6], '*', 'event', ARGV[13])
end
redis.call('XADD', KEYS[2], '*', 'event', ARGV[6])
redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[7], '*', 'event', ARGV[6])
if ARGV[9] == '1' then
  -- a finished job needs its secrets no more
  redis.call('DEL', KEYS[11])
end
if ARGV[9] == '1' and tonumber(ARGV[8]) > 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[8])
  redis.call('PEXPIRE', KEYS[2], ARGV[8])
  redis.call('PEXPIRE', KEYS[6], ARGV[8])
end
return {'applied'}
