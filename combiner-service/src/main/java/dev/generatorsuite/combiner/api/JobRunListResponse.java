package dev.generatorsuite.combiner.api;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Runs, newest first. */
@Schema(name = "JobRunList", description = "Runs of scheduled jobs, newest first")
public record JobRunListResponse(List<JobRunResponse> items) {}
