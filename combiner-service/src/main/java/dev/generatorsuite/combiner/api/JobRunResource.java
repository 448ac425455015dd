package dev.generatorsuite.combiner.api;

import dev.generatorsuite.combiner.domain.JobRules;
import dev.generatorsuite.combiner.domain.JobRunStatus;
import dev.generatorsuite.combiner.metrics.JobRunMetrics;
import dev.generatorsuite.combiner.persistence.ClaimResult;
import dev.generatorsuite.combiner.persistence.FinishResult;
import dev.generatorsuite.combiner.persistence.JobHousekeeping;
import dev.generatorsuite.combiner.persistence.JobRunEntity;
import dev.generatorsuite.combiner.persistence.JobRunRepository;
import dev.generatorsuite.commons.api.QueryParameters;
import dev.generatorsuite.commons.problem.Problem;
import dev.generatorsuite.commons.problem.ProblemException;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Runs of scheduled jobs: replicas of the frontend claim a tick (exactly one wins), the winner
 * reports the result, and anyone reads the history. Internal: nginx does not expose it.
 */
@Path("/api/job-runs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Job runs", description = "Exactly-once runs of scheduled jobs")
@APIResponse(
    responseCode = "400",
    description = "Invalid body or parameter; nothing stored",
    content =
        @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class JobRunResource {

  static final int MAX_LIMIT = 100;
  static final int DEFAULT_LIMIT = 20;

  private final JobRunRepository runs;
  private final JobRules rules;
  private final JobHousekeeping housekeeping;
  private final JobRunMetrics metrics;

  public JobRunResource(
      JobRunRepository runs, JobRules rules, JobHousekeeping housekeeping, JobRunMetrics metrics) {
    this.runs = runs;
    this.rules = rules;
    this.housekeeping = housekeeping;
    this.metrics = metrics;
  }

  @POST
  @Path("claims")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Claim one tick of a job",
      description =
          "Of any number of claims for the same job and scheduledAt, exactly one gets 201 and"
              + " must run it and report; the others get 409. The winner repeating its claim (a"
              + " retry) gets 200 with the same run while it is RUNNING. A paused job's scheduled"
              + " ticks are refused with 409 job-paused; a manual claim runs anyway.")
  @APIResponse(
      responseCode = "201",
      description = "Won: run it, then POST its result",
      content = @Content(schema = @Schema(implementation = JobRunResponse.class)))
  @APIResponse(
      responseCode = "409",
      description = "already-claimed (another replica runs it) or job-paused",
      content = @Content(mediaType = Problem.MEDIA_TYPE))
  public Response claim(@NotNull(message = "A JSON object body is required") ClaimRequest body) {
    String job = JobRules.jobName("Field 'job'", body.job());
    Instant scheduledAt = rules.scheduledAt(body.scheduledAt(), Instant.now());
    String owner = JobRules.owner(body.owner());
    int lease = rules.leaseSeconds(body.leaseSeconds());
    boolean manual = Boolean.TRUE.equals(body.manual());

    housekeeping.sweep();
    ClaimResult result = runs.claim(job, scheduledAt, manual, owner, lease);
    if (result.paused()) {
      metrics.claimed(job, "paused");
      throw new ProblemException(
          409, "job-paused", "Conflict", "Job '" + job + "' is paused; nothing was claimed");
    }
    JobRunEntity existing = result.run();
    if (!result.won()
        && existing != null
        && existing.owner.equals(owner)
        && existing.status == JobRunStatus.RUNNING) {
      // The owner's retry of a claim whose answer it did not receive: it won, and still runs it.
      return Response.ok(JobRunResponse.of(existing))
          .header(HttpHeaders.LOCATION, "/api/job-runs/" + existing.id)
          .header(ProductResource.IDEMPOTENT_REPLAYED, "true")
          .build();
    }
    if (!result.won()) {
      metrics.claimed(job, "already_claimed");
      JobRunEntity run = result.run();
      throw new ProblemException(
          409,
          "already-claimed",
          "Conflict",
          "The tick "
              + scheduledAt
              + " of job '"
              + job
              + "' is already claimed"
              + (run == null
                  ? ""
                  : " by " + run.owner + " (run " + run.id + ", " + run.status + ")"));
    }
    metrics.claimed(job, "won");
    return Response.status(Response.Status.CREATED)
        .header(HttpHeaders.LOCATION, "/api/job-runs/" + result.run().id)
        .entity(JobRunResponse.of(result.run()))
        .build();
  }

  @POST
  @Path("{id}/result")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Record how a run ended",
      description = "Only the owner, and only while the run is RUNNING (also past its lease).")
  @APIResponse(
      responseCode = "200",
      description = "Recorded",
      content = @Content(schema = @Schema(implementation = JobRunResponse.class)))
  @APIResponse(
      responseCode = "404",
      description = "No such run",
      content = @Content(mediaType = Problem.MEDIA_TYPE))
  @APIResponse(
      responseCode = "409",
      description = "run-finished (already recorded or abandoned) or not-owner",
      content = @Content(mediaType = Problem.MEDIA_TYPE))
  public JobRunResponse result(
      @PathParam("id") String id,
      @NotNull(message = "A JSON object body is required") ResultRequest body) {
    long runId = parseId(id).orElseThrow(() -> notFound(id));
    String owner = JobRules.owner(body.owner());
    JobRules.result(body.status(), body.productsMade(), body.error());

    FinishResult finished =
        runs.finish(runId, owner, body.status(), body.productsMade(), body.error());
    JobRunEntity run = finished.run();
    if (run == null) {
      throw notFound(id);
    }
    if (!finished.recorded()) {
      if (!run.owner.equals(owner)) {
        throw new ProblemException(
            409, "not-owner", "Conflict", "Run " + runId + " belongs to " + run.owner);
      }
      throw new ProblemException(
          409,
          "run-finished",
          "Conflict",
          "Run "
              + runId
              + " is already "
              + run.status
              + (run.error == null ? "" : ": " + run.error));
    }
    metrics.finished(run.jobName, run.status.name());
    return JobRunResponse.of(run);
  }

  @GET
  @Path("{id}")
  @Operation(summary = "One run")
  @APIResponse(
      responseCode = "404",
      description = "No such run",
      content = @Content(mediaType = Problem.MEDIA_TYPE))
  public JobRunResponse byId(@PathParam("id") String id) {
    housekeeping.sweep();
    return parseId(id).flatMap(runs::byId).map(JobRunResponse::of).orElseThrow(() -> notFound(id));
  }

  @GET
  @Operation(summary = "Runs newest first, of one job (job=) or of all; limit 1..100, default 20")
  public JobRunListResponse list(@Context UriInfo uri) {
    MultivaluedMap<String, String> query = uri.getQueryParameters();
    String job = query.getFirst("job");
    if (job != null) {
      JobRules.jobName("Query parameter 'job'", job);
    }
    int limit =
        JobRules.limit(
            "limit",
            QueryParameters.optionalInt("limit", query.getFirst("limit")),
            DEFAULT_LIMIT,
            MAX_LIMIT);
    housekeeping.sweep();
    return new JobRunListResponse(
        runs.newestFirst(job, limit).stream().map(JobRunResponse::of).toList());
  }

  @GET
  @Path("summary")
  @Operation(
      summary = "Every job summarised",
      description =
          "Counts by status, success rate, last run, last failure and the newest runs"
              + " (recent=1..100, default 20) of every job that has runs or a state")
  public JobSummaryListResponse summary(@Context UriInfo uri) {
    int recent =
        JobRules.limit(
            "recent",
            QueryParameters.optionalInt("recent", uri.getQueryParameters().getFirst("recent")),
            DEFAULT_LIMIT,
            MAX_LIMIT);
    housekeeping.sweep();
    return new JobSummaryListResponse(
        runs.summaries(recent).stream().map(JobSummaryResponse::of).toList());
  }

  private static ProblemException notFound(String id) {
    return new ProblemException(404, "not-found", "Not Found", "No job run with id " + id);
  }

  private static Optional<Long> parseId(String id) {
    try {
      long value = Long.parseLong(id);
      return value > 0 ? Optional.of(value) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
