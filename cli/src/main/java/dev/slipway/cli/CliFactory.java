package dev.slipway.cli;

import dev.slipway.cli.config.CliContext;
import java.lang.reflect.Constructor;
import picocli.CommandLine;

/** Makes the commands with this run's context: every command that talks to the gateway takes one. */
final class CliFactory implements CommandLine.IFactory {

    private final CliContext context;

    CliFactory(CliContext context) {
        this.context = context;
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
        for (Constructor<?> constructor : type.getDeclaredConstructors()) {
            Class<?>[] parameters = constructor.getParameterTypes();
            if (parameters.length == 1 && parameters[0] == CliContext.class) {
                return type.cast(constructor.newInstance(context));
            }
        }
        return CommandLine.defaultFactory().create(type);
    }
}
