package dev.generatorsuite.combiner.persistence;

/**
 * What recording a run's result did.
 *
 * @param run the run as stored now, {@code null} when there is no run with that id
 * @param recorded {@code true} when this result finished the run
 */
public record FinishResult(JobRunEntity run, boolean recorded) {}
