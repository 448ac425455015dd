package dev.generatorsuite.commons.version;

/** The body of {@code GET /version}. */
public record VersionInfo(String service, String version, String build, String commit) {}
