-- Records a new template, if no template of that name exists.
-- KEYS: 1 the template's document, 2 the index of template names
-- ARGV: 1 the name, 2 the document (JSON)
if redis.call('SET', KEYS[1], ARGV[2], 'NX') then
  redis.call('ZADD', KEYS[2], 0, ARGV[1])
  return 1
end
return 0
