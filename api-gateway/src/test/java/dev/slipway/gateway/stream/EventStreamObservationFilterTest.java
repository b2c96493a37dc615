package dev.slipway.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.observation.Observation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

class EventStreamObservationFilterTest {

    private final EventStreamObservationFilter filter = new EventStreamObservationFilter();

    @AfterEach
    void clearRequestContext() {
        RequestContextHolder.resetRequestAttributes();
    }

    private boolean observed(String path) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
        return filter.test(
                "http.server.requests", new ServerRequestObservationContext(request, new MockHttpServletResponse()));
    }

    @Test
    void everyEventStreamIsLeftUnobservedAndEveryOtherRequestObserved() {
        assertThat(observed("/api/v1/jobs/0197-a/logs")).isFalse();
        assertThat(observed("/api/v1/jobs/0197-a/events")).isFalse();
        assertThat(observed("/api/v1/events")).isFalse();
        assertThat(observed("/api/v1/environments/e1/events")).isFalse();
        assertThat(observed("/api/v1/environments/e1/stats")).isFalse();

        assertThat(observed("/api/v1/jobs/0197-a/log")).as("a log as text").isTrue();
        assertThat(observed("/api/v1/jobs")).isTrue();
        assertThat(observed("/api/v1/jobs/0197-a")).isTrue();
        assertThat(observed("/api/v1/environments/e1")).isTrue();
    }

    @Test
    void observationsMadeWithinAnEventStreamRequestAreLeftOutToo() {
        RequestContextHolder.setRequestAttributes(
                new ServletRequestAttributes(new MockHttpServletRequest("GET", "/api/v1/jobs/0197-a/logs")));
        assertThat(filter.test("spring.security.filterchains", new Observation.Context()))
                .isFalse();

        RequestContextHolder.setRequestAttributes(
                new ServletRequestAttributes(new MockHttpServletRequest("POST", "/api/v1/jobs")));
        assertThat(filter.test("spring.security.filterchains", new Observation.Context()))
                .isTrue();

        RequestContextHolder.resetRequestAttributes();
        assertThat(filter.test("rabbit.template", new Observation.Context())).isTrue();
    }
}
