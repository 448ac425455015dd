package dev.generatorsuite.combiner.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of {@code PUT /api/job-states/{job}}. */
@Schema(name = "JobStateRequest", description = "Pause or resume a job for every replica")
public record JobStateRequest(@Schema(required = true) Boolean paused) {}
