package dev.generatorsuite.combiner.persistence;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * Groups the writes of concurrent callers into shared transactions ("group commit"), without a
 * thread of its own and without waiting for company: a caller that finds fewer than {@code writers}
 * batches in flight writes at once, everything queued so far with its own; the others queue. When a
 * batch is done, its writer hands what queued meanwhile to the first caller in that queue, which
 * writes it as the next batch, and returns. A lone caller therefore writes alone, at once; under
 * load each transaction carries everything that arrived while the previous ones ran.
 *
 * <p>Each caller returns only after the batch that holds its write has returned: with a transaction
 * per batch, only once its row is committed (durable).
 *
 * @param <W> a write
 * @param <R> its result
 */
public final class GroupCommit<W, R> {

  private final int writers;
  private final int maxBatch;
  private final Function<List<W>, List<R>> writeBatch;

  private final List<Queued<W, R>> queue = new ArrayList<>();
  private int writing;

  /**
   * @param writers how many batches may be in flight at once, at least 1
   * @param maxBatch the most writes in one batch, at least 1
   * @param writeBatch writes a batch in one transaction and returns one result per write, in the
   *     same order; an exception fails every write of the batch
   */
  public GroupCommit(int writers, int maxBatch, Function<List<W>, List<R>> writeBatch) {
    if (writers < 1 || maxBatch < 1) {
      throw new IllegalArgumentException("writers and maxBatch must be at least 1");
    }
    this.writers = writers;
    this.maxBatch = maxBatch;
    this.writeBatch = writeBatch;
  }

  /**
   * Writes {@code write}, alone or with others, and returns its result.
   *
   * @throws RuntimeException what the batch's write threw (the same exception for each of its
   *     callers)
   */
  public R write(W write) {
    Queued<W, R> mine = new Queued<>(write);
    List<Queued<W, R>> batch = null;
    synchronized (queue) {
      queue.add(mine);
      if (writing < writers) {
        writing++;
        batch = takeBatch();
      }
    }
    if (batch == null) {
      // Either a writer finishes this write, or hands this caller a batch to write.
      try {
        CompletableFuture.anyOf(mine.result, mine.lead).join();
      } catch (CompletionException failed) {
        // The write failed: unwrap() below throws its cause.
      }
      if (!mine.lead.isDone()) {
        return unwrap(mine);
      }
      batch = mine.lead.join();
    }
    writeAndHandOver(batch);
    return unwrap(mine);
  }

  private void writeAndHandOver(List<Queued<W, R>> batch) {
    try {
      List<W> writes = batch.stream().map(Queued::write).toList();
      List<R> results = writeBatch.apply(writes);
      if (results.size() != writes.size()) {
        throw new IllegalStateException(
            "a batch of " + writes.size() + " writes gave " + results.size() + " results");
      }
      for (int i = 0; i < batch.size(); i++) {
        batch.get(i).result.complete(results.get(i));
      }
    } catch (RuntimeException | Error failure) {
      batch.forEach(queued -> queued.result.completeExceptionally(failure));
    } finally {
      List<Queued<W, R>> next;
      synchronized (queue) {
        next = queue.isEmpty() ? null : takeBatch();
        if (next == null) {
          writing--;
        }
      }
      if (next != null) {
        next.get(0).lead.complete(next);
      }
    }
  }

  /** How many writes wait for a batch now. */
  int queued() {
    synchronized (queue) {
      return queue.size();
    }
  }

  /** The oldest queued writes, at most maxBatch; the caller holds the lock. */
  private List<Queued<W, R>> takeBatch() {
    int size = Math.min(queue.size(), maxBatch);
    List<Queued<W, R>> batch = new ArrayList<>(queue.subList(0, size));
    queue.subList(0, size).clear();
    return batch;
  }

  private static <W, R> R unwrap(Queued<W, R> queued) {
    try {
      return queued.result.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw e;
    }
  }

  /** A write waiting for its result, or for a batch to write (when it is handed one). */
  private record Queued<W, R>(
      W write, CompletableFuture<R> result, CompletableFuture<List<Queued<W, R>>> lead) {
    Queued(W write) {
      this(write, new CompletableFuture<>(), new CompletableFuture<>());
    }
  }
}
