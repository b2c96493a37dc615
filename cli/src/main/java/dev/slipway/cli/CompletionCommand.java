package dev.slipway.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
        name = "completion",
        description = {
            "Prints a bash completion script.",
            "zsh takes it too, after 'autoload -U +X bashcompinit && bashcompinit'.",
            "Load it with: source <(slipway completion)"
        })
final class CompletionCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec = CommandSpec.create();

    @Override
    public Integer call() {
        spec.commandLine()
                .getOut()
                .print(AutoComplete.bash("slipway", spec.root().commandLine()));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
