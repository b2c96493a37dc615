import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises the method traces of flight recordings: per traced method, how often it ran and how
 * long it took (p50, p90, max), in milliseconds. Used to profile a benchmark run, e.g.
 *   SLIPWAY_BENCH_WORKER_OPTS='-XX:StartFlightRecording:filename=target/bench-logs/worker-%p.jfr,method-trace=dev.slipway.worker.docker.DockerContainerRuntime' \
 *     bench/job-bench.sh
 *   java bench/JfrMethods.java target/bench-logs/worker-*.jfr
 * (method-trace is JDK 25's exact per-call timing; see docs/benchmarks.md for the filters used.)
 * Calls that started within the first SKIP_SECONDS of each recording (start-up, warm-up) are left out.
 */
public class JfrMethods {

    private static final long SKIP_SECONDS = Long.getLong("skip", 0);

    public static void main(String[] args) throws Exception {
        for (String file : args) {
            Map<String, List<Double>> durations = new TreeMap<>();
            Instant first = null;
            List<RecordedEvent> traces = new ArrayList<>();
            for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(file))) {
                first = first == null || event.getStartTime().isBefore(first) ? event.getStartTime() : first;
                if (event.getEventType().getName().equals("jdk.MethodTrace")) {
                    traces.add(event);
                }
            }
            for (RecordedEvent event : traces) {
                if (event.getStartTime().isBefore(first.plusSeconds(SKIP_SECONDS))) {
                    continue;
                }
                RecordedMethod method = event.getValue("method");
                String name = method.getType().getName().replaceFirst(".*\\.", "") + "." + method.getName();
                durations.computeIfAbsent(name, k -> new ArrayList<>()).add(event.getDuration().toNanos() / 1e6);
            }
            System.out.println(file);
            System.out.printf("  %-70s %6s %9s %9s %9s%n", "method", "calls", "p50 ms", "p90 ms", "max ms");
            durations.forEach((name, list) -> {
                Collections.sort(list);
                System.out.printf("  %-70s %6d %9.2f %9.2f %9.2f%n", name, list.size(),
                        list.get(list.size() / 2), list.get((int) (list.size() * 0.9)), list.getLast());
            });
        }
    }
}
