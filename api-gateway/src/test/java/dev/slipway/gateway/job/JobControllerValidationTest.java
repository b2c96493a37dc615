package dev.slipway.gateway.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyMap;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.slipway.gateway.audit.AuditTrail;
import dev.slipway.gateway.config.ClockConfig;
import dev.slipway.gateway.config.GatewayProperties;
import dev.slipway.gateway.identity.Caller;
import dev.slipway.gateway.identity.Role;
import dev.slipway.gateway.upload.UploadClaims;
import dev.slipway.gateway.web.ProblemHandlerAccess;
import dev.slipway.model.JobId;
import dev.slipway.model.JobSpec;
import dev.slipway.model.JobState;
import dev.slipway.model.JobView;
import dev.slipway.model.Resources;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/**
 * Every kind of bad input is a 400 {@code application/problem+json} naming the field and the reason,
 * and never reaches the store or the queue; other client mistakes are 404/405/415 problems, never 500s.
 */
@WebMvcTest(JobController.class)
@AutoConfigureMockMvc(addFilters = false) // who may call is AccessMatrixTest's subject; these requests are an admin's
// the slice has no metrics: the problem handler counts Redis failures in a registry of its own
@Import({JobSpecFactory.class, ProblemHandlerAccess.class, ClockConfig.class, SimpleMeterRegistry.class})
@EnableConfigurationProperties(GatewayProperties.class)
class JobControllerValidationTest {

    private static final String PROBLEM = "application/problem+json";
    private static final String INVALID = "urn:slipway:problem:invalid-request";
    private static final String JOB_ID = "019a5f3c-7d2e-7a41-9b3c-1f2e3d4c5b6a";

    @Autowired
    MockMvc mvc;

    @MockitoBean
    JobStore store;

    @MockitoBean
    JobSubmission submission;

    @MockitoBean
    Cancellation cancellation;

    @MockitoBean
    UploadClaims uploads;

    @MockitoBean
    AuditTrail audit;

    @BeforeEach
    void signInAsAdmin() {
        Caller admin = new Caller("admin", Role.ADMIN, "test", new Caller.Limits(100, 5, 4, 8192));
        SecurityContextHolder.getContext().setAuthentication(new TestingAuthenticationToken(admin, null, "ROLE_ADMIN"));
    }

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    private ResultActions submit(String body) throws Exception {
        return mvc.perform(
                post("/api/v1/jobs").contentType(MediaType.APPLICATION_JSON).content(body));
    }

    /** A 400 problem whose errors hold {@code field} with a reason containing {@code reason}, and no stack trace. */
    private static void expectInvalid(ResultActions result, String field, String reason) throws Exception {
        result.andExpect(status().isBadRequest())
                .andExpect(content().contentType(PROBLEM))
                .andExpect(jsonPath("$.status").value(400))
                .andExpect(jsonPath("$.type").value(INVALID))
                .andExpect(jsonPath("$.title").value("Invalid request"))
                .andExpect(jsonPath("$.errors[*].field").value(hasItem(field)))
                .andExpect(jsonPath("$.errors[?(@.field == '" + field + "')].reason")
                        .value(hasItem(containsString(reason))))
                .andExpect(jsonPath("$.detail").value(containsString(field + ": ")))
                .andExpect(jsonPath("$.trace").doesNotExist())
                .andExpect(content().string(org.hamcrest.Matchers.not(containsString("Exception"))));
    }

