-- Takes a due dispatch entry for publishing: holds it (pushes its time out) so that other workers'
-- dispatchers leave it alone, and answers the job's state, attempt and spec; an entry that is not
-- due, or whose job is gone, answers nothing (and a gone job's entry is dropped).
-- KEYS: 1 dispatch set, 2 job hash
-- ARGV: 1 job id, 2 now, epoch ms, 3 hold until, epoch ms
local due = redis.call('ZSCORE', KEYS[1], ARGV[1])
if not due or tonumber(due) > tonumber(ARGV[2]) then
  return false
end
local job = redis.call('HMGET', KEYS[2], 'state', 'attempt', 'spec')
if not job[1] then
  redis.call('ZREM', KEYS[1], ARGV[1])
  return false
end
redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1])
return job
