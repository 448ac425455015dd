package dev.generatorsuite.combiner.persistence;

import dev.generatorsuite.combiner.config.CombinerConfig;
import dev.generatorsuite.combiner.domain.Combination;
import dev.generatorsuite.combiner.domain.Outcome;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Sort;
import io.smallrye.faulttolerance.api.RetryWhen;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.faulttolerance.Retry;

/**
 * Stores and reads products. Every method runs in its own transaction; the writes start theirs
 * inside their retry, so every attempt has a fresh transaction and connection. Concurrent keyed
 * stores share a transaction ({@link GroupCommit}, {@code combiner.writes.*}).
 */
@ApplicationScoped
public class ProductRepository implements PanacheRepository<ProductEntity> {

  private static final String INSERT =
      "INSERT INTO product (int_value, float_value, product, outcome) "
          + "VALUES (?1, ?2, ?3, ?4) RETURNING *";

  /**
   * Relies on the UNIQUE constraint: of any number of concurrent inserts with one key, exactly one
   * inserts; the others wait for it to commit and then insert nothing (no exception, no retry).
   */
  private static final String INSERT_WITH_KEY =
      "INSERT INTO product (int_value, float_value, product, outcome, idempotency_key,"
          + " request_hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
          + " ON CONFLICT (idempotency_key) DO NOTHING RETURNING *";

  /**
   * {@link #INSERT_WITH_KEY} for many rows in one statement, from one array per column. Of rows
   * with the same key in one batch, the first is inserted and the others skipped, like a later
   * request.
   */
  private static final String INSERT_BATCH_WITH_KEYS =
      "INSERT INTO product (int_value, float_value, product, outcome, idempotency_key,"
          + " request_hash) SELECT * FROM unnest(CAST(?1 AS integer[]),"
          + " CAST(?2 AS double precision[]), CAST(?3 AS double precision[]),"
          + " CAST(?4 AS varchar[]), CAST(?5 AS varchar[]), CAST(?6 AS char(64)[]))"
          + " ON CONFLICT (idempotency_key) DO NOTHING RETURNING *";

  /**
   * Reads the running totals that the product table's triggers keep (migration V3), never the table
   * itself: the same cost at any number of products.
   */
  private static final String STATS =
      "SELECT coalesce(sum(row_count), 0), min(product_min), max(product_max),"
          + " sum(product_sum) / nullif(sum(row_count), 0),"
          + " coalesce(sum(miss_count), 0), coalesce(sum(hit_count), 0),"
          + " coalesce(sum(crit_count), 0)"
          + " FROM product_summary";

  private static final String COUNT = "SELECT coalesce(sum(row_count), 0) FROM product_summary";

  private static final Sort NEWEST_FIRST =
      Sort.by("createdAt", Sort.Direction.Descending).and("id", Sort.Direction.Descending);

  private final GroupCommit<KeyedStore, StoreResult> keyedStores;

  /** Stores per transaction of keyed stores: how much GroupCommit groups under the load. */
  private final DistributionSummary batchSizes;

  public ProductRepository(CombinerConfig config, MeterRegistry registry) {
    keyedStores =
        new GroupCommit<>(
            config.writes().concurrentBatches(), config.writes().maxBatchSize(), this::storeBatch);
    batchSizes =
        DistributionSummary.builder("generator.product.store.batch")
            .baseUnit("stores")
            .description("Keyed stores written in one transaction")
            .register(registry);
  }

  /** A store under an Idempotency-Key. */
  record KeyedStore(Combination combination, String key, String requestHash) {}

  /**
   * Stores a combination as a new row, in one round trip (the row comes back from {@code
   * RETURNING}). Tried again while no connection can be had (nothing was sent yet), within the
   * retry's budget (application.properties, {@code ## Datasource}); a connection lost after the
   * statement was sent is not retried, as the row may be stored.
   */
  @Retry
  @RetryWhen(exception = DatabaseFailures.NotConnected.class)
  public StoreResult store(Combination combination) {
    return QuarkusTransaction.requiringNew()
        .call(() -> new StoreResult(single(insert(INSERT, combination).getResultList()), true));
  }

  /**
   * Stores a combination under an idempotency key: inserts only when no row carries that key yet;
   * otherwise returns the row stored earlier (the caller compares its {@code requestHash}). Safe to
   * repeat, so tried again after any failure of the database within the retry's budget (a pooled
   * connection broken by a database restart, a database starting up). Concurrent calls share
   * transactions ({@link GroupCommit}); each returns once the transaction holding its row has
   * committed, and a failed transaction fails each of its calls, which then retry on their own.
   *
   * @param requestHash the hash of the request body
   */
  @Retry
  @RetryWhen(exception = DatabaseFailures.Unavailable.class)
  public StoreResult storeOnce(Combination combination, String idempotencyKey, String requestHash) {
    return keyedStores.write(new KeyedStore(combination, idempotencyKey, requestHash));
  }

  /** One transaction for a batch of keyed stores (GroupCommit); a batch of one as before. */
  List<StoreResult> storeBatch(List<KeyedStore> stores) {
    batchSizes.record(stores.size());
    return QuarkusTransaction.requiringNew()
        .call(() -> stores.size() == 1 ? List.of(storeAlone(stores.get(0))) : storeAll(stores));
  }

