package dev.generatorsuite.frontend.api;

import dev.generatorsuite.commons.api.QueryParameters;
import dev.generatorsuite.commons.problem.Problem;
import dev.generatorsuite.commons.problem.ProblemException;
import dev.generatorsuite.frontend.domain.JobRun;
import dev.generatorsuite.frontend.domain.JobsOverview;
import dev.generatorsuite.frontend.domain.JobsService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * What operators do with scheduled jobs. Under {@code /ops/}, which nginx serves only behind Basic
 * Auth. JSON for scripts; the page's buttons post forms here and are sent back to the page (303).
 */
@Path("/ops/jobs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Scheduled jobs", description = "Operators: list, pause, resume and trigger jobs")
@APIResponse(
    responseCode = "400",
    description = "Malformed job name or parameter",
    content = @Content(mediaType = Problem.MEDIA_TYPE))
@APIResponse(
    responseCode = "404",
    description = "No such job is configured",
    content = @Content(mediaType = Problem.MEDIA_TYPE))
@APIResponse(
    responseCode = "503",
    description = "combiner-service, which keeps runs and states, is unavailable",
    content = @Content(mediaType = Problem.MEDIA_TYPE))
public class JobsResource {

  /** One job for operators. */
  public record JobInfo(
      String name,
      String schedule,
      int productsPerRun,
      boolean enabled,
      Boolean paused,
      Instant nextRun,
      JobRun lastRun,
      Double successRate,
      JobRun lastFailure) {}

  /** Whether a job is paused now. */
  public record JobState(String job, boolean paused) {}

  private final JobsService jobs;

  public JobsResource(JobsService jobs) {
    this.jobs = jobs;
  }

  @GET
  @Operation(summary = "Every configured job, its state, last and next run and success rate")
  public Uni<List<JobInfo>> list() {
    return jobs.overview()
        .map(
            overview -> {
              if (overview.unavailable() != null) {
                throw new ProblemException(
                    503, "service-unavailable", "Service Unavailable", overview.unavailable());
              }
              return overview.jobs().stream().map(JobsResource::info).toList();
            });
  }

  @POST
  @Path("{name}/pause")
  @Operation(summary = "Pause a job on every replica (its scheduled ticks claim nothing)")
  public Uni<Response> pause(@PathParam("name") String name, @Context HttpHeaders headers) {
    return setPaused(name, true, headers);
  }

  @POST
  @Path("{name}/resume")
  @Operation(summary = "Resume a paused job on every replica")
  public Uni<Response> resume(@PathParam("name") String name, @Context HttpHeaders headers) {
    return setPaused(name, false, headers);
  }

  @POST
  @Path("{name}/trigger")
  @Operation(
      summary = "Run a job now, once",
      description =
          "Claims the present moment as a manual run (also for a paused or disabled job) and"
              + " answers 202 with the run; the products are made in the background."
              + " Optional query parameter products=1..100 overrides products-per-run.")
  @APIResponse(responseCode = "202", description = "Claimed; running")
  public Uni<Response> trigger(
      @PathParam("name") String name, @Context UriInfo uri, @Context HttpHeaders headers) {
    Integer products =
        QueryParameters.optionalInt("products", uri.getQueryParameters().getFirst("products"));
    return jobs.trigger(name, products)
        .map(
            run ->
                fromForm(headers)
                    ? backToPage()
                    : Response.status(Response.Status.ACCEPTED).entity(run).build());
  }

  private Uni<Response> setPaused(String name, boolean paused, HttpHeaders headers) {
    return jobs.setPaused(name, paused)
        .map(
            now -> fromForm(headers) ? backToPage() : Response.ok(new JobState(name, now)).build());
  }

  private static JobInfo info(JobsOverview.JobStatus status) {
    var job = status.definition();
    var summary = status.summary();
    return new JobInfo(
        job.name(),
        job.scheduleText(),
        job.productsPerRun(),
        job.enabled(),
        status.paused(),
        status.nextRun(),
        summary.lastRun(),
        summary.successRate(),
        summary.lastFailure());
  }

  /**
   * The page's buttons: a browser posting a form and asking for HTML. A script gets JSON (curl and
   * most clients accept anything, and some send a form content type for an empty POST).
   */
  private static boolean fromForm(HttpHeaders headers) {
    MediaType type = headers.getMediaType();
    return type != null
        && type.isCompatible(MediaType.APPLICATION_FORM_URLENCODED_TYPE)
        && headers.getAcceptableMediaTypes().stream()
            .anyMatch(
                accepted ->
                    "text".equals(accepted.getType()) && "html".equals(accepted.getSubtype()));
  }

  /** Back to the page's jobs section; relative, so the scheme and host the browser used stay. */
  private static Response backToPage() {
    return Response.status(Response.Status.SEE_OTHER)
        .header(HttpHeaders.LOCATION, "/#jobs")
        .build();
  }
}
