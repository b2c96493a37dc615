package dev.slipway.gateway.job;

import dev.slipway.gateway.problem.FieldProblem;
import dev.slipway.model.ImageBuildSpec;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Checks the fields of an image build ({@code "kind":"image"}) across each other. */
final class ImageBuilds {

    static final String DEFAULT_DOCKERFILE = "Dockerfile";

    private ImageBuilds() {}

    static @Nullable ImageBuildSpec spec(JobRequest request, Set<String> secrets, List<FieldProblem> problems) {
        int before = problems.size();
        if (request.image() != null) {
            problems.add(new FieldProblem("image", "an image build names what it makes in tags, not an image"));
        }
        if (request.script() != null || request.command() != null) {
            problems.add(new FieldProblem(
                    request.script() != null ? "script" : "command",
                    "an image build runs its Dockerfile, not a script or command"));
        }
        if (request.artifacts() != null) {
            problems.add(new FieldProblem("artifacts", "an image build keeps its image, not artifacts"));
        }
        if (request.source() == null) {
            problems.add(new FieldProblem("source", "is required: an image build's context (an upload or git)"));
        }
        List<String> tags = request.tags() == null ? List.of() : request.tags();
        if (tags.isEmpty()) {
            problems.add(new FieldProblem("tags", "is required: at least one tag, e.g. 127.0.0.1:5000/team/app:1.0"));
        }
        for (int i = 0; i < tags.size(); i++) {
            if (tags.get(i).contains("@")) {
                problems.add(new FieldProblem("tags[" + i + "]", "must be a tag, not a digest"));
            }
        }
        String dockerfile = request.dockerfile() == null ? DEFAULT_DOCKERFILE : request.dockerfile();
        if (dockerfile.startsWith("/") || List.of(dockerfile.split("/", -1)).contains("..") || dockerfile.isBlank()) {
            problems.add(new FieldProblem("dockerfile", "must be a path inside the source, without '..'"));
        }
        RegistryAuthRequest auth = request.registryAuth();
        if (auth != null && auth.passwordSecret() != null && !secrets.contains(auth.passwordSecret())) {
            problems.add(new FieldProblem("registryAuth.passwordSecret", "must name one of the job's secrets"));
        }
        if (problems.size() > before) {
            return null;
        }
        Map<String, String> buildArgs = request.buildArgs() == null ? Map.of() : request.buildArgs();
        return new ImageBuildSpec(
                dockerfile,
                buildArgs,
                tags,
                Boolean.TRUE.equals(request.push()),
                auth == null ? null : auth.username(),
                auth == null ? null : auth.passwordSecret());
    }

    /** A container job that gave an image build's fields means something other than it says. */
    static void notForContainers(JobRequest request, List<FieldProblem> problems) {
        for (var field : new java.util.TreeMap<>(Map.of(
                        "dockerfile", request.dockerfile() != null,
                        "buildArgs", request.buildArgs() != null,
                        "tags", request.tags() != null,
                        "push", request.push() != null,
                        "registryAuth", request.registryAuth() != null))
                .entrySet()) {
            if (field.getValue()) {
                problems.add(new FieldProblem(field.getKey(), "is for image builds: give \"kind\":\"image\""));
            }
        }
    }
}
