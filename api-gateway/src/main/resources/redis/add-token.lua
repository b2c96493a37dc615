-- Stores an API token: its lookup by the hash of its secret, expiring with it, and its entry in the
-- user's list of tokens.
-- KEYS: 1 lookup hash, 2 the user's tokens hash
-- ARGV: 1 token id, 2 entry JSON, 3 expiry epoch ms, 4.. lookup field/value pairs
redis.call('HSET', KEYS[1], unpack(ARGV, 4))
redis.call('PEXPIREAT', KEYS[1], ARGV[3])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
return 1
