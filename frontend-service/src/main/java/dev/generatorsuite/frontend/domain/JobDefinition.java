package dev.generatorsuite.frontend.domain;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * A scheduled job as configured: runs {@code productsPerRun} Generate flows at every tick of its
 * schedule, exactly once across replicas. Checked when built, so a bad configuration stops the
 * service at startup.
 *
 * @param name lower-case letters, digits and dashes, starting with a letter (as the combiner wants)
 * @param every ticks at every multiple of this since the epoch; {@code null} for a cron job
 * @param cron a Quartz cron expression; {@code null} for an interval job
 */
public record JobDefinition(
    String name, Duration every, String cron, int productsPerRun, boolean enabled) {

  public static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,39}");
  public static final int MAX_PRODUCTS_PER_RUN = 100;

  public JobDefinition {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "Job name '"
              + name
              + "' must be 1 to 40 lower-case letters, digits or dashes, starting with a letter");
    }
    if ((every == null) == (cron == null || cron.isBlank())) {
      throw new IllegalArgumentException(
          "Job '" + name + "' needs exactly one of frontend.jobs." + name + ".every and .cron");
    }
    if (every != null && (every.compareTo(Duration.ofSeconds(1)) < 0 || every.getNano() != 0)) {
      throw new IllegalArgumentException(
          "Job '" + name + "': every must be a whole number of seconds, at least 1s");
    }
    if (productsPerRun < 1 || productsPerRun > MAX_PRODUCTS_PER_RUN) {
      throw new IllegalArgumentException(
          "Job '" + name + "': products-per-run must be between 1 and " + MAX_PRODUCTS_PER_RUN);
    }
  }

  /** How the page shows the schedule. */
  public String scheduleText() {
    return every != null ? "every " + humanDuration(every) : "cron " + cron;
  }

  static String humanDuration(Duration d) {
    long s = d.toSeconds();
    if (s % 86_400 == 0) {
      return s / 86_400 + "d";
    }
    if (s % 3600 == 0) {
      return s / 3600 + "h";
    }
    if (s % 60 == 0) {
      return s / 60 + "m";
    }
    return s + "s";
  }
}
