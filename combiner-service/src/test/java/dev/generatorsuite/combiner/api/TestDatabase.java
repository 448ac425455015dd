package dev.generatorsuite.combiner.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.List;

/** Direct access to the test database, to reset it and to check what was stored. */
@ApplicationScoped
public class TestDatabase {

  private final EntityManager entityManager;

  public TestDatabase(EntityManager entityManager) {
    this.entityManager = entityManager;
  }

  @Transactional
  public void clear() {
    entityManager.createNativeQuery("TRUNCATE product RESTART IDENTITY").executeUpdate();
    entityManager.createNativeQuery("TRUNCATE job_run, job_state RESTART IDENTITY").executeUpdate();
  }

  @Transactional
  public long countJobRuns() {
    return ((Number)
            entityManager.createNativeQuery("SELECT count(*) FROM job_run").getSingleResult())
        .longValue();
  }

  @Transactional
  public long countJobStates() {
    return ((Number)
            entityManager.createNativeQuery("SELECT count(*) FROM job_state").getSingleResult())
        .longValue();
  }

  /** Moves a run's start, lease and end (if any) back in time, as if it had run long ago. */
  @Transactional
  public void ageJobRun(long id, long seconds) {
    entityManager
        .createNativeQuery(
            "UPDATE job_run SET started_at = started_at - ?2 * interval '1 second',"
                + " lease_until = lease_until - ?2 * interval '1 second',"
                + " finished_at = finished_at - ?2 * interval '1 second' WHERE id = ?1")
        .setParameter(1, id)
        .setParameter(2, seconds)
        .executeUpdate();
  }

  @Transactional
  public long countProducts() {
    return ((Number)
            entityManager.createNativeQuery("SELECT count(*) FROM product").getSingleResult())
        .longValue();
  }

  /**
   * Stores {@code count} products straight into the table, in one statement (so the triggers see
   * one INSERT of {@code count} rows), with values spread over both signs and every outcome.
   */
  @Transactional
  public void insertProducts(int count) {
    entityManager
        .createNativeQuery(
            "INSERT INTO product (int_value, float_value, product, outcome)"
                + " SELECT i, f, i * f, CASE WHEN abs(i * f) >= 90 THEN 'CRIT'"
                + " WHEN abs(i * f) >= 50 THEN 'HIT' ELSE 'MISS' END"
                + " FROM (SELECT (g::bigint * 7919) % 201 - 100 AS i, (g::bigint * 104729) % 1000 / 997.0 AS f"
                + " FROM generate_series(1, ?1) AS g) AS v")
        .setParameter(1, count)
        .executeUpdate();
  }

  /** Runs one data-changing statement outside the API (what an operator might do with psql). */
  @Transactional
  public int execute(String sql) {
    return entityManager.createNativeQuery(sql).executeUpdate();
  }

  /**
   * The statistics computed from the product table itself: count, min, max, avg, then the count of
   * MISS, HIT and CRIT.
   */
  @Transactional
  public Object[] statsFromTheTable() {
    return (Object[])
        entityManager
            .createNativeQuery(
                "SELECT count(*), min(product), max(product), avg(product),"
                    + " count(*) FILTER (WHERE outcome = 'MISS'),"
                    + " count(*) FILTER (WHERE outcome = 'HIT'),"
                    + " count(*) FILTER (WHERE outcome = 'CRIT') FROM product")
            .getSingleResult();
  }

  @Transactional
  public List<String> appliedMigrations() {
    List<?> versions =
        entityManager
            .createNativeQuery(
                "SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank")
            .getResultList();
    return versions.stream().map(String::valueOf).toList();
  }
}
