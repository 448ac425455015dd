package dev.generatorsuite.frontend.domain;

import java.util.List;

/**
 * Everything the page shows. A section whose service did not answer is {@code null} and the service
 * is listed in {@link #outages()}.
 *
 * @param page the history page shown, from 0
 * @param pageSize rows per history page
 * @param featured the product shown large: the one just created, else the newest; may be null
 * @param featuredIsNew whether {@code featured} is the product the caller just created
 * @param history the history page; null when the combiner did not answer
 * @param stats the statistics; null when the combiner did not answer
 * @param services the status of every service, the frontend itself first, in a fixed order
 * @param outages every downstream service that is down, once each
 */
public record Dashboard(
    int page,
    int pageSize,
    Product featured,
    boolean featuredIsNew,
    ProductPage history,
    ProductStats stats,
    List<ServiceStatus> services,
    List<Outage> outages) {

  public Dashboard {
    services = List.copyOf(services);
    outages = List.copyOf(outages);
  }

  /** Whether some part of the page could not be filled, so the page answers 503. */
  public boolean degraded() {
    return !outages.isEmpty();
  }
}
