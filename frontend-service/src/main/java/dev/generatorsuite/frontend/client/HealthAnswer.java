package dev.generatorsuite.frontend.client;

/** The part of a SmallRye Health answer the status panel needs. */
record HealthAnswer(String status) {}
