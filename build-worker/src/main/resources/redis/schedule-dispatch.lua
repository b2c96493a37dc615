-- Schedules a queued job for (re)publishing, if it still waits for the attempt the caller saw and
-- has no dispatch scheduled yet: a job claimed or rescheduled in between is left alone.
-- KEYS: 1 job hash, 2 dispatch set
-- ARGV: 1 job id, 2 attempts the job has had, 3 when to publish, epoch ms
local current = redis.call('HMGET', KEYS[1], 'state', 'attempt')
if current[1] ~= 'QUEUED' or current[2] ~= ARGV[2] then
  return 0
end
return redis.call('ZADD', KEYS[2], 'NX', ARGV[3], ARGV[1])
