package dev.generatorsuite.commons.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Arrays;

/**
 * Publishes the HTTP server timer as a Prometheus histogram ({@code
 * http_server_requests_seconds_bucket}), so Prometheus can compute percentiles across every replica
 * ({@code histogram_quantile(0.99, ...)}; monitoring/rules.yml alerts on the p99). A fixed, short
 * list of buckets keeps the number of series small: Micrometer's own percentile histogram would add
 * about 70 per route and status.
 */
@Singleton
public class LatencyHistograms {

  /** Bucket bounds, from 5 ms to 10 s. */
  static final Duration[] BUCKETS =
      Arrays.stream(new long[] {5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000})
          .mapToObj(Duration::ofMillis)
          .toArray(Duration[]::new);

  static final String HTTP_SERVER_REQUESTS = "http.server.requests";

  @Produces
  @Singleton
  MeterFilter httpServerHistogram() {
    return new MeterFilter() {
      @Override
      public DistributionStatisticConfig configure(
          Meter.Id id, DistributionStatisticConfig config) {
        if (!HTTP_SERVER_REQUESTS.equals(id.getName())) {
          return config;
        }
        return DistributionStatisticConfig.builder()
            .serviceLevelObjectives(
                Arrays.stream(BUCKETS).mapToDouble(d -> (double) d.toNanos()).toArray())
            .build()
            .merge(config);
      }
    };
  }
}
