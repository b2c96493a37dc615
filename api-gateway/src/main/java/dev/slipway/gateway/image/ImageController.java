package dev.slipway.gateway.image;

import dev.slipway.gateway.environment.StoredTemplate;
import dev.slipway.gateway.environment.TemplateStore;
import dev.slipway.gateway.fleet.WorkerRegistry;
import dev.slipway.gateway.fleet.WorkerView;
import dev.slipway.gateway.identity.Access;
import dev.slipway.gateway.identity.Caller;
import dev.slipway.gateway.problem.FieldProblem;
import dev.slipway.gateway.problem.NotFoundException;
import dev.slipway.gateway.problem.UnprocessableException;
import dev.slipway.messaging.BrokerUnavailableException;
import dev.slipway.messaging.JobPublisher;
import dev.slipway.model.EnvironmentCommand;
import dev.slipway.model.EnvironmentTopology;
import dev.slipway.model.HostImage;
import dev.slipway.model.ImagePullProgress;
import dev.slipway.model.WorkerId;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * The image catalogue: every image the templates name, with the live workers that have it (as they
 * report it, every 30 s); and pulls onto every live worker of a pool, which operators ask for so
 * that the first environment of a new image does not wait for its download.
 */
@Tag(name = "images", description = "The images the fleet has, and pulls onto it (operators).")
@RestController
@RequestMapping("/api/v1/images")
record ImageController(
        TemplateStore templates,
        WorkerRegistry workers,
        ImageCatalogue catalogue,
        JobPublisher publisher,
        JsonMapper json,
        Clock clock) {

    private static final Logger log = LoggerFactory.getLogger(ImageController.class);

    @GetMapping
    List<CatalogueEntry> list() {
        Map<String, List<String>> templatesByImage = new TreeMap<>();
        for (StoredTemplate stored : templates.list()) {
            templatesByImage
                    .computeIfAbsent(stored.template().image(), image -> new ArrayList<>())
                    .add(stored.template().name());
        }
        Map<WorkerId, Map<String, HostImage>> reports = new LinkedHashMap<>();
        for (WorkerView worker : workers.all(clock.instant())) {
            if (worker.isLive()) {
                reports.put(worker.id(), catalogue.imagesOf(worker.id()));
            }
        }
        List<CatalogueEntry> entries = new ArrayList<>();
        templatesByImage.forEach((image, names) -> {
            List<CatalogueEntry.WorkerImage> having = new ArrayList<>();
            reports.forEach((worker, images) -> {
                HostImage found = images.get(image);
                if (found != null) {
                    having.add(new CatalogueEntry.WorkerImage(worker.value(), found.imageId(), found.sizeBytes()));
                }
            });
            entries.add(new CatalogueEntry(image, List.copyOf(names), having));
        });
        return entries;
    }

    /** Asks every live worker of the pool to pull the image: 202 with the pull, to follow at its Location. */
    @PostMapping(value = "/pull", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ApiResponse(responseCode = "202", description = "The pull, asked of every worker that serves the pools.")
    ResponseEntity<ImagePull> pull(@AuthenticationPrincipal Caller caller, @Valid @RequestBody PullRequest request) {
        Access.requireOperator(caller, "pulling images");
        String image = Objects.requireNonNull(request.image());
        String pool = Objects.requireNonNull(request.pool());
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        List<WorkerId> targets = workers.all(now).stream()
                .filter(worker -> worker.isLive() && worker.pools().contains(pool))
                .map(WorkerView::id)
                .toList();
        if (targets.isEmpty()) {
            throw new UnprocessableException(
                    "no-live-worker",
                    "No live worker in the pool",
                    new FieldProblem("pool", "no live worker serves pool '" + pool + "'"));
        }
        Map<String, ImagePullProgress> parts = new TreeMap<>();
        targets.forEach(worker -> parts.put(worker.value(), queued(now)));
        ImagePull pull = new ImagePull(UUID.randomUUID().toString(), image, pool, caller.name(), now, parts);
        catalogue.recordPull(pull);
        for (WorkerId worker : targets) {
            try {
                publisher.publish(
                        EnvironmentTopology.workerRoute(worker),
                        pull.id(),
                        json.writeValueAsBytes(new EnvironmentCommand.PullImage(pull.id(), image)));
            } catch (BrokerUnavailableException e) {
                log.warn("The pull request to worker {} was not confirmed: {}", worker, e.getMessage());
                catalogue.progress(
                        pull.id(),
                        worker,
                        new ImagePullProgress(
                                ImagePullProgress.State.FAILED,
                                0,
                                0,
                                0,
                                0,
                                "not sent: the broker did not confirm it",
                                now));
            }
        }
        ImagePull recorded = catalogue.findPull(pull.id()).orElse(pull);
        return ResponseEntity.accepted()
                .location(URI.create("/api/v1/images/pulls/" + pull.id()))
                .body(recorded);
    }

    @GetMapping("/pulls/{id}")
    ImagePull pullStatus(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        Access.requireOperator(caller, "following image pulls");
        return catalogue
                .findPull(id)
                .orElseThrow(() -> new NotFoundException(
                        "image-pull", id, "There is no image pull with id '" + id + "' (pulls are kept for a day)."));
    }

    private static ImagePullProgress queued(Instant now) {
        return new ImagePullProgress(ImagePullProgress.State.QUEUED, 0, 0, 0, 0, null, now);
    }
}
