package dev.slipway.gateway.artifact;

import dev.slipway.artifacts.ArtifactStore;
import dev.slipway.artifacts.ArtifactStoreException;
import dev.slipway.artifacts.NoSuchObjectException;
import dev.slipway.artifacts.ObjectKey;
import dev.slipway.gateway.identity.Caller;
import dev.slipway.gateway.job.JobStore;
import dev.slipway.gateway.problem.NotFoundException;
import dev.slipway.gateway.problem.Problems;
import dev.slipway.model.ArtifactFile;
import dev.slipway.model.JobId;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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

/**
 * A job's artifacts, to those who may read the job (its owner, operators, admins; anyone else gets
 * the job's 404): the listing, one file (a single {@code Range} honoured; {@code ETag} is its
 * SHA-256), or all of them as a zip streamed as it is made.
 */
@RestController
@RequestMapping("/api/v1/jobs/{id}")
record ArtifactController(JobStore jobs, ArtifactListing listing, ArtifactStore store) {

    private static final String FILE_PREFIX = "/artifacts/";

    @GetMapping("/artifacts")
    List<ArtifactFile> list(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        return listing.of(visible(caller, id));
    }

    @GetMapping("/artifacts/**")
    ResponseEntity<InputStreamResource> file(
            @AuthenticationPrincipal Caller caller,
            @PathVariable String id,
            @RequestHeader(value = HttpHeaders.RANGE, required = false) @Nullable String range,
            HttpServletRequest request) {
        JobId job = visible(caller, id);
        String uri = request.getRequestURI();
        String path = java.net.URLDecoder.decode(
                uri.substring(uri.indexOf(FILE_PREFIX) + FILE_PREFIX.length()),
                java.nio.charset.StandardCharsets.UTF_8);
        ArtifactFile file = listing.of(job).stream()
                .filter(candidate -> candidate.path().equals(path))
                .findFirst()
                .orElseThrow(
                        () -> new NotFoundException("artifact", path, "Job " + id + " kept no file '" + path + "'."));
        HttpHeaders headers = new HttpHeaders();
        headers.setETag("\"" + file.sha256() + "\"");
        headers.set(HttpHeaders.ACCEPT_RANGES, "bytes");
        headers.setContentDisposition(ContentDisposition.attachment()
                .filename(path.substring(path.lastIndexOf('/') + 1), java.nio.charset.StandardCharsets.UTF_8)
                .build());
        headers.setContentType(MediaType.APPLICATION_OCTET_STREAM);
        ObjectKey key = ArtifactKeys.of(job, path);
        List<HttpRange> ranges = range == null ? List.of() : parse(range, file.size());
        if (ranges.size() != 1) {
            headers.setContentLength(file.size());
            return new ResponseEntity<>(new InputStreamResource(store.open(key, 0, -1)), headers, HttpStatus.OK);
        }
        long start = ranges.getFirst().getRangeStart(file.size());
        long end = ranges.getFirst().getRangeEnd(file.size());
        headers.setContentLength(end - start + 1);
        headers.set(HttpHeaders.CONTENT_RANGE, "bytes " + start + "-" + end + "/" + file.size());
        return new ResponseEntity<>(
                new InputStreamResource(store.open(key, start, end - start + 1)), headers, HttpStatus.PARTIAL_CONTENT);
    }

    @GetMapping("/artifacts.zip")
    ResponseEntity<StreamingResponseBody> zip(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        JobId job = visible(caller, id);
        List<ArtifactFile> files = listing.of(job);
        StreamingResponseBody body = out -> writeZip(job, files, out);
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

    private void writeZip(JobId job, List<ArtifactFile> files, OutputStream out) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (ArtifactFile file : files) {
                zip.putNextEntry(new ZipEntry(file.path()));
                try (InputStream in = store.open(ArtifactKeys.of(job, file.path()), 0, -1)) {
                    in.transferTo(zip);
                }
                zip.closeEntry();
            }
        }
    }

    /** One satisfiable range, or none (the whole file) when the header is not one Slipway serves. */
    private static List<HttpRange> parse(String header, long size) {
        try {
            List<HttpRange> ranges = HttpRange.parseRanges(header);
            if (ranges.size() != 1 || ranges.getFirst().getRangeStart(size) >= size) {
                throw new RangeNotSatisfiableException(size);
            }
            return ranges;
        } catch (IllegalArgumentException e) {
            throw new RangeNotSatisfiableException(size);
        }
    }

    /** Listed, but gone from the store (swept meanwhile, or the store was emptied). */
    @ExceptionHandler(NoSuchObjectException.class)
    ProblemDetail gone(NoSuchObjectException e) {
        return Problems.of(
                HttpStatus.NOT_FOUND, "not-found", "Not found", "The file is no longer stored: " + e.getMessage());
    }

    @ExceptionHandler(ArtifactStoreException.class)
    ProblemDetail storeFailed(ArtifactStoreException e) {
        return Problems.of(
                HttpStatus.SERVICE_UNAVAILABLE,
                "artifact-store-unavailable",
                "Artifact store unavailable",
                "Reading the artifact store failed: " + e.getMessage() + ". Try again.");
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
