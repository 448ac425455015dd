package dev.generatorsuite.commons.version;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** {@code GET /version}: which build of which service answers. */
@Path("/version")
public class VersionResource {

  private final VersionInfo info;

  public VersionResource(
      @ConfigProperty(name = "quarkus.application.name") String service,
      @ConfigProperty(name = "quarkus.application.version") String version,
      BuildInfo build) {
    this.info = new VersionInfo(service, version, build.number(), build.commit());
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public VersionInfo version() {
    return info;
  }
}
