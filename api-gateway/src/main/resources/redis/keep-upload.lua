-- Keeps a recorded upload until ARGV[1] at least (a job was accepted with it), in one step with the
-- check that it is still due to nobody: its entry in the expiry index is what a sweeper takes before
-- it deletes the bytes, so an upload that is off the index, or past its expiry, is refused here.
-- KEYS: 1 the upload's hash, 2 the uploads' expiry index
-- ARGV: 1 until (epoch ms), 2 the upload id, 3 how long past its expiry the hash itself lives (ms),
--       4 now (epoch ms)
local score = redis.call('ZSCORE', KEYS[2], ARGV[2])
if redis.call('EXISTS', KEYS[1]) == 0 or not score or tonumber(score) <= tonumber(ARGV[4]) then
  return 0
end
local untilMs = tonumber(ARGV[1])
if untilMs > tonumber(score) then
  redis.call('HSET', KEYS[1], 'expiresAt', ARGV[1])
  redis.call('ZADD', KEYS[2], untilMs, ARGV[2])
  redis.call('PEXPIREAT', KEYS[1], untilMs + tonumber(ARGV[3]))
end
return 1
