-- Records an upload and enters it in the expiry index, in one step: a recorded upload is always
-- one the sweeper will find.
-- KEYS: 1 the upload's hash, 2 the uploads' expiry index
-- ARGV: 1 id, 2 owner, 3 size, 4 sha256, 5 createdAt (epoch ms), 6 expiresAt (epoch ms),
--       7 how long past its expiry the hash itself lives (ms)
redis.call('HSET', KEYS[1], 'owner', ARGV[2], 'size', ARGV[3], 'sha256', ARGV[4],
  'createdAt', ARGV[5], 'expiresAt', ARGV[6])
redis.call('PEXPIREAT', KEYS[1], tonumber(ARGV[6]) + tonumber(ARGV[7]))
redis.call('ZADD', KEYS[2], tonumber(ARGV[6]), ARGV[1])
return 1
