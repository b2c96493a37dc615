package dev.slipway.gateway.artifact;

import dev.slipway.artifacts.ArtifactStore;
import dev.slipway.artifacts.NoSuchObjectException;
import dev.slipway.artifacts.ObjectKey;
import dev.slipway.gateway.identity.Caller;
import dev.slipway.gateway.job.JobStore;
import dev.slipway.gateway.problem.NotFoundException;
import dev.slipway.gateway.problem.Problems;
import dev.slipway.model.ArtifactFile;
import dev.slipway.model.JobId;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.InputStreamResource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRange;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import org.springframework.web.util.UriUtils;

/**
 * A job's artifacts, to those who may read the job (its owner, operators, admins; anyone else gets
 * the job's 404): the listing, one file, or all of them as a zip streamed as it is made. A file's
 * {@code ETag} is its SHA-256; one byte range is served as RFC 9110 says (several, or a header of
 * another unit, get the whole file; a range past its end a 416 naming its size), and an
 * {@code If-Range} that no longer matches gets the whole file, so a resumed download never joins
 * two different ones.
 */
@Tag(name = "artifacts", description = "What a job kept: list, download, zip.")
@RestController
@RequestMapping("/api/v1/jobs/{id}")
record ArtifactController(JobStore jobs, ArtifactListing listing, ArtifactStore store) {

    private static final String FILE_PREFIX = "/artifacts/";

    @GetMapping("/artifacts")
    List<ArtifactFile> list(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        return listing.of(visible(caller, id));
    }

    @GetMapping("/artifacts/**")
    @ApiResponse(
            responseCode = "200",
            description = "The file; Range asks for part of it.",
            content =
                    @Content(
                            mediaType = "application/octet-stream",
                            schema = @Schema(type = "string", format = "binary")))
    @ApiResponse(
            responseCode = "206",
            description = "The range asked for.",
            content =
                    @Content(
                            mediaType = "application/octet-stream",
                            schema = @Schema(type = "string", format = "binary")))
    @ApiResponse(responseCode = "416", description = "The range lies outside the file.")
    ResponseEntity<?> file(
            @AuthenticationPrincipal Caller caller,
            @PathVariable String id,
            @RequestHeader(value = HttpHeaders.RANGE, required = false) @Nullable String range,
            @RequestHeader(value = HttpHeaders.IF_RANGE, required = false) @Nullable String ifRange,
            HttpServletRequest request) {
        JobId job = visible(caller, id);
        String uri = request.getRequestURI();
        String path =
                UriUtils.decode(uri.substring(uri.indexOf(FILE_PREFIX) + FILE_PREFIX.length()), StandardCharsets.UTF_8);
        ArtifactListing.Listed listed = listing.find(job, path)
                .orElseThrow(
                        () -> new NotFoundException("artifact", path, "Job " + id + " kept no file '" + path + "'."));
        ArtifactFile file = listed.file();
        String etag = "\"" + file.sha256() + "\"";
        HttpHeaders headers = new HttpHeaders();
        headers.setETag(etag);
        headers.set(HttpHeaders.ACCEPT_RANGES, "bytes");
        headers.setContentDisposition(ContentDisposition.attachment()
                .filename(path.substring(path.lastIndexOf('/') + 1), StandardCharsets.UTF_8)
                .build());
        ObjectKey key = ArtifactKeys.of(job, listed.attempt(), path);
        HttpRange one = range == null || (ifRange != null && !ifRange.equals(etag)) ? null : single(range);
        if (one == null) {
            headers.setContentType(MediaType.APPLICATION_OCTET_STREAM);
            headers.setContentLength(file.size());
            return new ResponseEntity<>(new InputStreamResource(store.open(key, 0, -1)), headers, HttpStatus.OK);
        }
        if (file.size() == 0 || one.getRangeStart(Long.MAX_VALUE) >= file.size()) {
            return unsatisfiable(file.size());
        }
        long start = one.getRangeStart(file.size());
        long end = one.getRangeEnd(file.size());
        headers.setContentType(MediaType.APPLICATION_OCTET_STREAM);
        headers.setContentLength(end - start + 1);
        headers.set(HttpHeaders.CONTENT_RANGE, "bytes " + start + "-" + end + "/" + file.size());
        return new ResponseEntity<>(
                new InputStreamResource(store.open(key, start, end - start + 1)), headers, HttpStatus.PARTIAL_CONTENT);
    }

    @GetMapping("/artifacts.zip")
    @ApiResponse(
            responseCode = "200",
            description = "Every artifact of the job's last attempt, as one zip.",
            content = @Content(mediaType = "application/zip", schema = @Schema(type = "string", format = "binary")))
    ResponseEntity<StreamingResponseBody> zip(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        JobId job = visible(caller, id);
        List<ArtifactFile> files = listing.of(job);
        int attempt = listing.attempt(job).orElse(0);
        // checked before the 200 goes out: a file swept meanwhile would otherwise cut the zip short
        List<ArtifactFile> stored = files.stream()
                .filter(file ->
                        store.size(ArtifactKeys.of(job, attempt, file.path())).isPresent())
                .toList();
        StreamingResponseBody body = out -> writeZip(job, attempt, stored, out);
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("application/zip"))
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename("job-" + id + "-artifacts.zip")
                                .build()
                                .toString())
                .body(body);
    }

    private void writeZip(JobId job, int attempt, List<ArtifactFile> files, OutputStream out) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (ArtifactFile file : files) {
                zip.putNextEntry(new ZipEntry(file.path()));
                try (InputStream in = store.open(ArtifactKeys.of(job, attempt, file.path()), 0, -1)) {
                    in.transferTo(zip);
                }
                zip.closeEntry();
            }
        }
    }

    /** The one byte range asked for; null (the whole file) for several, or a header that is not one. */
    private static @Nullable HttpRange single(String header) {
        try {
            List<HttpRange> ranges = HttpRange.parseRanges(header);
            return ranges.size() == 1 ? ranges.getFirst() : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static ResponseEntity<ProblemDetail> unsatisfiable(long size) {
        ProblemDetail problem = Problems.of(
                HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE,
                "range-not-satisfiable",
                "Range not satisfiable",
                "The file has " + size + " bytes; ask for a range that starts within them.");
        return ResponseEntity.status(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE)
                .header(HttpHeaders.CONTENT_RANGE, "bytes */" + size)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    /** Listed, but gone from the store (swept meanwhile, or the store was emptied). */
    @ExceptionHandler(NoSuchObjectException.class)
    ProblemDetail gone(NoSuchObjectException e) {
        return Problems.of(
                HttpStatus.NOT_FOUND, "not-found", "Not found", "The file is no longer stored: " + e.getMessage());
    }

    private JobId visible(Caller caller, String id) {
        if (!JobId.isWellFormed(id)) {
            throw NotFoundException.job(id);
        }
        return jobs.find(JobId.of(id))
                .filter(job -> caller.mayRead(job.owner()))
                .orElseThrow(() -> NotFoundException.job(id))
                .id();
    }
}
