-- Renews a worker's lease on a running attempt, if the attempt is still the job's current one and
-- still this worker's. Answers the job's state (RUNNING, or CANCELLING when a cancel was asked for)
-- or LOST, when the worker must stop and record nothing.
-- KEYS: 1 job hash, 2 lease set
-- ARGV: 1 job id, 2 attempt, 3 worker id, 4 lease duration in ms, counted on this server's clock
local current = redis.call('HMGET', KEYS[1], 'state', 'attempt', 'workerId')
if not current[1] or current[2] ~= ARGV[2] or current[3] ~= ARGV[3] then
  return 'LOST'
end
if current[1] ~= 'RUNNING' and current[1] ~= 'CANCELLING' then
  return 'LOST'
end
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[4]), ARGV[1])
return current[1]
