-- Drops the dispatch entry create-job.lua wrote, once RabbitMQ confirmed the first message, but only
-- while the job still waits for its first attempt: a first attempt that already ran and failed fast
-- has requeued the job, and the entry is then its retry's, which must stay.
-- KEYS: 1 job hash, 2 dispatch set
-- ARGV: 1 job id
-- Answers 1 when it dropped the entry, 0 when the entry was another attempt's (or gone).
if redis.call('HGET', KEYS[1], 'attempt') ~= '0' then
  return 0
end
return redis.call('ZREM', KEYS[2], ARGV[1])
