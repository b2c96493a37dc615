-- Revokes one of a user's tokens: its lookup goes, so no gateway finds it again.
-- KEYS: 1 the user's tokens hash
-- ARGV: 1 token id, 2 the prefix of token lookup keys
local entry = redis.call('HGET', KEYS[1], ARGV[1])
if not entry then
  return 0
end
redis.call('DEL', ARGV[2] .. cjson.decode(entry)['hash'])
redis.call('HDEL', KEYS[1], ARGV[1])
return 1
