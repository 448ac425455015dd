package dev.generatorsuite.combiner.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.generatorsuite.combiner.api.EmbeddedPostgresResource;
import dev.generatorsuite.combiner.api.TestDatabase;
import dev.generatorsuite.combiner.domain.RulesEngine;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The write path in JDBC: what an insert returns is the row as stored, committed by the time it
 * returns, and a rehearsal leaves neither a row nor an open transaction behind.
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
class ProductInsertsTest {

  private static final String HASH = "c".repeat(64);

  /** The entity's mapped fields (Hibernate's enhancement adds others). */
  private static final String[] COLUMNS = {
    "id",
    "intValue",
    "floatValue",
    "product",
    "outcome",
    "createdAt",
    "idempotencyKey",
    "requestHash"
  };

  @Inject ProductInserts inserts;
  @Inject ProductRepository repository;
  @Inject RulesEngine rules;
  @Inject TestDatabase database;
  @Inject AgroalDataSource dataSource;

  @BeforeEach
  void emptyTable() {
    database.clear();
  }

  @Test
  void theRowThatComesBackIsTheRowStored() {
    ProductEntity unkeyed = inserts.insert(rules.combine(-7, 3.25)).product();
    List<StoreResult> keyed =
        inserts.insertKeyed(
            List.of(
                new KeyedStore(rules.combine(12, 0.5), "row-1", HASH),
                new KeyedStore(rules.combine(3, -4.0), "row-2", HASH)));

    assertThat(unkeyed.idempotencyKey).isNull();
    assertThat(unkeyed.requestHash).isNull();
    for (ProductEntity returned :
        List.of(unkeyed, keyed.get(0).product(), keyed.get(1).product())) {
      assertThat(returned)
          .usingRecursiveComparison()
          .comparingOnlyFields(COLUMNS)
          .isEqualTo(repository.byId(returned.id).orElseThrow());
    }
  }

  @Test
  void aStoreIsCommittedWhenItReturns() {
    inserts.insert(rules.combine(1, 1.0));
    inserts.insertKeyed(List.of(keyed("seen", 2)));
    inserts.insertKeyed(List.of(keyed("b1", 3), keyed("b2", 4)));

    // Read on a pooled connection after each insert gave its own back: a row not committed by
    // then would have been rolled back.
    assertThat(database.countProducts()).isEqualTo(4);
  }

  @Test
  void aRehearsalStoresNothingAndGivesItsConnectionBackInAutoCommit() throws SQLException {
    ProductEntity rehearsed = inserts.rehearse(rules.combine(5, 2.0), "rehearsal", HASH);

    assertThat(rehearsed.id).isNotNull();
    assertThat(rehearsed.idempotencyKey).isEqualTo("rehearsal");
    assertThat(database.countProducts()).isZero();
    // The keys were rolled back with their rows: storing them now creates them.
    assertThat(inserts.insertKeyed(List.of(keyed("rehearsal", 5))).get(0).created()).isTrue();
    assertThat(inserts.insertKeyed(List.of(keyed("rehearsal-1", 5))).get(0).created()).isTrue();
    try (Connection pooled = dataSource.getConnection()) {
      assertThat(pooled.getAutoCommit()).isTrue();
    }
  }

  @Test
  void aFailedStatementIsADatabaseAccessExceptionWithTheDriversError() {
    // A key longer than the column's 64 characters: the database refuses the row.
    KeyedStore tooLong = new KeyedStore(rules.combine(1, 1.0), "k".repeat(65), HASH);

    assertThatThrownBy(() -> inserts.insertKeyed(List.of(tooLong)))
        .isInstanceOf(DatabaseAccessException.class)
        .hasRootCauseInstanceOf(SQLException.class)
        .hasMessageContaining("storing 1 keyed products failed");
    assertThat(database.countProducts()).isZero();
  }

  private KeyedStore keyed(String key, int intValue) {
    return new KeyedStore(rules.combine(intValue, 1.0), key, HASH);
  }
}
