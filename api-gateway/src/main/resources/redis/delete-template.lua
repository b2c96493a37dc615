-- Removes a template and its name from the index.
-- KEYS: 1 the template's document, 2 the index of template names
-- ARGV: 1 the name
redis.call('ZREM', KEYS[2], ARGV[1])
return redis.call('DEL', KEYS[1])
