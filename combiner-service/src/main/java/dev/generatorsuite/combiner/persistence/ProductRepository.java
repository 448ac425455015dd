package dev.generatorsuite.combiner.persistence;

import dev.generatorsuite.combiner.domain.Combination;
import dev.generatorsuite.combiner.domain.Outcome;
import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Stores and reads products. Every method runs in its own transaction. */
@ApplicationScoped
public class ProductRepository implements PanacheRepository<ProductEntity> {

  private static final String INSERT =
      "INSERT INTO product (int_value, float_value, product, outcome) "
          + "VALUES (?1, ?2, ?3, ?4) RETURNING id";

  /**
   * Relies on the UNIQUE constraint: of any number of concurrent inserts with one key, exactly one
   * inserts; the others wait for it to commit and then insert nothing (no exception, no retry).
   */
  private static final String INSERT_WITH_KEY =
      "INSERT INTO product (int_value, float_value, product, outcome, idempotency_key,"
          + " request_hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
          + " ON CONFLICT (idempotency_key) DO NOTHING RETURNING id";

  /** One pass over the table, whatever its size: never loads rows. */
  private static final String STATS =
      "SELECT count(*), min(product), max(product), avg(product),"
          + " count(*) FILTER (WHERE outcome = 'MISS'),"
          + " count(*) FILTER (WHERE outcome = 'HIT'),"
          + " count(*) FILTER (WHERE outcome = 'CRIT')"
          + " FROM product";

  private static final Sort NEWEST_FIRST =
      Sort.by("createdAt", Sort.Direction.Descending).and("id", Sort.Direction.Descending);

  /**
   * Stores a combination. Without an idempotency key, always inserts a row. With a key, inserts
   * only when no row carries that key yet; otherwise returns the row stored earlier (the caller
   * compares its {@code requestHash}).
   *
   * @param idempotencyKey the key, or {@code null}
   * @param requestHash the hash of the request body; required with a key, ignored without one
   */
  @Transactional
  public StoreResult store(Combination combination, String idempotencyKey, String requestHash) {
    List<?> inserted;
    if (idempotencyKey == null) {
      inserted = insert(INSERT, combination).getResultList();
    } else {
      inserted =
          insert(INSERT_WITH_KEY, combination)
              .setParameter(5, idempotencyKey)
              .setParameter(6, requestHash)
              .getResultList();
    }
    if (inserted.isEmpty()) {
      // The key is taken by a committed row; read it with a fresh snapshot.
      ProductEntity existing = find("idempotencyKey", idempotencyKey).firstResult();
      return new StoreResult(existing, false);
    }
    long id = ((Number) inserted.get(0)).longValue();
    return new StoreResult(findById(id), true);
  }

  private jakarta.persistence.Query insert(String sql, Combination combination) {
    return getEntityManager()
        .createNativeQuery(sql, Long.class)
        .setParameter(1, combination.intValue())
        .setParameter(2, combination.floatValue())
        .setParameter(3, combination.product())
        .setParameter(4, combination.outcome().name());
  }

  @Transactional
  public Optional<ProductEntity> byId(long id) {
    return findByIdOptional(id);
  }

  /**
   * A page of products, newest first ({@code ORDER BY created_at DESC, id DESC}).
   *
   * @param page zero-based page index
   * @param size page size, at least 1
   */
  @Transactional
  public ProductPage newestFirst(int page, int size) {
    long total = count();
    long offset = (long) page * size;
    if (offset >= total || offset > Integer.MAX_VALUE - size) {
      // Past the last product (or beyond what a JDBC offset can address): an empty page.
      return new ProductPage(List.of(), total);
    }
    int first = (int) offset;
    List<ProductEntity> items = findAll(NEWEST_FIRST).range(first, first + size - 1).list();
    return new ProductPage(items, total);
  }

  /** Count, min, max, mean and count per outcome, computed by the database in one query. */
  @Transactional
  public ProductStats stats() {
    Object[] row = (Object[]) getEntityManager().createNativeQuery(STATS).getSingleResult();
    Map<Outcome, Long> byOutcome = new EnumMap<>(Outcome.class);
    byOutcome.put(Outcome.MISS, asLong(row[4]));
    byOutcome.put(Outcome.HIT, asLong(row[5]));
    byOutcome.put(Outcome.CRIT, asLong(row[6]));
    return new ProductStats(
        asLong(row[0]), asDouble(row[1]), asDouble(row[2]), asDouble(row[3]), byOutcome);
  }

  private static long asLong(Object value) {
    return ((Number) value).longValue();
  }

  private static Double asDouble(Object value) {
    return value == null ? null : ((Number) value).doubleValue();
  }
}
