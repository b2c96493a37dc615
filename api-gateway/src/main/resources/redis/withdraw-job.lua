-- Removes every trace of a job that was recorded but never queued (the broker did not confirm it).
-- KEYS: 1 job hash, 2 all-jobs index, 3 QUEUED index, 4 job event stream, 5 global event stream,
--       6 dispatch set, 7 log stream, 8 the owner's index, 9 the owner's QUEUED index, 10 secrets hash,
--       11 queue deadlines
-- ARGV: 1 job id, 2 the global stream entry create-job.lua returned
-- Answers 1 when it removed the job, 0 when a worker has claimed it (or it was cancelled): the message
-- reached the broker after all although its confirm did not come in time, and the job is kept.
local current = redis.call('HMGET', KEYS[1], 'state', 'attempt')
if current[1] ~= 'QUEUED' or current[2] ~= '0' then
  return 0
end
redis.call('DEL', KEYS[1], KEYS[4], KEYS[7], KEYS[10])
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('ZREM', KEYS[3], ARGV[1])
redis.call('ZREM', KEYS[6], ARGV[1])
redis.call('ZREM', KEYS[8], ARGV[1])
redis.call('ZREM', KEYS[9], ARGV[1])
redis.call('ZREM', KEYS[11], ARGV[1])
redis.call('XDEL', KEYS[5], ARGV[2])
return 1
