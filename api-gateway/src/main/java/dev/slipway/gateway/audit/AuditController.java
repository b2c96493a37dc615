package dev.slipway.gateway.audit;

import dev.slipway.gateway.config.GatewayProperties;
import dev.slipway.gateway.problem.FieldProblem;
import dev.slipway.gateway.problem.InvalidRequestException;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The audit trail for admins (the security chain lets no one else in), newest first, by actor and action. */
@Tag(name = "audit", description = "Who did what (admins).")
@RestController
@RequestMapping("/api/v1/audit")
record AuditController(AuditLog trail, GatewayProperties properties) {

    @GetMapping
    AuditLog.AuditPage page(
            @RequestParam(required = false) @Nullable String actor,
            @RequestParam(required = false) @Nullable String action,
            @RequestParam(required = false) @Nullable String cursor,
            @RequestParam(required = false) @Nullable Integer limit) {
        int size = limit == null ? properties.defaultPageSize() : limit;
        if (size < 1 || size > properties.maxPageSize()) {
            throw new InvalidRequestException(
                    List.of(new FieldProblem("limit", "must be between 1 and " + properties.maxPageSize())));
        }
        if (cursor != null && !cursor.matches("\\d{1,20}-\\d{1,20}")) {
            throw new InvalidRequestException(List.of(new FieldProblem("cursor", "is not a cursor this API returned")));
        }
        return trail.page(actor, action, cursor, size);
    }
}
