-- Keeps a recorded upload until ARGV[1] at least (a job was accepted with it), in one step with the
-- check that it is still recorded: a sweeper deletes it only while it is due, so once this answered 1
-- the upload outlives the job's record.
-- KEYS: 1 the upload's hash, 2 the uploads' expiry index
-- ARGV: 1 until (epoch ms), 2 the upload id, 3 how long past its expiry the hash itself lives (ms)
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 0
end
local untilMs = tonumber(ARGV[1])
local current = tonumber(redis.call('HGET', KEYS[1], 'expiresAt') or '0')
if untilMs > current then
  redis.call('HSET', KEYS[1], 'expiresAt', ARGV[1])
  redis.call('ZADD', KEYS[2], untilMs, ARGV[2])
  redis.call('PEXPIREAT', KEYS[1], untilMs + tonumber(ARGV[3]))
end
return 1
