package dev.generatorsuite.combiner.api;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A summary of every job that has runs or a state, by name. */
@Schema(name = "JobSummaryList", description = "Every job's runs, summarised")
public record JobSummaryListResponse(List<JobSummaryResponse> jobs) {}
