package dev.slipway.gateway.openapi;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.PathParameter;
import java.util.Map;
import org.springdoc.core.customizers.GlobalOpenApiCustomizer;
import org.springframework.stereotype.Component;

/**
 * A mapping that ends in {@code /**} (an artifact's path, slashes and all) is not a path template
 * OpenAPI allows: it becomes {@code /{path}}, a parameter whose value may hold slashes.
 */
@Component
class WildcardPaths implements GlobalOpenApiCustomizer {

    static final String WILDCARD = "/**";
    static final String TEMPLATE = "/{path}";

    @Override
    public void customise(OpenAPI api) {
        if (api.getPaths() == null) {
            return;
        }
        Paths renamed = new Paths();
        for (Map.Entry<String, PathItem> entry : api.getPaths().entrySet()) {
            String path = entry.getKey();
            if (!path.endsWith(WILDCARD)) {
                renamed.addPathItem(path, entry.getValue());
                continue;
            }
            PathItem item = entry.getValue();
            item.readOperations().forEach(WildcardPaths::addPathParameter);
            renamed.addPathItem(templateOf(path), item);
        }
        api.setPaths(renamed);
    }

    static String templateOf(String path) {
        return path.endsWith(WILDCARD) ? path.substring(0, path.length() - WILDCARD.length()) + TEMPLATE : path;
    }

    private static void addPathParameter(Operation operation) {
        operation.addParametersItem(new PathParameter()
                .name("path")
                .description("The file's path below the job's artifacts; it may contain slashes.")
                .required(true)
                .schema(new StringSchema()));
    }
}
