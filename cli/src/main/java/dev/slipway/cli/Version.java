package dev.slipway.cli;

import picocli.CommandLine.IVersionProvider;

/** The version in the jar's manifest (the Maven project's), or "development" when run from classes. */
final class Version implements IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = Version.class.getPackage().getImplementationVersion();
        return new String[] {"slipway " + (version == null ? "development" : version)};
    }
}
