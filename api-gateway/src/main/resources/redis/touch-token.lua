-- Records a token's last use, unless it expired or was revoked meanwhile (which must not bring its
-- lookup back, without an expiry).
-- KEYS: 1 lookup hash
-- ARGV: 1 epoch ms
if redis.call('EXISTS', KEYS[1]) == 1 then
  redis.call('HSET', KEYS[1], 'lastUsedAt', ARGV[1])
end
return 1
