package dev.slipway.gateway.openapi;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.parameters.QueryParameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.Arrays;
import org.springdoc.core.customizers.GlobalOperationCustomizer;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.method.HandlerMethod;

/**
 * The Server-Sent Event streams write to the response themselves, so springdoc sees a method that
 * returns nothing: this says what they answer, and how a client resumes one.
 */
// after the operation has all its parameters, before its errors are listed
@Order(1)
@Component
class EventStreamOperations implements GlobalOperationCustomizer {

    private static final String EVENT_STREAM = org.springframework.http.MediaType.TEXT_EVENT_STREAM_VALUE;

    @Override
    public Operation customize(Operation operation, HandlerMethod handler) {
        if (!producesEvents(handler)) {
            return operation;
        }
        operation.addParametersItem(new HeaderParameter()
                .name("Last-Event-ID")
                .description("Resume after this event id, as an EventSource sends it when it reconnects.")
                .schema(new StringSchema()));
        operation.addParametersItem(new QueryParameter()
                .name("after")
                .description("The same as Last-Event-ID, for clients that cannot set a header;"
                        + " the header wins when both are given.")
                .schema(new StringSchema()));
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        responses.addApiResponse(
                "200",
                new ApiResponse()
                        .description("A Server-Sent Events stream: each event has an id to resume from, a name"
                                + " and a JSON data line (see docs/api.md for the events of each stream).")
                        .content(new Content().addMediaType(EVENT_STREAM, new MediaType().schema(new StringSchema()))));
        operation.setResponses(responses);
        return operation;
    }

    private static boolean producesEvents(HandlerMethod handler) {
        RequestMapping mapping = AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), RequestMapping.class);
        return mapping != null && Arrays.asList(mapping.produces()).contains(EVENT_STREAM);
    }
}
