package dev.generatorsuite.combiner.persistence;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * Groups the writes of concurrent callers into shared statements ("group commit") without making
 * any caller wait on a thread: {@link #submit} queues the write and returns its future at once. At
 * most {@code writers} writer tasks run on the executor; each takes everything queued so far (at
 * most {@code maxBatch}) as one batch, writes it, completes the batch's futures, and goes on with
 * what queued meanwhile until the queue is empty. A lone write is therefore written at once, alone;
 * under load each statement carries everything that arrived while the previous ones ran.
 *
 * <p>A future completes only after the batch that holds its write has returned: with auto-committed
 * statements, only once its row is durable. It completes on the writer's thread, so a caller that
 * must not run there hands the result on itself (the resource does, to its event loop).
 *
 * @param <W> a write
 * @param <R> its result
 */
public final class GroupCommit<W, R> {

  private final int writers;
  private final int maxBatch;
  private final Executor executor;
  private final Function<List<W>, List<R>> writeBatch;

  private final List<Queued<W, R>> queue = new ArrayList<>();
  private int writing;

  /**
   * @param writers how many batches may be in flight at once, at least 1
   * @param maxBatch the most writes in one batch, at least 1
   * @param executor runs the writers; they block while their batch is written
   * @param writeBatch writes a batch and returns one result per write, in the same order; an
   *     exception fails every write of the batch
   */
  public GroupCommit(
      int writers, int maxBatch, Executor executor, Function<List<W>, List<R>> writeBatch) {
    if (writers < 1 || maxBatch < 1) {
      throw new IllegalArgumentException("writers and maxBatch must be at least 1");
    }
    this.writers = writers;
    this.maxBatch = maxBatch;
    this.executor = executor;
    this.writeBatch = writeBatch;
  }

  /**
   * Queues {@code write}, to be written alone or with others.
   *
   * @return its result, or what its batch's write threw (the same exception for each write of the
   *     batch)
   */
  public CompletableFuture<R> submit(W write) {
    Queued<W, R> mine = new Queued<>(write, new CompletableFuture<>());
    boolean startWriter;
    synchronized (queue) {
      queue.add(mine);
      startWriter = writing < writers;
      if (startWriter) {
        writing++;
      }
    }
    if (startWriter) {
      try {
        executor.execute(this::writeUntilEmpty);
      } catch (RuntimeException refused) {
        // A writer still running takes what is queued (it leaves only once it finds the queue
        // empty, under this lock); with none left, fail the queue rather than leave it waiting for
        // ever. Never fail a write that a writer may still take: its row could be stored.
        List<Queued<W, R>> stranded;
        synchronized (queue) {
          writing--;
          stranded = writing == 0 ? takeAll() : List.of();
        }
        stranded.forEach(queued -> queued.result.completeExceptionally(refused));
      }
    }
    return mine.result;
  }

  /** One writer: batches until nothing is queued. */
  private void writeUntilEmpty() {
    while (true) {
      List<Queued<W, R>> batch;
      synchronized (queue) {
        if (queue.isEmpty()) {
          writing--;
          return;
        }
        batch = takeBatch();
      }
      write(batch);
    }
  }

  private void write(List<Queued<W, R>> batch) {
    List<R> results;
    try {
      List<W> writes = batch.stream().map(Queued::write).toList();
      results = writeBatch.apply(writes);
      if (results.size() != writes.size()) {
        throw new IllegalStateException(
            "a batch of " + writes.size() + " writes gave " + results.size() + " results");
      }
    } catch (RuntimeException | Error failure) {
      batch.forEach(queued -> queued.result.completeExceptionally(failure));
      return;
    }
    for (int i = 0; i < batch.size(); i++) {
      batch.get(i).result.complete(results.get(i));
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

  /** Every queued write; the caller holds the lock. */
  private List<Queued<W, R>> takeAll() {
    List<Queued<W, R>> all = new ArrayList<>(queue);
    queue.clear();
    return all;
  }

  /** A write waiting for its result. */
  private record Queued<W, R>(W write, CompletableFuture<R> result) {}
}
