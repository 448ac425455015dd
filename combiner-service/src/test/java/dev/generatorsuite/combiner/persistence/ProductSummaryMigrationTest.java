package dev.generatorsuite.combiner.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Upgrading a database that already holds products: migration V3 must start its running totals from
 * the rows stored before it, and be applicable again after a restore of an older dump left its
 * table behind.
 */
class ProductSummaryMigrationTest {

  private static final String TOTALS =
      "SELECT sum(row_count), min(product_min), max(product_max), sum(product_sum),"
          + " sum(miss_count), sum(hit_count), sum(crit_count) FROM product_summary";

  private static final String FROM_THE_TABLE =
      "SELECT count(*), min(product), max(product), sum(product),"
          + " count(*) FILTER (WHERE outcome = 'MISS'),"
          + " count(*) FILTER (WHERE outcome = 'HIT'),"
          + " count(*) FILTER (WHERE outcome = 'CRIT') FROM product";

  private static EmbeddedPostgres postgres;

  @BeforeAll
  static void startDatabase() throws Exception {
    postgres = EmbeddedPostgres.start();
  }

  @AfterAll
  static void stopDatabase() throws Exception {
    postgres.close();
  }

  @Test
  void theTotalsStartFromTheRowsStoredBefore() throws SQLException {
    DataSource database = postgres.getPostgresDatabase();
    flyway(database, "2").migrate();
    execute(
        database,
        "INSERT INTO product (int_value, float_value, product, outcome)"
            + " SELECT g % 7 - 3, g / 2.0, (g % 7 - 3) * g / 2.0, (ARRAY['MISS', 'HIT',"
            + " 'CRIT'])[g % 3 + 1] FROM generate_series(1, 5000) AS g");

    flyway(database, "latest").migrate();

    assertThat(row(database, TOTALS)).containsExactly(row(database, FROM_THE_TABLE));
    assertThat(row(database, TOTALS)[0]).isEqualTo("5000");

    // As after restoring a dump made before V3: its objects are gone from the history only.
    execute(database, "DELETE FROM flyway_schema_history WHERE version = '3'");
    execute(database, "DROP TRIGGER product_summary_on_insert ON product");
    execute(database, "DROP TRIGGER product_summary_on_change ON product");
    flyway(database, "latest").migrate();

    execute(
        database,
        "INSERT INTO product (int_value, float_value, product, outcome)"
            + " VALUES (2, 1.5, 3, 'MISS')");
    assertThat(row(database, TOTALS)).containsExactly(row(database, FROM_THE_TABLE));
    assertThat(row(database, TOTALS)[0]).isEqualTo("5001");
  }

  private static Flyway flyway(DataSource database, String target) {
    return Flyway.configure()
        .dataSource(database)
        .locations("classpath:db/migration")
        .target(target)
        .load();
  }

  private static void execute(DataSource database, String sql) throws SQLException {
    try (Connection connection = database.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  /** One row, every column as text (the products are halves: every sum is exact). */
  private static String[] row(DataSource database, String sql) throws SQLException {
    try (Connection connection = database.getConnection();
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      result.next();
      String[] columns = new String[result.getMetaData().getColumnCount()];
      for (int i = 0; i < columns.length; i++) {
        columns[i] = result.getString(i + 1);
      }
      return columns;
    }
  }
}
