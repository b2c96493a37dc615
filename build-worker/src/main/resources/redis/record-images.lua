-- Records the images an image build pushed on its job, if the attempt is still the job's current one:
-- a lost attempt that pushed late does not overwrite what its successor recorded.
-- KEYS: 1 the job's hash
-- ARGV: 1 attempt, 2 JSON list of {tag, digest}
if redis.call('HGET', KEYS[1], 'attempt') ~= ARGV[1] then
  return 0
end
redis.call('HSET', KEYS[1], 'images', ARGV[2])
return 1
