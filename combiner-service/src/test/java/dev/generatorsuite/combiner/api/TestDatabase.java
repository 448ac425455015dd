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
