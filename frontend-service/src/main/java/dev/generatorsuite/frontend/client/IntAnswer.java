package dev.generatorsuite.frontend.client;

/** The body of int-service's {@code GET /api/int}. */
record IntAnswer(long value, long min, long max) {}
