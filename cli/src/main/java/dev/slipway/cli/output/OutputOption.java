package dev.slipway.cli.output;

import picocli.CommandLine.Option;

/** The {@code --output} option of every listing and {@code get}. */
public final class OutputOption {

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FORMAT",
            description = "table (the default) or json (the API's JSON as it came)")
    OutputFormat format = OutputFormat.TABLE;

    public boolean json() {
        return format == OutputFormat.JSON;
    }
}
