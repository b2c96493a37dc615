-- Records a new QUEUED job atomically: its hash, its place in the listings, its first state event,
-- and a dispatch entry due a little later. The gateway drops that entry once RabbitMQ confirmed the
-- message; if the gateway dies in between, a worker's dispatcher publishes the job when it falls
-- due, so a recorded job never waits for a message that was never sent.
-- KEYS: 1 job hash, 2 all-jobs index, 3 QUEUED index, 4 job event stream, 5 global event stream,
--       6 dispatch set, 7 set of pools
-- ARGV: 1 job id, 2 spec JSON, 3 created-at epoch ms, 4 event JSON, 5 global stream max length,
--       6 when the dispatch entry falls due, epoch ms, 7 the job's pool
if redis.call('EXISTS', KEYS[1]) == 1 then
  return redis.error_reply('job ' .. ARGV[1] .. ' exists already')
end
redis.call('HSET', KEYS[1], 'spec', ARGV[2], 'state', 'QUEUED', 'attempt', '0', 'failures', '0',
  'createdAt', ARGV[3], 'updatedAt', ARGV[3])
redis.call('ZADD', KEYS[2], 0, ARGV[1])
redis.call('ZADD', KEYS[3], 0, ARGV[1])
redis.call('ZADD', KEYS[6], ARGV[6], ARGV[1])
redis.call('SADD', KEYS[7], ARGV[7])
redis.call('XADD', KEYS[4], '*', 'event', ARGV[4])
return redis.call('XADD', KEYS[5], 'MAXLEN', '~', ARGV[5], '*', 'event', ARGV[4])
