package dev.claviger.image.crypt.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Streams a blob through a caller-thread transform (AES-CTR) and then through several independent
 * stages (HMAC, digests, the output write), each stage on its own thread so the hashes of one chunk
 * run on different cores. Every stage sees every chunk in order. Memory is constant: {@code slots}
 * pairs of {@code chunkSize} buffers are recycled. A blob that fits in one chunk runs entirely on
 * the caller thread (no thread start-up for small layers).
 */
public final class ChunkPipeline {
  /** The in-place transform run on the caller thread. */
  @FunctionalInterface
  public interface Transform {
    void apply(byte[] in, byte[] out, int length);
  }

  /** One consumer of every chunk: {@code in} is the input chunk, {@code out} the transformed one. */
  @FunctionalInterface
  public interface Stage {
    void accept(byte[] in, byte[] out, int length) throws IOException;
  }

  private static final int SLOTS = 4;
  private static final Slot END = new Slot(0);
  private final int chunkSize;

  public ChunkPipeline(int chunkSize) {
    if (chunkSize < 4096) {
      throw new IllegalArgumentException("chunkSize < 4096");
    }
    this.chunkSize = chunkSize;
  }

  /** Runs the whole input through; returns the number of bytes read. */
  public long run(InputStream source, Transform transform, List<Stage> stages) throws IOException {
    Slot first = new Slot(chunkSize);
    int n = source.readNBytes(first.in, 0, chunkSize);
    transform.apply(first.in, first.out, n);
    if (n < chunkSize) {
      for (Stage stage : stages) {
        stage.accept(first.in, first.out, n);
      }
      return n;
    }
    return runParallel(source, transform, stages, first);
  }

  private long runParallel(InputStream source, Transform transform, List<Stage> stages, Slot first)
      throws IOException {
    BlockingQueue<Slot> free = new ArrayBlockingQueue<>(SLOTS);
    for (int i = 1; i < SLOTS; i++) {
      free.add(new Slot(chunkSize));
    }
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Worker> workers = new ArrayList<>();
    for (Stage stage : stages) {
      workers.add(new Worker(stage, free, failure));
    }
    long total = 0;
    try {
      Slot slot = first;
      first.length = chunkSize;
      while (true) {
        total += slot.length;
        dispatch(slot, workers);
        if (slot.length < chunkSize || failure.get() != null) {
          break;
        }
        slot = free.take();
        slot.length = source.readNBytes(slot.in, 0, chunkSize);
        if (slot.length == 0) {
          free.add(slot);
          break;
        }
        transform.apply(slot.in, slot.out, slot.length);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failure.compareAndSet(null, new InterruptedIOException("layer pipeline interrupted"));
    } finally {
      for (Worker w : workers) {
        w.finish();
      }
    }
    rethrow(failure.get());
    return total;
  }

  private static void dispatch(Slot slot, List<Worker> workers) {
    slot.pending.set(workers.size());
    for (Worker w : workers) {
      w.queue.add(slot);
    }
  }

  private static void rethrow(Throwable t) throws IOException {
    if (t == null) {
      return;
    }
    if (t instanceof IOException io) {
      throw io;
    }
    if (t instanceof RuntimeException re) {
      throw re;
    }
    if (t instanceof Error e) {
      throw e;
    }
    throw new IOException(t);
  }

  private static final class Slot {
    final byte[] in;
    final byte[] out;
    final AtomicInteger pending = new AtomicInteger();
    int length;

    Slot(int size) {
      in = new byte[size];
      out = new byte[size];
    }
  }

  private static final class Worker implements Runnable {
    final BlockingQueue<Slot> queue = new LinkedBlockingQueue<>();
    private final Stage stage;
    private final BlockingQueue<Slot> free;
    private final AtomicReference<Throwable> failure;
    private final Thread thread;

    Worker(Stage stage, BlockingQueue<Slot> free, AtomicReference<Throwable> failure) {
      this.stage = stage;
      this.free = free;
      this.failure = failure;
      this.thread = Thread.ofPlatform().daemon().name("layer-crypt").start(this);
    }

    @Override
    public void run() {
      while (true) {
        Slot slot;
        try {
          slot = queue.take();
        } catch (InterruptedException e) {
          failure.compareAndSet(null, new InterruptedIOException("layer stage interrupted"));
          return;
        }
        if (slot == END) {
          return;
        }
        if (failure.get() == null) {
          try {
            stage.accept(slot.in, slot.out, slot.length);
          } catch (Throwable t) {
            failure.compareAndSet(null, t);
          }
        }
        if (slot.pending.decrementAndGet() == 0) {
          free.offer(slot);
        }
      }
    }

    void finish() {
      queue.add(END);
      boolean interrupted = false;
      while (true) {
        try {
          thread.join();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
