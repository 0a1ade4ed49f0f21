-- wrk script: one JSON line with throughput and latency percentiles (µs).
done = function(summary, latency, requests)
  local e = summary.errors
  local seconds = summary.duration / 1e6
  io.write(string.format(
    'WRK_JSON {"requests": %d, "seconds": %.3f, "rps": %.2f, "bytes": %d, ' ..
    '"mean_us": %.1f, "p50_us": %d, "p90_us": %d, "p95_us": %d, ' ..
    '"p99_us": %d, "max_us": %d, "non_2xx_3xx": %d, "connect_errors": %d, ' ..
    '"read_errors": %d, "write_errors": %d, "timeouts": %d}\n',
    summary.requests, seconds, summary.requests / seconds, summary.bytes,
    latency.mean, latency:percentile(50), latency:percentile(90),
    latency:percentile(95), latency:percentile(99), latency.max,
    e.status, e.connect, e.read, e.write, e.timeout))
end
