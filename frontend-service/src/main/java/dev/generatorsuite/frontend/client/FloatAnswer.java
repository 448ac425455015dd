package dev.generatorsuite.frontend.client;

/** The body of float-service's {@code GET /api/float}. */
record FloatAnswer(double value, double min, double max) {}
