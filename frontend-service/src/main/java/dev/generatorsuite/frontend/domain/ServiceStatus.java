package dev.generatorsuite.frontend.domain;

import dev.generatorsuite.commons.version.VersionInfo;

/**
 * What the status panel shows about one downstream service.
 *
 * @param service the service's name, e.g. {@code int-service}
 * @param up whether its readiness probe answered UP in time
 * @param reason why it is considered down; {@code null} when up
 * @param version its {@code /version}; {@code null} when it did not answer
 */
public record ServiceStatus(String service, boolean up, String reason, VersionInfo version) {

  public static ServiceStatus up(String service, VersionInfo version) {
    return new ServiceStatus(service, true, null, version);
  }

  public static ServiceStatus down(String service, String reason, VersionInfo version) {
    return new ServiceStatus(service, false, reason, version);
  }
}
