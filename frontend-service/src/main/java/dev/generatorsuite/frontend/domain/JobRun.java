package dev.generatorsuite.frontend.domain;

import java.time.Instant;

/** A run of a scheduled job as the combiner stores it. */
public record JobRun(
    long id,
    String job,
    Instant scheduledAt,
    boolean manual,
    String owner,
    String status,
    Instant startedAt,
    Instant finishedAt,
    int productsMade,
    String error) {

  public static final String RUNNING = "RUNNING";
  public static final String SUCCEEDED = "SUCCEEDED";
  public static final String FAILED = "FAILED";
}
