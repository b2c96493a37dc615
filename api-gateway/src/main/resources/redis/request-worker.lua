-- Records what an operator asks of a worker, if the worker is in the registry; the worker reads it
-- at its next heartbeat (or at once, on the control signal that follows).
-- KEYS: 1 worker hash
-- ARGV: 1 the admin state (SCHEDULABLE, CORDONED, DRAINING)
if redis.call('HEXISTS', KEYS[1], 'status') == 0 then
  return 0
end
redis.call('HSET', KEYS[1], 'admin', ARGV[1])
return 1
