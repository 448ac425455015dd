package dev.generatorsuite.commons.requestid;

import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.ext.Provider;

/**
 * Sends the current request's id on with every REST client call, so the called service logs the
 * same id. A {@link Provider}, so Quarkus applies it to every REST client of the service; outside a
 * request (a startup probe, a scheduled job) it sends nothing and the called service makes an id.
 */
@Provider
public class RequestIdClientFilter implements ClientRequestFilter {

  @Override
  public void filter(ClientRequestContext request) {
    if (!request.getHeaders().containsKey(RequestIds.HEADER)) {
      RequestIds.current().ifPresent(id -> request.getHeaders().putSingle(RequestIds.HEADER, id));
    }
  }
}
