package dev.slipway.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.model.JobEvent;
import dev.slipway.model.JobId;
import dev.slipway.model.JobState;
import dev.slipway.model.LogLine;
import dev.slipway.model.LogStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class LogChunkLinesTest {

    private static final JobId JOB = JobId.of("019a5f3c-7d2e-7a41-9b3c-1f2e3d4c5b6a");
    private final JsonMapper json = JsonMapper.builder().build();
    private final LogChunkLines reader = new LogChunkLines(json);

    @Test
    void everyLineOfAChunkAsTheWorkerWritesItIsReadVerbatimWithItsIndexAndStream() throws Exception {
        List<LogLine> lines = List.of(
                new LogLine(LogStream.STDOUT, 1L, "  leading and trailing spaces  "),
                new LogLine(LogStream.STDERR, 2L, "quotes \" backslash \\ tab \t unicode ✓ 𝄞"),
                new LogLine(LogStream.STDOUT, 3L, ""),
                new LogLine(LogStream.STDOUT, 4L, "{\"type\":\"end\"}"));
        String payload = json.writeValueAsString(new JobEvent.LogChunk(JOB, 2, lines));
        List<String> read = new ArrayList<>();

        boolean handled = reader.read(payload, (index, stream, text) -> read.add(index + " " + stream + " " + text));

        assertThat(handled).isTrue();
        assertThat(read).containsExactly(
                "0 STDOUT   leading and trailing spaces  ",
                "1 STDERR quotes \" backslash \\ tab \t unicode ✓ 𝄞",
                "2 STDOUT ",
                "3 STDOUT {\"type\":\"end\"}");
    }

    @Test
    void anythingButALogChunkIsLeftToDataBindingUntouched() throws Exception {
        List<String> read = new ArrayList<>();
        LogChunkLines.Sink sink = (index, stream, text) -> read.add(text);

        assertThat(reader.read(json.writeValueAsString(new JobEvent.LogEnd(JOB, 1, JobState.SUCCEEDED, 0)), sink)).isFalse();
        assertThat(reader.read("{\"lines\":[{\"stream\":\"STDOUT\",\"at\":1,\"text\":\"x\"}],\"type\":\"log\"}", sink)).isFalse();
        assertThat(read).isEmpty();
    }
}
