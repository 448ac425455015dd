package dev.generatorsuite.combiner.domain;

import dev.generatorsuite.commons.problem.ProblemException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a claim or a result of a scheduled job's run may contain. Plain Java: every check throws a
 * 400 {@link ProblemException} naming the field, before anything is stored.
 */
public final class JobRules {

  /** Lower-case letters, digits and dashes, starting with a letter: safe in URLs and metrics. */
  public static final Pattern JOB_NAME = Pattern.compile("[a-z][a-z0-9-]{0,39}");

  /** A replica's name: a host name, a container id or a UUID fits. */
  public static final Pattern OWNER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");

  /** The most products one run may report. */
  public static final int MAX_PRODUCTS = 1_000_000;

  /** The longest error message kept with a failed run (the column's width). */
  public static final int MAX_ERROR_LENGTH = 1000;

  private static final int SHOWN_LENGTH = 40;

  private final Duration maxLease;
  private final Duration tickWindow;

  public JobRules(Duration maxLease, Duration tickWindow) {
    this.maxLease = Objects.requireNonNull(maxLease, "maxLease");
    this.tickWindow = Objects.requireNonNull(tickWindow, "tickWindow");
    if (maxLease.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("combiner.jobs.max-lease must be at least 1 second");
    }
    if (tickWindow.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("combiner.jobs.tick-window must be at least 1 second");
    }
  }

  /** A job's name, or a 400. */
  public static String jobName(String field, String name) {
    if (name == null || !JOB_NAME.matcher(name).matches()) {
      throw ProblemException.badRequest(
          "invalid-job",
          field
              + " must be 1 to 40 lower-case letters, digits or dashes, starting with a letter"
              + shown(name));
    }
    return name;
  }

  /** The owner of a claim or result, or a 400. */
  public static String owner(String owner) {
    if (owner == null || !OWNER.matcher(owner).matches()) {
      throw ProblemException.badRequest(
          "invalid-owner",
          "Field 'owner' must be 1 to 64 letters, digits, dots, dashes, colons or underscores"
              + shown(owner));
    }
    return owner;
  }

  /**
   * The tick a claim is for: an ISO-8601 instant with at most millisecond precision, within the
   * tick window of {@code now}.
   */
  public Instant scheduledAt(String raw, Instant now) {
    Instant instant;
    try {
      instant = raw == null ? null : Instant.parse(raw);
    } catch (DateTimeParseException e) {
      instant = null;
    }
    if (instant == null) {
      throw ProblemException.badRequest(
          "invalid-scheduled-at",
          "Field 'scheduledAt' must be an ISO-8601 instant such as 2025-01-02T03:04:05Z"
              + shown(raw));
    }
    if (instant.getNano() % 1_000_000 != 0) {
      throw ProblemException.badRequest(
          "invalid-scheduled-at", "Field 'scheduledAt' must not be more precise than milliseconds");
    }
    if (Duration.between(now, instant).abs().compareTo(tickWindow) > 0) {
      throw ProblemException.badRequest(
          "invalid-scheduled-at",
          "Field 'scheduledAt' must lie within "
              + tickWindow.toSeconds()
              + " s of the combiner's clock ("
              + now
              + "), got "
              + instant);
    }
    return instant;
  }

  /** The lease of a claim in seconds: 1 up to the configured maximum. */
  public int leaseSeconds(Integer seconds) {
    if (seconds == null || seconds < 1 || seconds > maxLease.toSeconds()) {
      throw ProblemException.badRequest(
          "invalid-lease",
          "Field 'leaseSeconds' must be an integer between 1 and " + maxLease.toSeconds());
    }
    return seconds;
  }

  /**
   * Checks a result: a final status, a product count, and an error message that a failure must have
   * and a success must not.
   */
  public static void result(JobRunStatus status, Integer productsMade, String error) {
    if (status == null || status == JobRunStatus.RUNNING) {
      throw ProblemException.badRequest(
          "invalid-status", "Field 'status' must be SUCCEEDED or FAILED");
    }
    if (productsMade == null || productsMade < 0 || productsMade > MAX_PRODUCTS) {
      throw ProblemException.badRequest(
          "invalid-products-made",
          "Field 'productsMade' must be an integer between 0 and " + MAX_PRODUCTS);
    }
    if (status == JobRunStatus.FAILED && (error == null || error.isBlank())) {
      throw ProblemException.badRequest(
          "invalid-error", "Field 'error' is required when the status is FAILED");
    }
    if (status == JobRunStatus.SUCCEEDED && error != null) {
      throw ProblemException.badRequest(
          "invalid-error", "Field 'error' must be absent when the status is SUCCEEDED");
    }
    if (error != null && error.length() > MAX_ERROR_LENGTH) {
      throw ProblemException.badRequest(
          "invalid-error", "Field 'error' must be at most " + MAX_ERROR_LENGTH + " characters");
    }
  }

  /** A count parameter between 1 and {@code max}, {@code absent} when not given. */
  public static int limit(String name, Integer value, int absent, int max) {
    if (value == null) {
      return absent;
    }
    if (value < 1 || value > max) {
      throw ProblemException.badRequest(
          "invalid-parameter",
          "Query parameter '" + name + "' must be an integer between 1 and " + max);
    }
    return value;
  }

  public Duration maxLease() {
    return maxLease;
  }

  /** The raw value as shown in a problem detail: shortened, so a huge input is not echoed. */
  private static String shown(String raw) {
    if (raw == null) {
      return "";
    }
    return ", got '"
        + (raw.length() <= SHOWN_LENGTH ? raw : raw.substring(0, SHOWN_LENGTH) + "...")
        + "'";
  }
}