  private StoreResult storeAlone(KeyedStore store) {
    List<?> inserted =
        insertWithKey(store.combination(), store.key(), store.requestHash()).getResultList();
    if (inserted.isEmpty()) {
      // The key is taken by a committed row; read it with a fresh snapshot.
      return new StoreResult(find("idempotencyKey", store.key()).firstResult(), false);
    }
    return new StoreResult(single(inserted), true);
  }

  private List<StoreResult> storeAll(List<KeyedStore> stores) {
    Map<String, ProductEntity> inserted = new HashMap<>();
    for (Object row : insertBatch(stores).getResultList()) {
      ProductEntity product = (ProductEntity) row;
      inserted.put(product.idempotencyKey, product);
    }
    Map<String, ProductEntity> earlier = new HashMap<>();
    List<String> taken =
        stores.stream().map(KeyedStore::key).filter(k -> !inserted.containsKey(k)).toList();
    if (!taken.isEmpty()) {
      // Keys taken by committed rows; read them with a fresh snapshot.
      list("idempotencyKey in ?1", taken).forEach(row -> earlier.put(row.idempotencyKey, row));
    }
    List<StoreResult> results = new ArrayList<>(stores.size());
    for (KeyedStore store : stores) {
      // remove: a key sent twice in one batch was inserted by its first store only.
      ProductEntity mine = inserted.remove(store.key());
      if (mine != null) {
        earlier.put(store.key(), mine);
        results.add(new StoreResult(mine, true));
      } else {
        results.add(new StoreResult(earlier.get(store.key()), false));
      }
    }
    return results;
  }

  /**
   * Runs the inserts of {@link #store} and {@link #storeOnce} (alone and in a batch of two) in one
   * transaction that is rolled back: nothing is stored (only the id sequence moves on, as after any
   * rollback). The start-up warm-up uses it to load and compile the write path before the first
   * request needs it.
   *
   * @return the keyed row as the database returned it, never stored
   */
  public ProductEntity rehearseStores(
      Combination combination, String idempotencyKey, String requestHash) {
    try {
      QuarkusTransaction.requiringNew()
          .run(
              () -> {
                single(insert(INSERT, combination).getResultList());
                storeAll(
                    List.of(
                        new KeyedStore(combination, idempotencyKey + "-1", requestHash),
                        new KeyedStore(combination, idempotencyKey + "-2", requestHash)));
                throw new Rehearsed(
                    single(
                        insertWithKey(combination, idempotencyKey, requestHash).getResultList()));
              });
    } catch (Rehearsed done) {
      return done.row;
    }
    throw new IllegalStateException("a rehearsal ended without rolling back");
  }

  /** Thrown out of a rehearsal's transaction so that it rolls back. */
  private static final class Rehearsed extends RuntimeException {
    private final transient ProductEntity row;

    Rehearsed(ProductEntity row) {
      super(null, null, false, false);
      this.row = row;
    }
  }

  private Query insertBatch(List<KeyedStore> stores) {
    int size = stores.size();
    Integer[] ints = new Integer[size];
    Double[] floats = new Double[size];
    Double[] products = new Double[size];
    String[] outcomes = new String[size];
    String[] keys = new String[size];
    String[] hashes = new String[size];
    for (int i = 0; i < size; i++) {
      KeyedStore store = stores.get(i);
      ints[i] = store.combination().intValue();
      floats[i] = store.combination().floatValue();
      products[i] = store.combination().product();
      outcomes[i] = store.combination().outcome().name();
      keys[i] = store.key();
      hashes[i] = store.requestHash();
    }
    return getEntityManager()
        .createNativeQuery(INSERT_BATCH_WITH_KEYS, ProductEntity.class)
        .setParameter(1, ints)
        .setParameter(2, floats)
        .setParameter(3, products)
        .setParameter(4, outcomes)
        .setParameter(5, keys)
        .setParameter(6, hashes);
  }

  private Query insertWithKey(Combination combination, String idempotencyKey, String requestHash) {
    return insert(INSERT_WITH_KEY, combination)
        .setParameter(5, idempotencyKey)
        .setParameter(6, requestHash);
  }

  private Query insert(String sql, Combination combination) {
    return getEntityManager()
        .createNativeQuery(sql, ProductEntity.class)
        .setParameter(1, combination.intValue())
        .setParameter(2, combination.floatValue())
        .setParameter(3, combination.product())
        .setParameter(4, combination.outcome().name());
  }

  private static ProductEntity single(List<?> rows) {
    if (rows.size() != 1) {
      throw new IllegalStateException("INSERT ... RETURNING gave " + rows.size() + " rows");
    }
    return (ProductEntity) rows.get(0);
  }

  @Transactional
  public Optional<ProductEntity> byId(long id) {
    return findByIdOptional(id);
  }

  /**
   * A page of products, newest first ({@code ORDER BY created_at DESC, id DESC}). The total comes
   * from the running totals, not from a {@code count(*)} over the table.
   *
   * @param page zero-based page index
   * @param size page size, at least 1
   */
  @Transactional
  public ProductPage newestFirst(int page, int size) {
    long total = asLong(getEntityManager().createNativeQuery(COUNT).getSingleResult());
    long offset = (long) page * size;
    if (offset >= total || offset > Integer.MAX_VALUE - size) {
      // Past the last product (or beyond what a JDBC offset can address): an empty page.
      return new ProductPage(List.of(), total);
    }
    int first = (int) offset;
    List<ProductEntity> items = findAll(NEWEST_FIRST).range(first, first + size - 1).list();
    return new ProductPage(items, total);
  }

  /** Count, min, max, mean and count per outcome, from the running totals in one query. */
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
