-- Replaces fields of an existing user.
-- KEYS: 1 user hash
-- ARGV: field/value pairs
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 0
end
redis.call('HSET', KEYS[1], unpack(ARGV))
return 1
