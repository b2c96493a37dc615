package dev.slipway.cli;

import dev.slipway.cli.artifact.ArtifactsCommand;
import dev.slipway.cli.config.LoginCommand;
import dev.slipway.cli.config.LogoutCommand;
import dev.slipway.cli.env.EnvCommand;
import dev.slipway.cli.job.JobsCommand;
import dev.slipway.cli.job.LogsCommand;
import dev.slipway.cli.job.RunCommand;
import dev.slipway.cli.upload.UploadCommand;
import dev.slipway.cli.user.TokensCommand;
import dev.slipway.cli.user.UsersCommand;
import dev.slipway.cli.worker.WorkersCommand;
import picocli.CommandLine.Command;

@Command(
        name = "slipway",
        description =
                "The Slipway command-line client: jobs, logs, workers, environments, artifacts, uploads, users and tokens over the gateway's API.",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        subcommands = {
            LoginCommand.class,
            LogoutCommand.class,
            RunCommand.class,
            LogsCommand.class,
            JobsCommand.class,
            WorkersCommand.class,
            EnvCommand.class,
            ArtifactsCommand.class,
            UploadCommand.class,
            UsersCommand.class,
            TokensCommand.class,
            CompletionCommand.class
        },
        footer = {
            "",
            "Exit codes: the job's or the shell's own; 124 timed out, 125 failed by the platform,",
            "130 cancelled or interrupted, 69 the gateway refused or could not be reached,",
            "2 a bad command line. docs/cli.md has the details."
        })
final class SlipwayCommand {}
