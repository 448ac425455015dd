package dev.generatorsuite.combiner.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Whether a job is paused for every replica. */
@Schema(name = "JobState", description = "Whether a job is paused")
public record JobStateResponse(String job, boolean paused) {}