    @ParameterizedTest(name = "{0} is a 400 naming {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            malformed JSON               | {"image":                                                              | (body)             | is not valid JSON
            missing image                | {"script":["true"]}                                                    | image              | is required
            blank image                  | {"image":"  ","script":["true"]}                                       | image              | is required
            empty script                 | {"image":"busybox","script":[]}                                        | script             | must have at least one line
            empty command                | {"image":"busybox","command":[]}                                       | command            | must have at least one argument
            bad image reference          | {"image":"Not/Valid Image","script":["true"]}                          | image              | is not a valid Docker image reference
            memory over the maximum      | {"image":"busybox","script":["true"],"resources":{"memoryMb":999999}}  | resources.memoryMb | must be at most 8192
            cpus over the maximum        | {"image":"busybox","script":["true"],"resources":{"cpus":64}}          | resources.cpus     | must be at most 4.0
            pids over the maximum        | {"image":"busybox","script":["true"],"resources":{"pidsLimit":100000}} | resources.pidsLimit | must be at most 4096
            timeout over the maximum     | {"image":"busybox","script":["true"],"timeoutSeconds":86401}           | timeoutSeconds     | must be at most 86400
            queue timeout over the maximum | {"image":"busybox","script":["true"],"queueTimeoutSeconds":604801} | queueTimeoutSeconds | must be at most 604800
            zero queue timeout           | {"image":"busybox","script":["true"],"queueTimeoutSeconds":0}          | queueTimeoutSeconds | must be positive
            attempts over the maximum    | {"image":"busybox","script":["true"],"maxAttempts":11}                 | maxAttempts        | must be at most 10
            negative cpus                | {"image":"busybox","script":["true"],"resources":{"cpus":-1}}          | resources.cpus     | must be at least 0.01
            source with both kinds       | {"image":"busybox","script":["true"],"source":{"upload":"upl_019ae1c2-0000-7000-8000-000000000000","git":{"url":"https://example.com/a.git"}}} | source | give exactly one of upload and git
            malformed upload id          | {"image":"busybox","script":["true"],"source":{"upload":"../etc"}}     | source.upload      | must be an upload id
            git over file                | {"image":"busybox","script":["true"],"source":{"git":{"url":"file:///etc"}}} | source.git.url | must be an https://, http:// or git:// URL
            git with credentials in url  | {"image":"busybox","script":["true"],"source":{"git":{"url":"https://me:pw@example.com/a.git"}}} | source.git.url | must not carry credentials
            git password not a secret    | {"image":"busybox","script":["true"],"source":{"git":{"url":"https://example.com/a.git","passwordSecret":"TOKEN"}}} | source.git.passwordSecret | must name one of the job's secrets
            negative git depth           | {"image":"busybox","script":["true"],"source":{"git":{"url":"https://example.com/a.git","depth":-1}}} | source.git.depth | must be 0 (all history) or more
            source unpacked into root    | {"image":"busybox","script":["true"],"workdir":"/","source":{"git":{"url":"https://example.com/a.git"}}} | workdir | must be a directory below /
            unknown kind                 | {"kind":"vm","image":"busybox","script":["true"]}                      | kind               | must be container (the default) or image
            image build without tags     | {"kind":"image","source":{"git":{"url":"https://example.com/a.git"}}}  | tags               | is required: at least one tag
            image build with a script    | {"kind":"image","script":["true"],"tags":["a/b:1"],"source":{"git":{"url":"https://example.com/a.git"}}} | script | an image build runs its Dockerfile
            image build without source   | {"kind":"image","tags":["a/b:1"]}                                      | source             | is required: an image build's context
            image build pushing a digest | {"kind":"image","tags":["a/b@sha256:0123456789abcdef0123456789abcdef"],"source":{"git":{"url":"https://example.com/a.git"}}} | tags[0] | must be a tag, not a digest
            dockerfile climbing out      | {"kind":"image","tags":["a/b:1"],"dockerfile":"../Dockerfile","source":{"git":{"url":"https://example.com/a.git"}}} | dockerfile | must be a path inside the source
            build fields on a container  | {"image":"busybox","script":["true"],"tags":["a/b:1"]}                 | tags               | is for image builds
            cpus that Docker reads as no limit | {"image":"busybox","script":["true"],"resources":{"cpus":1e-10}}  | resources.cpus     | must be at least 0.01
            workdir in /proc             | {"image":"busybox","script":["true"],"workdir":"/proc/self/fd/8"}      | workdir            | must not be in /proc
            workdir in /sys              | {"image":"busybox","script":["true"],"workdir":"/sys"}                 | workdir            | must not be in /sys
            workdir in /dev              | {"image":"busybox","script":["true"],"workdir":"//dev/shm"}            | workdir            | must not be in /dev
            workdir climbing out         | {"image":"busybox","script":["true"],"workdir":"/tmp/../proc/1"}       | workdir            | must not contain '.' or '..'
            bad user                     | {"image":"busybox","script":["true"],"user":"root; rm"}                | user               | must be a user name or uid
            memory under Docker's minimum | {"image":"busybox","script":["true"],"resources":{"memoryMb":5}}      | resources.memoryMb | must be at least 6
            zero timeout                 | {"image":"busybox","script":["true"],"timeoutSeconds":0}               | timeoutSeconds     | must be positive
            zero attempts                | {"image":"busybox","script":["true"],"maxAttempts":0}                  | maxAttempts        | must be at least 1
            wrong type                   | {"image":"busybox","script":["true"],"timeoutSeconds":"soon"}          | timeoutSeconds     | has the wrong type: expected a number
            wrong nested type            | {"image":"busybox","script":["true"],"resources":{"memoryMb":"lots"}}  | resources.memoryMb | has the wrong type: expected a number
            script not an array          | {"image":"busybox","script":"echo hi"}                                 | script             | has the wrong type: expected an array
            unknown field                | {"image":"busybox","scirpt":["true"]}                                  | scirpt             | is not a known field
            unknown nested field         | {"image":"busybox","script":["true"],"resources":{"gpus":1}}           | resources.gpus     | is not a known field
            bad env name                 | {"image":"busybox","script":["true"],"env":{"1BAD":"x"}}               | env.1BAD           | is not a valid variable name
            null env value               | {"image":"busybox","script":["true"],"env":{"GOOD":null}}              | env.GOOD           | must not be null
            bad pool                     | {"image":"busybox","script":["true"],"pool":"Not A Pool"}              | pool               | must be 1-63 characters
            pool too long                | `{"image":"busybox","script":["true"],"pool":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}` | pool | must be 1-63 characters
            relative workdir             | {"image":"busybox","script":["true"],"workdir":"src"}                  | workdir            | must be an absolute path
            neither script nor command   | {"image":"busybox"}                                                    | script             | either script or command is required
            both script and command      | {"image":"busybox","script":["true"],"command":["true"]}               | command            | not both
            null script line             | {"image":"busybox","script":[null]}                                    | script[0]          | must not contain null lines
            body is not an object        | []                                                                     | (body)             | has the wrong type: expected an object
            empty body                   | ``                                                                     | (body)             | is missing or not readable as JSON
            trailing garbage             | {"image":"busybox","script":["true"]} garbage                          | (body)             | is not valid JSON
            """)
    void badInputIsA400ProblemNamingTheFieldAndTheReason(String what, String body, String field, String reason)
            throws Exception {
        expectInvalid(submit(body), field, reason);
        verifyNoInteractions(submission);
    }

    @Test
    void everyBadFieldOfOneRequestIsReportedAtOnce() throws Exception {
        submit("{\"image\":\"BAD IMAGE\",\"script\":[],\"pool\":\"Bad Pool\",\"env\":{\"1A\":\"x\",\"2B\":\"y\"}}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors.length()").value(5))
                .andExpect(jsonPath("$.errors[*].field")
                        .value(org.hamcrest.Matchers.containsInAnyOrder(
                                "env.1A", "env.2B", "image", "pool", "script")));
        verifyNoInteractions(submission);
    }

    @Test
    void allLimitsOverTheMaximaAreReportedTogether() throws Exception {
        submit("{\"image\":\"busybox\",\"script\":[\"true\"],\"timeoutSeconds\":999999,\"maxAttempts\":99,"
                        + "\"resources\":{\"cpus\":5,\"memoryMb\":999999,\"pidsLimit\":999999}}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field")
                        .value(org.hamcrest.Matchers.containsInAnyOrder(
                                "resources.cpus",
                                "resources.memoryMb",
                                "resources.pidsLimit",
                                "timeoutSeconds",
                                "maxAttempts")))
                .andExpect(jsonPath("$.errors[*].reason").value(everyItem(startsWith("must be at most "))));
        verifyNoInteractions(submission);
    }

    /**
     * Labels are free-form strings, but a null value cannot be stored: it must be a 400 naming the
     * label, not a NullPointerException in {@code JobSpec}'s {@code Map.copyOf} answered as a 500.
     */
    @Test
    void aNullLabelValueIsA400NotA500() throws Exception {
        submit("{\"image\":\"busybox\",\"script\":[\"true\"],\"labels\":{\"team\":null}}")
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(PROBLEM))
                .andExpect(jsonPath("$.type").value(INVALID))
                .andExpect(jsonPath("$.errors[0].field").value(startsWith("labels")));
        verifyNoInteractions(submission);
    }

    /** The kernel refuses an argument over 128 KiB: such a script could never start, so it is refused at once. */
    @Test
    void aScriptLargerThanOneProcessArgumentIsA400() throws Exception {
        String line = "x".repeat(1000);
        String script = String.join(",", java.util.Collections.nCopies(132, "\"" + line + "\""));

        expectInvalid(submit("{\"image\":\"busybox\",\"script\":[" + script + "]}"), "script", "at most 131071 fit");
        verifyNoInteractions(submission);
    }

    @Test
    void anEnvironmentEntryLargerThanTheKernelTakesIsA400NamingIt() throws Exception {
        expectInvalid(
                submit("{\"image\":\"busybox\",\"script\":[\"true\"],\"env\":{\"BIG\":\"" + "y".repeat(131_100)
                        + "\"}}"),
                "env.BIG",
                "must be at most 131071 bytes");
        verifyNoInteractions(submission);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            {"image":"busybox","script":["true"],"constraints":{"arch":""}}    | must not be blank
            {"image":"busybox","script":["true"],"constraints":{"arch":null}}  | must not be blank
            """)
    void aBlankConstraintIsA400NamingIt(String body, String reason) throws Exception {
        submit(body)
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(PROBLEM))
                .andExpect(jsonPath("$.errors[0].field").value(startsWith("constraints")))
                .andExpect(jsonPath("$.errors[0].reason").value(reason));
        verifyNoInteractions(submission);
    }

    /**
     * A number too large for its field is valid JSON with a bad value: the problem must name the field
     * (as a wrong type does), not call the whole body "not valid JSON".
     */
    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
            {"image":"busybox","script":["true"],"maxAttempts":3000000000}                       | maxAttempts
            {"image":"busybox","script":["true"],"resources":{"memoryMb":99999999999999999999}}  | resources.memoryMb
            """)
    void aNumberOutOfRangeForItsFieldIsA400NamingTheField(String body, String field) throws Exception {
        submit(body)
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(PROBLEM))
                .andExpect(jsonPath("$.errors[*].field").value(hasItem(field)))
                .andExpect(jsonPath("$.errors[0].reason")
                        .value(org.hamcrest.Matchers.not(containsString("not valid JSON"))));
        verifyNoInteractions(submission);
    }

    /** Where the JSON breaks, in the client's terms; nothing of the parser's internals (its source description). */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            {"image":                                  | line 1, column 10
            {"image":"busybox","script":["true"]} x    | line 1, column 39
            {"image" "busybox"}                        | line 1, column 10
            {"image":"busybox", "script": [            | line 1, column 32
            """)
    void malformedJsonIsReportedByLineAndColumnOnly(String body, String where) throws Exception {
        submit(body.strip())
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("(body)"))
                .andExpect(jsonPath("$.errors[0].reason").value(containsString("is not valid JSON")))
                .andExpect(jsonPath("$.errors[0].reason").value(containsString("at " + where)))
                .andExpect(jsonPath("$.errors[0].reason").value(org.hamcrest.Matchers.not(containsString("Source"))))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.not(containsString("Source"))));
    }

    @Test
    void aValidJobIsCreatedWithItsLocationAndTheDefaultsApplied() throws Exception {
        JobId id = JobId.of(JOB_ID);
        when(submission.submit(any(JobSpec.class), anyMap(), any(Caller.class)))
                .thenAnswer(call -> new JobView(
                        id,
                        JobState.QUEUED,
                        "admin",
                        call.getArgument(0),
                        0,
                        0,
                        null,
                        null,
                        null,
                        Instant.EPOCH,
                        null,
                        null,
                        null,
                        Instant.EPOCH,
                        java.util.List.of()));

        submit("{\"image\":\"busybox:latest\",\"script\":[\"echo hello\"],\"env\":{\"GREETING\":\"hi\"}}")
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", "/api/v1/jobs/" + id))
                .andExpect(content().contentType(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$.id").value(JOB_ID))
                .andExpect(jsonPath("$.state").value("QUEUED"))
                .andExpect(jsonPath("$.spec.image").value("busybox:latest"))
                .andExpect(jsonPath("$.spec.pool").value("default"))
                .andExpect(jsonPath("$.spec.resources.memoryMb").value(512))
                .andExpect(jsonPath("$.spec.timeoutSeconds").value(3600))
                .andExpect(jsonPath("$.spec.maxAttempts").value(3));

        ArgumentCaptor<JobSpec> spec = ArgumentCaptor.forClass(JobSpec.class);
        verify(submission).submit(spec.capture(), anyMap(), any(Caller.class));
        assertThat(spec.getValue().script()).containsExactly("echo hello");
        assertThat(spec.getValue().command()).isNull();
        assertThat(spec.getValue().env()).containsEntry("GREETING", "hi");
        assertThat(spec.getValue().resources()).isEqualTo(new Resources(1.0, 512, 512));
    }

    @Test
    void anUnknownJobIsA404Problem() throws Exception {
        when(store.find(JobId.of(JOB_ID))).thenReturn(Optional.empty());

        mvc.perform(get("/api/v1/jobs/" + JOB_ID))
                .andExpect(status().isNotFound())
                .andExpect(content().contentType(PROBLEM))
                .andExpect(jsonPath("$.status").value(404))
                .andExpect(jsonPath("$.type").value("urn:slipway:problem:job-not-found"))
                .andExpect(jsonPath("$.detail").value(containsString(JOB_ID)));
    }

    @Test
    void theLogOfAnUnknownJobIsA404ProblemEvenWhenOnlyTextIsAccepted() throws Exception {
        mvc.perform(get("/api/v1/jobs/" + JOB_ID + "/log"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentType(PROBLEM))
                .andExpect(jsonPath("$.type").value("urn:slipway:problem:job-not-found"));
        mvc.perform(get("/api/v1/jobs/" + JOB_ID + "/log").accept(MediaType.TEXT_PLAIN))
                .andExpect(status().isNotFound())
                .andExpect(content().contentType(PROBLEM));
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-a-job", "..%2F..%2Fetc", "019A5F3C-7D2E-7A41-9B3C-1F2E3D4C5B6A", "019a5f3c"})
    void anIdThatIsNotAJobIdIsA404ProblemWithoutTouchingTheStore(String id) throws Exception {
        mvc.perform(get("/api/v1/jobs/" + id))
                .andExpect(status().isNotFound())
                .andExpect(content().contentType(PROBLEM))
                .andExpect(jsonPath("$.type").value("urn:slipway:problem:job-not-found"));
        mvc.perform(get("/api/v1/jobs/" + id + "/log"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentType(PROBLEM))
                .andExpect(jsonPath("$.type").value("urn:slipway:problem:job-not-found"));
        verifyNoInteractions(store);
    }

    @ParameterizedTest(name = "?{0} is a 400 naming {1}")
    @CsvSource(delimiter = '|', textBlock = """
            state=SLEEPING     | state  | must be one of [QUEUED, RUNNING
            state=             | state  | must be one of
            limit=0            | limit  | must be between 1 and 500
            limit=501          | limit  | must be between 1 and 500
            limit=-3           | limit  | must be between 1 and 500
            limit=ten          | limit  | must be a number
            limit=99999999999  | limit  | must be a number
            cursor=abc         | cursor | is not a cursor this API returned
            """)
    void badListParametersAre400ProblemsNamingTheParameter(String query, String field, String reason) throws Exception {
        expectInvalid(mvc.perform(get("/api/v1/jobs?" + query)), field, reason);
        verifyNoInteractions(store);
    }

    @Test
    void theStateFilterIsCaseInsensitiveAndTheLimitDefaultsToFifty() throws Exception {
        mvc.perform(get("/api/v1/jobs?state=failed"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items").isEmpty())
                .andExpect(jsonPath("$.nextCursor").value(org.hamcrest.Matchers.nullValue()));
        verify(store).list(null, JobState.FAILED, null, 51);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                MediaType.TEXT_PLAIN_VALUE,
                MediaType.APPLICATION_FORM_URLENCODED_VALUE,
                MediaType.APPLICATION_XML_VALUE
            })
    void aBodyThatIsNotJsonIsA415ProblemNotA500(String contentType) throws Exception {
        mvc.perform(post("/api/v1/jobs").contentType(contentType).content("echo hello"))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(content().contentType(PROBLEM))
                .andExpect(jsonPath("$.status").value(415))
                .andExpect(jsonPath("$.title").value("Unsupported Media Type"));
        verifyNoInteractions(submission);
    }

    @Test
    void aBodyWithoutContentTypeIsA415Problem() throws Exception {
        mvc.perform(post("/api/v1/jobs").content("{\"image\":\"busybox\",\"script\":[\"true\"]}"))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(content().contentType(PROBLEM));
        verifyNoInteractions(submission);
    }

    @Test
    void anUnreachableRedisIsA503ProblemWithRetryAfterNotA500() throws Exception {
        when(submission.submit(any(JobSpec.class), anyMap(), any(Caller.class)))
                .thenThrow(new RedisConnectionFailureException("Unable to connect to Redis"));
        when(store.find(any(JobId.class))).thenThrow(new QueryTimeoutException("Redis command timed out"));

        submit("{\"image\":\"busybox\",\"script\":[\"true\"]}")
                .andExpect(status().isServiceUnavailable())
                .andExpect(content().contentType(PROBLEM))
                .andExpect(header().exists("Retry-After"))
                .andExpect(jsonPath("$.type").value("urn:slipway:problem:store-unavailable"));
        mvc.perform(get("/api/v1/jobs/" + JOB_ID))
                .andExpect(status().isServiceUnavailable())
                .andExpect(jsonPath("$.type").value("urn:slipway:problem:store-unavailable"));
    }

    @Test
    void anUnsupportedMethodIsA405Problem() throws Exception {
        mvc.perform(delete("/api/v1/jobs"))
                .andExpect(status().isMethodNotAllowed())
                .andExpect(content().contentType(PROBLEM))
                .andExpect(jsonPath("$.status").value(405));
    }
}
