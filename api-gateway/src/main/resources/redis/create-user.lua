-- Records a new user if the name is free.
-- KEYS: 1 user hash, 2 index of users
-- ARGV: 1 name, 2.. field/value pairs
if redis.call('EXISTS', KEYS[1]) == 1 then
  return 0
end
redis.call('HSET', KEYS[1], unpack(ARGV, 2))
redis.call('ZADD', KEYS[2], 0, ARGV[1])
return 1
