-- Writes a worker's registry entry in one step: its status, its heartbeat in the index of workers,
-- and the time after which an entry that is no longer reported is forgotten. The operator's admin
-- field of the same hash is left as it is.
-- KEYS: 1 worker hash, 2 index of workers
-- ARGV: 1 worker id, 2 status JSON, 3 heartbeat epoch ms, 4 forget after (ms)
redis.call('HSET', KEYS[1], 'status', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', tonumber(ARGV[3]) - tonumber(ARGV[4]))
return 1
