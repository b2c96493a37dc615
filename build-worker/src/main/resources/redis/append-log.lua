-- Appends one entry to a job's log stream, if the attempt that wrote it is still the job's current
-- one: a worker that was paused past its lease must not add to the log of the attempt that replaced it.
-- KEYS: 1 job hash, 2 job log stream
-- ARGV: 1 attempt, 2 the entry (a log chunk, see LogChunkText)
if redis.call('HGET', KEYS[1], 'attempt') ~= ARGV[1] then
  return 0
end
redis.call('XADD', KEYS[2], '*', 'event', ARGV[2])
return 1
