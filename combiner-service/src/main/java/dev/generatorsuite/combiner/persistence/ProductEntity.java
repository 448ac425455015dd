package dev.generatorsuite.combiner.persistence;

import dev.generatorsuite.combiner.domain.Outcome;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A stored product, one row of the {@code product} table (created by Flyway, see {@code
 * V1__create_product.sql}). Rows are inserted by {@link ProductRepository} and never changed.
 */
@Entity
@Table(name = "product")
public class ProductEntity {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(name = "int_value", nullable = false, updatable = false)
  public int intValue;

  @Column(name = "float_value", nullable = false, updatable = false)
  public double floatValue;

  @Column(name = "product", nullable = false, updatable = false)
  public double product;

  @Enumerated(EnumType.STRING)
  @Column(name = "outcome", nullable = false, updatable = false)
  public Outcome outcome;

  /** Set by the database ({@code DEFAULT now()}), so every replica uses the same clock. */
  @Column(name = "created_at", nullable = false, insertable = false, updatable = false)
  public Instant createdAt;

  @Column(name = "idempotency_key", updatable = false)
  public String idempotencyKey;

  @Column(name = "request_hash", updatable = false)
  public String requestHash;
}
