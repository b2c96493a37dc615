-- Removes a user and, in the same step, every one of their tokens: none authenticates again.
-- KEYS: 1 user hash, 2 the user's tokens hash, 3 index of users
-- ARGV: 1 name, 2 the prefix of token lookup keys
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 0
end
local tokens = redis.call('HVALS', KEYS[2])
for _, token in ipairs(tokens) do
  redis.call('DEL', ARGV[2] .. cjson.decode(token)['hash'])
end
redis.call('DEL', KEYS[1], KEYS[2])
redis.call('ZREM', KEYS[3], ARGV[1])
return 1
