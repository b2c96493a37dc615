package dev.slipway.gateway.job;

import static org.hamcrest.Matchers.hasItem;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.slipway.gateway.config.GatewayProperties;
import dev.slipway.model.JobId;
import dev.slipway.model.JobSpec;
import dev.slipway.model.JobState;
import dev.slipway.model.JobView;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** Every kind of bad input is a 400 problem naming the field, and never reaches the store or the queue. */
@WebMvcTest(JobController.class)
@Import({JobSpecFactory.class, dev.slipway.gateway.web.ProblemHandlerAccess.class})
@EnableConfigurationProperties(GatewayProperties.class)
class JobControllerValidationTest {

    private static final String PROBLEM = "application/problem+json";

    @Autowired
    MockMvc mvc;

    @MockitoBean
    JobStore store;

    @MockitoBean
    JobSubmission submission;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            malformed JSON                 | {"image":                                                        | (body)
            missing image                  | {"script":["true"]}                                              | image
            empty script                   | {"image":"busybox","script":[]}                                  | script
            bad image reference            | {"image":"Not/Valid Image","script":["true"]}                    | image
            memory over the maximum        | {"image":"busybox","script":["true"],"resources":{"memoryMb":999999}} | resources.memoryMb
            negative cpus                  | {"image":"busybox","script":["true"],"resources":{"cpus":-1}}    | resources.cpus
            wrong type                     | {"image":"busybox","script":["true"],"timeoutSeconds":"soon"}    | timeoutSeconds
            unknown field                  | {"image":"busybox","scirpt":["true"]}                            | scirpt
            bad env name                   | {"image":"busybox","script":["true"],"env":{"1BAD":"x"}}         | env.1BAD
            bad pool                       | {"image":"busybox","script":["true"],"pool":"Not A Pool"}        | pool
            relative workdir               | {"image":"busybox","script":["true"],"workdir":"src"}            | workdir
            neither script nor command     | {"image":"busybox"}                                              | script
            null script line               | {"image":"busybox","script":[null]}                              | script[0]
            body is not an object          | []                                                               | (body)
            """)
    void badInputIsA400ProblemNamingTheField(String what, String body, String field) throws Exception {
        mvc.perform(post("/api/v1/jobs").contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(PROBLEM))
                .andExpect(jsonPath("$.status").value(400))
                .andExpect(jsonPath("$.type").value("urn:slipway:problem:invalid-request"))
                .andExpect(jsonPath("$.errors[*].field").value(hasItem(field)))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString(field)))
                .andExpect(jsonPath("$.trace").doesNotExist());
        verifyNoInteractions(submission);
    }

    @Test
    void aValidJobIsCreatedWithItsLocation() throws Exception {
        JobId id = JobId.of("019a5f3c-7d2e-7a41-9b3c-1f2e3d4c5b6a");
        when(submission.submit(any(JobSpec.class))).thenAnswer(call -> new JobView(id, JobState.QUEUED,
                call.getArgument(0), 0, null, null, null, Instant.EPOCH, null, null, Instant.EPOCH));

        mvc.perform(post("/api/v1/jobs").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"image\":\"busybox:latest\",\"script\":[\"echo hello\"]}"))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", "/api/v1/jobs/" + id))
                .andExpect(jsonPath("$.state").value("QUEUED"))
                .andExpect(jsonPath("$.spec.pool").value("default"))
                .andExpect(jsonPath("$.spec.resources.memoryMb").value(512));
    }

    @Test
    void anUnknownJobIsA404Problem() throws Exception {
        mvc.perform(get("/api/v1/jobs/019a5f3c-7d2e-7a41-9b3c-1f2e3d4c5b6a"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentType(PROBLEM))
                .andExpect(jsonPath("$.type").value("urn:slipway:problem:job-not-found"));
    }

    @Test
    void anIdThatIsNotAJobIdIsA404ProblemToo() throws Exception {
        mvc.perform(get("/api/v1/jobs/..%2F..%2Fetc"))
                .andExpect(status().is4xxClientError())
                .andExpect(content().contentType(PROBLEM));
        mvc.perform(get("/api/v1/jobs/not-a-job/log"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentType(PROBLEM));
    }

    @ParameterizedTest
    @CsvSource({"state=SLEEPING, state", "limit=0, limit", "limit=100000, limit", "cursor=abc, cursor", "limit=ten, limit"})
    void badListParametersAre400Problems(String query, String field) throws Exception {
        mvc.perform(get("/api/v1/jobs?" + query))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(PROBLEM))
                .andExpect(jsonPath("$.errors[*].field").value(hasItem(field)));
    }

    @Test
    void aBodyThatIsNotJsonIsA415ProblemNotA500() throws Exception {
        mvc.perform(post("/api/v1/jobs").contentType(MediaType.TEXT_PLAIN).content("echo hello"))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(content().contentType(PROBLEM))
                .andExpect(jsonPath("$.status").value(415))
                .andExpect(jsonPath("$.title").value("Unsupported Media Type"));
    }
}
