package dev.generatorsuite.combiner.domain;

/**
 * Where a run of a scheduled job stands. A run only ever goes from RUNNING to one of the others.
 */
public enum JobRunStatus {
  /** Claimed by a replica, which has not reported yet. */
  RUNNING,
  /** The owner reported that every product of the run was made. */
  SUCCEEDED,
  /** The owner reported a failure, or did not report within its lease (abandoned). */
  FAILED
}
