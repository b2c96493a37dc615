package dev.slipway.gateway.upload;

import com.github.f4b6a3.uuid.UuidCreator;
import dev.slipway.artifacts.ArtifactStore;
import dev.slipway.artifacts.ArtifactStoreException;
import dev.slipway.artifacts.ObjectKey;
import dev.slipway.artifacts.StoredObject;
import dev.slipway.artifacts.TooLargeException;
import dev.slipway.gateway.identity.Caller;
import dev.slipway.gateway.problem.FieldProblem;
import dev.slipway.gateway.problem.InvalidRequestException;
import dev.slipway.gateway.problem.NotFoundException;
import dev.slipway.gateway.problem.Problems;
import dev.slipway.model.JobSource;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/uploads}: a tar archive, plain or gzip-compressed, streamed into the artifact
 * store as it arrives (never held whole) with its size and SHA-256. It is recorded only once it is
 * whole and is a tar; one past the size limit is a 413 and leaves nothing behind.
 */
@Tag(name = "uploads", description = "Source archives for jobs.")
@RestController
@RequestMapping("/api/v1/uploads")
class UploadController {

    private static final Logger log = LoggerFactory.getLogger(UploadController.class);

    private final ArtifactStore store;
    private final UploadRecords records;
    private final UploadProperties properties;
    private final Clock clock;

    UploadController(ArtifactStore store, UploadRecords records, UploadProperties properties, Clock clock) {
        this.store = store;
        this.records = records;
        this.properties = properties;
        this.clock = clock;
    }

    @PostMapping(
            consumes = {
                "application/x-tar",
                "application/tar",
                "application/gzip",
                "application/x-gzip",
                "application/x-compressed-tar",
                "application/octet-stream"
            })
    @RequestBody(
            description = "A tar archive, plain or gzip-compressed, streamed as the body.",
            required = true,
            content = {
                @Content(mediaType = "application/x-tar", schema = @Schema(type = "string", format = "binary")),
                @Content(mediaType = "application/gzip", schema = @Schema(type = "string", format = "binary"))
            })
    @ApiResponse(responseCode = "201", description = "The upload, stored with its size and SHA-256.")
    @ApiResponse(responseCode = "413", description = "The body is larger than slipway.gateway.uploads.max-size.")
    ResponseEntity<UploadView> upload(@AuthenticationPrincipal Caller caller, HttpServletRequest request)
            throws IOException {
        long maxBytes = properties.maxSize().toBytes();
        if (request.getContentLengthLong() > maxBytes) {
            throw new UploadTooLargeException(maxBytes); // refused unread
        }
        String id = "upl_" + UuidCreator.getTimeOrderedEpoch();
        ObjectKey key = ObjectKey.of(JobSource.uploadObjectKey(id));
        StoredObject stored;
        ClientBody body = new ClientBody(request.getInputStream());
        try (body) {
            stored = store.put(key, body, maxBytes);
        } catch (TooLargeException e) {
            throw new UploadTooLargeException(maxBytes);
        } catch (ArtifactStoreException e) {
            if (body.cutOff()) { // the client's, not the store's: nothing was stored
                throw new InvalidRequestException(List.of(new FieldProblem(
                        "(body)", "ended before its end (the client went away or the connection broke)")));
            }
            throw e;
        }
        boolean tar;
        try (InputStream head = store.open(key, 0, 64 * 1024)) {
            tar = TarSignature.isTar(head);
        } catch (IOException e) {
            tar = false; // a gzip stream that is not one
        }
        if (!tar) {
            store.delete(key);
            throw new InvalidRequestException(
                    List.of(new FieldProblem("(body)", "is not a tar archive (plain, or compressed with gzip)")));
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Upload upload =
                new Upload(id, caller.name(), stored.size(), stored.sha256(), now, now.plus(properties.expireAfter()));
        try {
            records.record(upload);
        } catch (RuntimeException e) {
            store.delete(key); // unrecorded, no sweeper would ever find it
            throw e;
        }
        log.info("Upload {} of {}: {} bytes, sha256 {}", id, caller.name(), stored.size(), stored.sha256());
        return ResponseEntity.created(URI.create("/api/v1/uploads/" + id)).body(UploadView.of(upload));
    }

    /** An upload as recorded, to its owner, operators and admins. */
    @GetMapping("/{id}")
    UploadView get(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        return records.find(id)
                .filter(upload -> caller.mayRead(upload.owner()))
                .map(UploadView::of)
                .orElseThrow(
                        () -> new NotFoundException("upload", id, "No upload '" + id + "' (it may have expired)."));
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> tooLarge(UploadTooLargeException e) {
        log.warn("413: {}", e.getMessage());
        return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
                .body(Problems.of(
                        HttpStatus.CONTENT_TOO_LARGE,
                        "upload-too-large",
                        "Upload too large",
                        "(body): the upload is larger than the " + e.maxBytes
                                + " bytes this gateway accepts (slipway.gateway.uploads.max-size)."));
    }
}
