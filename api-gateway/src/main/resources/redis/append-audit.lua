-- Appends an audit entry and keeps the trail within its bounds: about max-entries entries, none
-- older than the retention (approximate trimming, which Redis does a whole node at a time).
-- KEYS: 1 audit stream
-- ARGV: 1 entry JSON, 2 most entries, 3 oldest entry id to keep (epoch ms of now - retention)
local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[2], '*', 'entry', ARGV[1])
redis.call('XTRIM', KEYS[1], 'MINID', '~', ARGV[3])
return id
