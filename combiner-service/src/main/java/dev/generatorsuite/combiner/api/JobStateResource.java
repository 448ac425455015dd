package dev.generatorsuite.combiner.api;

import dev.generatorsuite.combiner.domain.JobRules;
import dev.generatorsuite.combiner.persistence.JobRunRepository;
import dev.generatorsuite.commons.problem.Problem;
import dev.generatorsuite.commons.problem.ProblemException;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Pause and resume jobs for every replica at once. Internal: nginx does not expose it. */
@Path("/api/job-states/{job}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Job runs")
@APIResponse(
    responseCode = "400",
    description = "Invalid job name or body; nothing stored",
    content =
        @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class JobStateResource {

  private final JobRunRepository runs;

  public JobStateResource(JobRunRepository runs) {
    this.runs = runs;
  }

  @GET
  @Operation(summary = "Whether a job is paused (a job never paused is not)")
  public JobStateResponse get(@PathParam("job") String job) {
    JobRules.jobName("The job in the path", job);
    return new JobStateResponse(job, runs.paused(job));
  }

  @PUT
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Pause ({\"paused\": true}) or resume ({\"paused\": false}) a job")
  public JobStateResponse put(
      @PathParam("job") String job,
      @NotNull(message = "A JSON object body is required") JobStateRequest body) {
    JobRules.jobName("The job in the path", job);
    if (body.paused() == null) {
      throw ProblemException.badRequest("validation", "paused is required");
    }
    runs.setPaused(job, body.paused());
    return new JobStateResponse(job, body.paused());
  }
}
