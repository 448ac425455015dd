package dev.generatorsuite.frontend.client;

import dev.generatorsuite.frontend.domain.JobRun;
import dev.generatorsuite.frontend.domain.JobSummaries;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** combiner-service's job-run API; only {@link JobRunClient} uses it. */
@RegisterRestClient(configKey = "combiner")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
interface JobRunApi {

  /** The claim of a tick: the body of {@code POST /api/job-runs/claims}. */
  record Claim(String job, String scheduledAt, String owner, int leaseSeconds, boolean manual) {}

  /** The body of {@code POST /api/job-runs/{id}/result}. */
  record Result(String owner, String status, int productsMade, String error) {}

  /** The body of {@code PUT /api/job-states/{job}}. */
  record State(boolean paused) {}

  @POST
  @Path("/api/job-runs/claims")
  Uni<JobRun> claim(Claim claim);

  @POST
  @Path("/api/job-runs/{id}/result")
  Uni<JobRun> result(@PathParam("id") long id, Result result);

  @GET
  @Path("/api/job-runs/summary")
  Uni<JobSummaries> summary(@QueryParam("recent") int recent);

  @PUT
  @Path("/api/job-states/{job}")
  Uni<State> state(@PathParam("job") String job, State state);

  @ClientExceptionMapper
  static RuntimeException toException(Response response) {
    return DownstreamFailures.fromStatusPassingClientErrors(CombinerClient.SERVICE, response);
  }
}
