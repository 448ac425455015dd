package dev.generatorsuite.combiner.persistence;

import dev.generatorsuite.combiner.domain.Combination;
import dev.generatorsuite.combiner.domain.Outcome;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The product table's inserts, in plain JDBC on a pooled connection in auto-commit: each insert is
 * one statement that PostgreSQL commits before it answers, so a row that comes back is durable,
 * after one round trip. A JTA transaction would add a COMMIT round trip, and Narayana's and
 * Hibernate's work around it, to every batch, for a single statement that is atomic on its own.
 * Reads stay on Panache ({@link ProductRepository}).
 */
@ApplicationScoped
class ProductInserts {

  private static final String COLUMNS =
      "id, int_value, float_value, product, outcome, created_at, idempotency_key, request_hash";

  private static final String INSERT =
      "INSERT INTO product (int_value, float_value, product, outcome) VALUES (?, ?, ?, ?)"
          + " RETURNING "
          + COLUMNS;

  /**
   * Relies on the UNIQUE constraint: of any number of concurrent inserts with one key, exactly one
   * inserts; the others wait for it to commit and then insert nothing (no exception, no retry).
   */
  private static final String INSERT_WITH_KEY =
      "INSERT INTO product (int_value, float_value, product, outcome, idempotency_key,"
          + " request_hash) VALUES (?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT (idempotency_key) DO NOTHING RETURNING "
          + COLUMNS;

  /**
   * {@link #INSERT_WITH_KEY} for many rows in one statement, from one array per column. Of rows
   * with the same key in one batch, the first is inserted and the others skipped, like a later
   * request.
   */
  private static final String INSERT_BATCH_WITH_KEYS =
      "INSERT INTO product (int_value, float_value, product, outcome, idempotency_key,"
          + " request_hash) SELECT * FROM unnest(CAST(? AS integer[]),"
          + " CAST(? AS double precision[]), CAST(? AS double precision[]),"
          + " CAST(? AS varchar[]), CAST(? AS varchar[]), CAST(? AS char(64)[]))"
          + " ON CONFLICT (idempotency_key) DO NOTHING RETURNING "
          + COLUMNS;

  private static final String BY_KEYS =
      "SELECT " + COLUMNS + " FROM product WHERE idempotency_key = ANY (CAST(? AS varchar[]))";

  private final AgroalDataSource dataSource;

  ProductInserts(AgroalDataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Stores a combination as a new row. */
  StoreResult insert(Combination combination) {
    try (Connection connection = dataSource.getConnection()) {
      return new StoreResult(insert(connection, combination), true);
    } catch (SQLException e) {
      throw new DatabaseAccessException("storing a product", e);
    }
  }

  /**
   * Stores each keyed combination unless its key is taken, in one statement: one result per store,
   * in order, the new row or the one stored earlier under its key.
   */
  List<StoreResult> insertKeyed(List<KeyedStore> stores) {
    try (Connection connection = dataSource.getConnection()) {
      return insertKeyed(connection, stores);
    } catch (SQLException e) {
      throw new DatabaseAccessException("storing " + stores.size() + " keyed products", e);
    }
  }

  /**
   * Runs every insert of this class (unkeyed, keyed alone, keyed in a batch of two) in one
   * transaction that is rolled back: nothing is stored, only the id sequence moves on. The start-up
   * warm-up uses it to load and compile the write path before the first request needs it.
   *
   * @return the keyed row as the database returned it, never stored
   */
  ProductEntity rehearse(Combination combination, String idempotencyKey, String requestHash) {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        insert(connection, combination);
        insertKeyed(
            connection,
            List.of(
                new KeyedStore(combination, idempotencyKey + "-1", requestHash),
                new KeyedStore(combination, idempotencyKey + "-2", requestHash)));
        return insertKeyed(
                connection, List.of(new KeyedStore(combination, idempotencyKey, requestHash)))
            .get(0)
            .product();
      } finally {
        connection.rollback();
        connection.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new DatabaseAccessException("rehearsing the inserts", e);
    }
  }

