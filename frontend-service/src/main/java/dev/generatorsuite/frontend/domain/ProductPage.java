package dev.generatorsuite.frontend.domain;

import java.util.List;

/** One page of the combiner's history, newest first. */
public record ProductPage(List<Product> items, int page, int size, long total) {

  public ProductPage {
    items = items == null ? List.of() : List.copyOf(items);
  }
}
