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
