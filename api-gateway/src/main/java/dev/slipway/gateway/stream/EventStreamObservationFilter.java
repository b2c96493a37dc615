package dev.slipway.gateway.stream;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationPredicate;
import jakarta.servlet.http.HttpServletRequest;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * No observations of event-stream requests (the request's {@code http.server.requests} and Spring
 * Security's). Each stays open for as long as its stream, which is hours, with its context, key
 * values and active-task timer sample: five of them made ~5 KB of an idle subscriber. And a
 * stream's duration says nothing about how well the gateway serves it; {@code slipway.sse.streams}
 * ({@link SseStreamMeter}) counts the open streams.
 *
 * <p>The request observation carries its request; the ones made inside it (Spring Security's
 * filter chains) find it in the request context, which is set before they run.
 */
@Component
final class EventStreamObservationFilter implements ObservationPredicate {

    /** The paths of {@link StreamController}. */
    private static final Pattern EVENT_STREAMS =
            Pattern.compile("/api/v1/(events|jobs/[^/]+/(logs|events)|environments/[^/]+/(events|stats))");

    @Override
    public boolean test(String name, Observation.@Nullable Context context) {
        HttpServletRequest request =
                context instanceof ServerRequestObservationContext server ? server.getCarrier() : currentRequest();
        return request == null || !isEventStream(request);
    }

    static boolean isEventStream(HttpServletRequest request) {
        return EVENT_STREAMS.matcher(request.getRequestURI()).matches();
    }

    private static @Nullable HttpServletRequest currentRequest() {
        return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes
                ? attributes.getRequest()
                : null;
    }
}
