package dev.generatorsuite.frontend.domain;

/** A downstream service that is down, and why; the page names each one. */
public record Outage(String service, String reason) {

  public String message() {
    return service + " is unavailable: " + reason;
  }
}
