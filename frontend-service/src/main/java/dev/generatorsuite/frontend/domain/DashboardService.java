package dev.generatorsuite.frontend.domain;

import dev.generatorsuite.commons.version.BuildInfo;
import dev.generatorsuite.commons.version.VersionInfo;
import dev.generatorsuite.frontend.client.CombinerClient;
import dev.generatorsuite.frontend.client.FloatClient;
import dev.generatorsuite.frontend.client.IntClient;
import dev.generatorsuite.frontend.config.FrontendConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Gathers what the page shows. Every downstream question is asked at the same time and each is
 * bounded by its client's timeout; a service that does not answer leaves its section empty and is
 * named as an outage instead of failing the page.
 */
@ApplicationScoped
public class DashboardService {

  private static final Logger LOG = Logger.getLogger(DashboardService.class);

  /** What a product id given in the page's URL may look like before it is sent anywhere. */
  private static final Pattern PRODUCT_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  /** Far enough for any real history, small enough that page * size cannot overflow. */
  static final int MAX_PAGE = 1_000_000;

  private final IntClient intClient;
  private final FloatClient floatClient;
  private final CombinerClient combinerClient;
  private final FrontendConfig config;
  private final ServiceStatus self;

  public DashboardService(
      IntClient intClient,
      FloatClient floatClient,
      CombinerClient combinerClient,
      FrontendConfig config,
      BuildInfo build,
      @ConfigProperty(name = "quarkus.application.name") String name,
      @ConfigProperty(name = "quarkus.application.version") String version) {
    this.intClient = intClient;
    this.floatClient = floatClient;
    this.combinerClient = combinerClient;
    this.config = config;
    // The frontend is up by definition while it renders the page; its version is its own.
    this.self =
        ServiceStatus.up(name, new VersionInfo(name, version, build.number(), build.commit()));
  }

  /**
   * Loads the page's data.
   *
   * @param requestedPage the history page, from 0 (out-of-range values are clamped)
   * @param productId the product just created, to show large; null or malformed is ignored
   */
  public Uni<Dashboard> load(int requestedPage, String productId) {
    int page = Math.max(0, Math.min(requestedPage, MAX_PAGE));
    int size = config.historyPageSize();

    Uni<ProductPage> historyCall = combinerClient.page(page, size).memoize().indefinitely();
    Uni<Attempt<ProductPage>> history = attempt(historyCall);
    Uni<Attempt<Optional<Product>>> latest =
        attempt(
            (page == 0 ? historyCall : combinerClient.page(0, 1))
                .map(p -> p.items().stream().findFirst()));
    Uni<Attempt<Optional<Product>>> justCreated = findIfWellFormed(productId);
    Uni<Attempt<ProductStats>> stats = attempt(combinerClient.stats());
    Uni<List<ServiceStatus>> services =
        Uni.combine()
            .all()
            .unis(intClient.status(), floatClient.status(), combinerClient.status())
            .asTuple()
            .map(t -> List.of(self, t.getItem1(), t.getItem2(), t.getItem3()));

    return Uni.combine()
        .all()
        .unis(history, latest, justCreated, stats, services)
        .asTuple()
        .map(
            t -> {
              Optional<Product> created = t.getItem3().valueOr(Optional.empty());
              Product featured =
                  created.orElseGet(() -> t.getItem2().valueOr(Optional.empty()).orElse(null));
              List<Outage> outages =
                  outages(
                      t.getItem5(),
                      List.of(t.getItem1(), t.getItem2(), t.getItem3(), t.getItem4()));
              return new Dashboard(
                  page,
                  size,
                  featured,
                  created.isPresent(),
                  t.getItem1().value(),
                  t.getItem4().value(),
                  t.getItem5(),
                  outages);
            });
  }

  private Uni<Attempt<Optional<Product>>> findIfWellFormed(String productId) {
    if (productId == null || !PRODUCT_ID.matcher(productId).matches()) {
      return Uni.createFrom().item(new Attempt<>(Optional.empty(), null));
    }
    Uni<Optional<Product>> found =
        combinerClient
            .find(productId)
            .map(Optional::of)
            .onFailure(DownstreamRejectedException.class)
            // Not found (or otherwise refused): simply show the newest product instead.
            .recoverWithItem(Optional.empty());
    return attempt(found);
  }

  /**
   * One line per service that is down, in the status panel's order: the failure of a data call
   * first (it is what the page is missing), else the failed probe.
   */
  private static List<Outage> outages(List<ServiceStatus> services, List<Attempt<?>> attempts) {
    Map<String, String> reasons = new LinkedHashMap<>();
    services.forEach(status -> reasons.put(status.service(), null)); // fixes the order
    // putIfAbsent also fills keys mapped to null: the first reason found for a service wins.
    attempts.stream()
        .map(Attempt::failure)
        .filter(Objects::nonNull)
        .forEach(outage -> reasons.putIfAbsent(outage.service(), outage.reason()));
    services.stream()
        .filter(status -> !status.up())
        .forEach(status -> reasons.putIfAbsent(status.service(), status.reason()));
    List<Outage> outages = new ArrayList<>();
    reasons.forEach(
        (service, reason) -> {
          if (reason != null) {
            outages.add(new Outage(service, reason));
          }
        });
    return outages;
  }

  /** Turns a call into its value or the outage that prevented it; never fails. */
  private static <T> Uni<Attempt<T>> attempt(Uni<T> call) {
    return call.map(value -> new Attempt<T>(value, null))
        .onFailure()
        .recoverWithItem(failure -> new Attempt<T>(null, toOutage(failure)));
  }

  private static Outage toOutage(Throwable failure) {
    if (failure instanceof DownstreamUnavailableException unavailable) {
      return new Outage(unavailable.serviceName(), unavailable.reason());
    }
    if (failure instanceof DownstreamRejectedException rejected) {
      return new Outage(
          rejected.serviceName(),
          "rejected the request (HTTP " + rejected.status() + "): " + rejected.getMessage());
    }
    LOG.errorf(failure, "Unexpected failure while loading the page");
    return new Outage(CombinerClient.SERVICE, "answered unexpectedly");
  }

  /** The value of a call, or why it failed. */
  private record Attempt<T>(T value, Outage failure) {

    T valueOr(T fallback) {
      return failure == null ? value : fallback;
    }
  }
}