  private static ProductEntity insert(Connection connection, Combination combination)
      throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
      bindCombination(insert, combination);
      return single(insert);
    }
  }

  private static List<StoreResult> insertKeyed(Connection connection, List<KeyedStore> stores)
      throws SQLException {
    if (stores.size() == 1) {
      return List.of(insertAlone(connection, stores.get(0)));
    }
    Map<String, ProductEntity> inserted = new HashMap<>();
    try (PreparedStatement insert = connection.prepareStatement(INSERT_BATCH_WITH_KEYS)) {
      bindColumns(connection, insert, stores);
      try (ResultSet rows = insert.executeQuery()) {
        while (rows.next()) {
          ProductEntity product = product(rows);
          inserted.put(product.idempotencyKey, product);
        }
      }
    }
    List<String> taken =
        stores.stream().map(KeyedStore::key).filter(k -> !inserted.containsKey(k)).toList();
    Map<String, ProductEntity> earlier =
        taken.isEmpty() ? new HashMap<>() : byKeys(connection, taken);
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

  private static StoreResult insertAlone(Connection connection, KeyedStore store)
      throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(INSERT_WITH_KEY)) {
      bindCombination(insert, store.combination());
      insert.setString(5, store.key());
      insert.setString(6, store.requestHash());
      try (ResultSet rows = insert.executeQuery()) {
        if (rows.next()) {
          return new StoreResult(product(rows), true);
        }
      }
    }
    // The key is taken by a committed row; a new statement reads it with a fresh snapshot.
    return new StoreResult(byKeys(connection, List.of(store.key())).get(store.key()), false);
  }

  private static Map<String, ProductEntity> byKeys(Connection connection, List<String> keys)
      throws SQLException {
    Map<String, ProductEntity> found = new HashMap<>();
    try (PreparedStatement select = connection.prepareStatement(BY_KEYS)) {
      select.setArray(1, connection.createArrayOf("varchar", keys.toArray()));
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          ProductEntity product = product(rows);
          found.put(product.idempotencyKey, product);
        }
      }
    }
    return found;
  }

  private static void bindCombination(PreparedStatement statement, Combination combination)
      throws SQLException {
    statement.setInt(1, combination.intValue());
    statement.setDouble(2, combination.floatValue());
    statement.setDouble(3, combination.product());
    statement.setString(4, combination.outcome().name());
  }

  private static void bindColumns(
      Connection connection, PreparedStatement insert, List<KeyedStore> stores)
      throws SQLException {
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
    Array[] columns = {
      connection.createArrayOf("int4", ints),
      connection.createArrayOf("float8", floats),
      connection.createArrayOf("float8", products),
      connection.createArrayOf("varchar", outcomes),
      connection.createArrayOf("varchar", keys),
      connection.createArrayOf("varchar", hashes)
    };
    for (int i = 0; i < columns.length; i++) {
      insert.setArray(i + 1, columns[i]);
    }
  }

  private static ProductEntity single(PreparedStatement insert) throws SQLException {
    try (ResultSet rows = insert.executeQuery()) {
      if (!rows.next()) {
        throw new IllegalStateException("INSERT ... RETURNING gave no row");
      }
      return product(rows);
    }
  }

  private static ProductEntity product(ResultSet row) throws SQLException {
    ProductEntity product = new ProductEntity();
    product.id = row.getLong("id");
    product.intValue = row.getInt("int_value");
    product.floatValue = row.getDouble("float_value");
    product.product = row.getDouble("product");
    product.outcome = Outcome.valueOf(row.getString("outcome"));
    product.createdAt = row.getObject("created_at", OffsetDateTime.class).toInstant();
    product.idempotencyKey = row.getString("idempotency_key");
    product.requestHash = row.getString("request_hash");
    return product;
  }
}
