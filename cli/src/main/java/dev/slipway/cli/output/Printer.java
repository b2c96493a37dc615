package dev.slipway.cli.output;

import java.io.PrintStream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** How every {@code get} prints one record: the API's JSON for programs, or its fields one per line. */
public record Printer(PrintStream out, JsonMapper json) {

    /** @param body the API's answer, printed as it came for {@code --output json} */
    public void record(String body, OutputFormat format) {
        if (format.json()) {
            out.println(body);
        } else {
            Fields.print(json.readTree(body), out);
        }
    }

    public void record(JsonNode value, OutputFormat format) {
        if (format.json()) {
            out.println(json.writeValueAsString(value));
        } else {
            Fields.print(value, out);
        }
    }
}
