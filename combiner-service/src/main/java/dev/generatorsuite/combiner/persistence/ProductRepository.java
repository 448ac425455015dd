package dev.generatorsuite.combiner.persistence;

import dev.generatorsuite.combiner.config.CombinerConfig;
import dev.generatorsuite.combiner.domain.Combination;
import dev.generatorsuite.combiner.domain.Outcome;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.quarkus.panache.common.Sort;
import io.smallrye.faulttolerance.api.RetryWhen;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.faulttolerance.Retry;

/**
 * Stores and reads products. The writes go through {@link ProductInserts} (plain JDBC, one
 * auto-committed statement each) inside their retry, so every attempt has a fresh connection;
 * concurrent keyed stores share a statement ({@link GroupCommit}, {@code combiner.writes.*}),
 * written on worker threads while their callers wait for nothing. The reads run in a transaction
 * each.
 */
@ApplicationScoped
public class ProductRepository implements PanacheRepository<ProductEntity> {

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

  private final ProductInserts inserts;

  private final GroupCommit<KeyedStore, StoreResult> keyedStores;

  /** Stores per statement of keyed stores: how much GroupCommit groups under the load. */
  private final DistributionSummary batchSizes;

  public ProductRepository(CombinerConfig config, ProductInserts inserts, MeterRegistry registry) {
    this.inserts = inserts;
    keyedStores =
        new GroupCommit<>(
            config.writes().concurrentBatches(),
            config.writes().maxBatchSize(),
            Infrastructure.getDefaultWorkerPool(),
            this::storeBatch);
    batchSizes =
        DistributionSummary.builder("generator.product.store.batch")
            .baseUnit("stores")
            .description("Keyed stores written in one transaction")
            .register(registry);
  }

  /**
   * Stores a combination as a new row, in one round trip (the row comes back from {@code
   * RETURNING}). Tried again while no connection can be had (nothing was sent yet), within the
   * retry's budget (application.properties, {@code ## Datasource}); a connection lost after the
   * statement was sent is not retried, as the row may be stored.
   */
  @Retry
  @RetryWhen(exception = DatabaseFailures.NotConnected.class)
  public StoreResult store(Combination combination) {
    return inserts.insert(combination);
  }

  /**
   * Stores a combination under an idempotency key: inserts only when no row carries that key yet;
   * otherwise returns the row stored earlier (the caller compares its {@code requestHash}). Safe to
   * repeat, so tried again after any failure of the database within the retry's budget (a pooled
   * connection broken by a database restart, a database starting up). Concurrent calls share
   * statements ({@link GroupCommit}); each completes once the statement holding its row has
   * committed, and a failed statement fails each of its calls, which then retry on their own. No
   * thread waits meanwhile: the retry's delays are timers, and the result arrives on the writer's
   * thread.
   *
   * @param requestHash the hash of the request body
   */
  @Retry
  @RetryWhen(exception = DatabaseFailures.Unavailable.class)
  public Uni<StoreResult> storeOnce(
      Combination combination, String idempotencyKey, String requestHash) {
    return Uni.createFrom()
        .completionStage(
            () -> keyedStores.submit(new KeyedStore(combination, idempotencyKey, requestHash)));
  }

  /** One statement for a batch of keyed stores (GroupCommit); a batch of one as a store alone. */
  List<StoreResult> storeBatch(List<KeyedStore> stores) {
    batchSizes.record(stores.size());
    return inserts.insertKeyed(stores);
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
    return inserts.rehearse(combination, idempotencyKey, requestHash);
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
