package dev.generatorsuite.frontend.client;

/** The body of combiner-service's {@code POST /api/products}. */
record ProductRequest(long intValue, double floatValue) {}
