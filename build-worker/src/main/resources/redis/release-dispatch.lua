-- Drops a dispatch entry once its message is published, unless it was rescheduled meanwhile.
-- KEYS: 1 dispatch set
-- ARGV: 1 job id, 2 the hold time take-dispatch set
if redis.call('ZSCORE', KEYS[1], ARGV[1]) == ARGV[2] then
  redis.call('ZREM', KEYS[1], ARGV[1])
  return 1
end
return 0
