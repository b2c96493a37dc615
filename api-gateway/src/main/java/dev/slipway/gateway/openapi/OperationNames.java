package dev.slipway.gateway.openapi;

import io.swagger.v3.oas.models.Operation;
import java.util.Locale;
import org.springdoc.core.customizers.GlobalOperationCustomizer;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;

/**
 * Operation ids a generated client can use as method names, stable across builds: the
 * controller's noun and the method, {@code jobSubmit} or {@code workerCordon}, instead of
 * springdoc's {@code list_4}, whose numbers follow the order controllers happen to be scanned in.
 */
@Component
class OperationNames implements GlobalOperationCustomizer {

    private static final String SUFFIX = "Controller";

    @Override
    public Operation customize(Operation operation, HandlerMethod handler) {
        operation.setOperationId(
                idOf(handler.getBeanType().getSimpleName(), handler.getMethod().getName()));
        return operation;
    }

    static String idOf(String controller, String method) {
        String noun = nounOf(controller);
        String lowerNoun = noun.substring(0, 1).toLowerCase(Locale.ROOT) + noun.substring(1);
        if (method.equalsIgnoreCase(noun)) {
            return lowerNoun;
        }
        return lowerNoun + method.substring(0, 1).toUpperCase(Locale.ROOT) + method.substring(1);
    }

    private static String nounOf(String controller) {
        return controller.endsWith(SUFFIX)
                ? controller.substring(0, controller.length() - SUFFIX.length())
                : controller;
    }
}
