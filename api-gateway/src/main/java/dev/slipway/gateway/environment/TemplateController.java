package dev.slipway.gateway.environment;

import dev.slipway.gateway.identity.Access;
import dev.slipway.gateway.identity.Caller;
import dev.slipway.gateway.problem.ConflictException;
import dev.slipway.gateway.problem.FieldProblem;
import dev.slipway.gateway.problem.InvalidRequestException;
import dev.slipway.gateway.problem.NotFoundException;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Environment templates: operators and admins write them, every role reads them. A change or a
 * delete does not touch environments already made from a template: each keeps its own copy.
 */
@Tag(name = "templates", description = "What environments are made from (operators).")
@RestController
@RequestMapping("/api/v1/templates")
record TemplateController(TemplateStore templates, TemplateFactory factory, Clock clock) {

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @ApiResponse(responseCode = "201", description = "The template, stored.")
    @ApiResponse(responseCode = "409", description = "A template of that name exists.")
    ResponseEntity<StoredTemplate> create(
            @AuthenticationPrincipal Caller caller, @Valid @RequestBody TemplateRequest request) {
        Access.requireOperator(caller, "writing templates");
        String name = request.name();
        if (name == null) {
            throw new InvalidRequestException(List.of(new FieldProblem("name", "is required")));
        }
        Instant now = now();
        StoredTemplate stored = new StoredTemplate(factory.create(name, request), caller.name(), now, now);
        if (!templates.create(stored)) {
            throw new ConflictException(
                    "template-exists", "Template exists", "There is already a template named '" + name + "'.");
        }
        return ResponseEntity.created(URI.create("/api/v1/templates/" + name)).body(stored);
    }

    @GetMapping
    List<StoredTemplate> list() {
        return templates.list();
    }

    @GetMapping("/{name}")
    StoredTemplate get(@PathVariable String name) {
        return existing(name);
    }

    /** Replaces the whole template; a name in the body, if any, must be the path's. */
    @PutMapping(value = "/{name}", consumes = MediaType.APPLICATION_JSON_VALUE)
    StoredTemplate replace(
            @AuthenticationPrincipal Caller caller,
            @PathVariable String name,
            @Valid @RequestBody TemplateRequest request) {
        Access.requireOperator(caller, "writing templates");
        if (request.name() != null && !request.name().equals(name)) {
            throw new InvalidRequestException(List.of(
                    new FieldProblem("name", "must be the template's name in the path ('" + name + "'), or left out")));
        }
        StoredTemplate current = existing(name);
        StoredTemplate replaced =
                new StoredTemplate(factory.create(name, request), caller.name(), current.createdAt(), now());
        if (!templates.replace(replaced)) {
            throw NotFoundException.template(name);
        }
        return replaced;
    }

    @DeleteMapping("/{name}")
    @ApiResponse(responseCode = "204", description = "The template is gone; environments made from it keep running.")
    ResponseEntity<Void> delete(@AuthenticationPrincipal Caller caller, @PathVariable String name) {
        Access.requireOperator(caller, "deleting templates");
        if (!templates.delete(name)) {
            throw NotFoundException.template(name);
        }
        return ResponseEntity.noContent().build();
    }

    private StoredTemplate existing(String name) {
        return templates.find(name).orElseThrow(() -> NotFoundException.template(name));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
