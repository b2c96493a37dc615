-- Records a new QUEUED job atomically: its hash, its place in the listings (all jobs, and its
-- owner's), its secrets, its first state event, and a dispatch entry due a little later. The gateway
-- drops that entry once RabbitMQ confirmed the message; if the gateway dies in between, a worker's
-- dispatcher publishes the job when it falls due, so a recorded job never waits for a message that
-- was never sent. Refused, with nothing written, when the owner already has as many active (queued,
-- running or cancelling) jobs as the limit allows: checked here, so two submissions cannot both
-- take the last free place.
-- KEYS: 1 job hash, 2 all-jobs index, 3 QUEUED index, 4 job event stream, 5 global event stream,
--       6 dispatch set, 7 set of pools, 8 the owner's index, 9-11 the owner's QUEUED, RUNNING and
--       CANCELLING indexes, 12 secrets hash, 13 queue deadlines
-- ARGV: 1 job id, 2 spec JSON, 3 created-at epoch ms, 4 event JSON, 5 global stream max length,
--       6 when the dispatch entry falls due, epoch ms, 7 the job's pool, 8 the owner,
--       9 the owner's most active jobs (0: no limit), 10 when the queue timeout runs out, epoch ms
--       ('' for none), 11.. secret name/value pairs
-- Answers {'created', the global stream entry} or {'over-limit', the owner's active jobs}.
if redis.call('EXISTS', KEYS[1]) == 1 then
  return redis.error_reply('job ' .. ARGV[1] .. ' exists already')
end
local limit = tonumber(ARGV[9])
if limit > 0 then
  local active = redis.call('ZCARD', KEYS[9]) + redis.call('ZCARD', KEYS[10]) + redis.call('ZCARD', KEYS[11])
  if active >= limit then
    return {'over-limit', tostring(active)}
  end
end
redis.call('HSET', KEYS[1], 'spec', ARGV[2], 'state', 'QUEUED', 'attempt', '0', 'failures', '0',
  'createdAt', ARGV[3], 'updatedAt', ARGV[3], 'owner', ARGV[8])
redis.call('ZADD', KEYS[2], 0, ARGV[1])
redis.call('ZADD', KEYS[3], 0, ARGV[1])
redis.call('ZADD', KEYS[8], 0, ARGV[1])
redis.call('ZADD', KEYS[9], 0, ARGV[1])
redis.call('ZADD', KEYS[6], ARGV[6], ARGV[1])
redis.call('SADD', KEYS[7], ARGV[7])
if ARGV[10] ~= '' then
  redis.call('ZADD', KEYS[13], ARGV[10], ARGV[1])
end
if #ARGV > 10 then
  redis.call('HSET', KEYS[12], unpack(ARGV, 11))
end
redis.call('XADD', KEYS[4], '*', 'event', ARGV[4])
return {'created', redis.call('XADD', KEYS[5], 'MAXLEN', '~', ARGV[5], '*', 'event', ARGV[4])}
