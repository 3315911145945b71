package dev.augur.operators.neural;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Collects requests submitted one at a time (from an operator's task thread) into micro-batches and runs each batch on
 * one worker thread: a batch runs as soon as it holds {@code maxBatch} requests, or {@code flushMillis} after its first
 * request arrived, whichever comes first. Batches run one after another in submission order, so a handler that is not
 * thread-safe (an ONNX Runtime session with its buffers) needs no locking. Each request's callback receives its answer
 * or the batch's failure, on the worker thread.
 *
 * <p>Bounding the work in flight is the caller's job (Flink's async operator capacity does it in the job).
 *
 * @param <Q> request type
 * @param <A> answer type
 */
public final class MicroBatcher<Q, A> implements AutoCloseable {
    /** Answers one batch: the i-th answer belongs to the i-th request. */
    public interface Handler<Q, A> {
        List<A> handle(List<Q> batch) throws Exception;
    }

    private final Handler<Q, A> handler;
    private final int maxBatch;
    private final long flushMillis;
    private final ScheduledExecutorService worker;
    private final Object lock = new Object();
    private List<Q> requests;
    private List<BiConsumer<A, Throwable>> callbacks;
    private ScheduledFuture<?> flushTimer;
    private long batches;
    private long answered;
    private boolean closed;

    /**
     * @param maxBatch most requests per handler call, >= 1
     * @param flushMillis longest wait of a request for its batch to fill, >= 1
     * @param threadName name of the worker thread
     */
    public MicroBatcher(Handler<Q, A> handler, int maxBatch, long flushMillis, String threadName) {
        if (handler == null || maxBatch < 1 || flushMillis < 1) {
            throw new IllegalArgumentException("expected a handler, maxBatch >= 1 and flushMillis >= 1 but found "
                    + handler + ", " + maxBatch + ", " + flushMillis);
        }
        this.handler = handler;
        this.maxBatch = maxBatch;
        this.flushMillis = flushMillis;
        ThreadFactory threads = r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        };
        this.worker = Executors.newSingleThreadScheduledExecutor(threads);
        this.requests = new ArrayList<>(maxBatch);
        this.callbacks = new ArrayList<>(maxBatch);
    }

    /** Queues {@code request}; {@code done} is called once, with the answer or the failure. */
    public void submit(Q request, BiConsumer<A, Throwable> done) {
        List<Q> fullRequests = null;
        List<BiConsumer<A, Throwable>> fullCallbacks = null;
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("expected an open batcher but found it closed");
            }
            requests.add(request);
            callbacks.add(done);
            if (requests.size() >= maxBatch) {
                fullRequests = requests;
                fullCallbacks = callbacks;
                takeBatch();
            } else if (requests.size() == 1) {
                flushTimer = worker.schedule(this::flushDue, flushMillis, TimeUnit.MILLISECONDS);
            }
        }
        if (fullRequests != null) {
            List<Q> q = fullRequests;
            List<BiConsumer<A, Throwable>> c = fullCallbacks;
            worker.execute(() -> run(q, c));
        }
    }

    /** Batches run so far. */
    public long batches() {
        synchronized (lock) {
            return batches;
        }
    }

    /** Requests answered so far (with an answer or a failure). */
    public long answered() {
        synchronized (lock) {
            return answered;
        }
    }

    /** Requests waiting for their batch. */
    public int waiting() {
        synchronized (lock) {
            return requests.size();
        }
    }

    /** Runs on the worker: the batch whose first request is flushMillis old, if it has not run yet. */
    private void flushDue() {
        List<Q> q;
        List<BiConsumer<A, Throwable>> c;
        synchronized (lock) {
            if (requests.isEmpty()) {
                return;
            }
            q = requests;
            c = callbacks;
            takeBatch();
        }
        run(q, c);
    }

    /** Starts a new batch; the caller holds the lock and has taken the current lists. */
    private void takeBatch() {
        requests = new ArrayList<>(maxBatch);
        callbacks = new ArrayList<>(maxBatch);
        if (flushTimer != null) {
            flushTimer.cancel(false);
            flushTimer = null;
        }
    }

    private void run(List<Q> q, List<BiConsumer<A, Throwable>> c) {
        List<A> answers = null;
        Throwable failure = null;
        try {
            answers = handler.handle(q);
            if (answers == null || answers.size() != q.size()) {
                failure = new IllegalStateException("expected " + q.size() + " answers from the batch handler but "
                        + "found " + (answers == null ? "null" : answers.size()));
            }
        } catch (Throwable t) {
            failure = t;
        }
        synchronized (lock) {
            batches++;
            answered += q.size();
        }
        for (int i = 0; i < c.size(); i++) {
            c.get(i).accept(failure == null ? answers.get(i) : null, failure);
        }
    }

    /** Fails the requests still waiting, stops the worker and waits up to 10 s for a running batch. */
    @Override
    public void close() throws InterruptedException {
        List<BiConsumer<A, Throwable>> orphans;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            orphans = callbacks;
            takeBatch();
        }
        worker.shutdown();
        worker.awaitTermination(10, TimeUnit.SECONDS);
        IllegalStateException gone = new IllegalStateException("the batcher was closed before the batch ran");
        for (BiConsumer<A, Throwable> c : orphans) {
            c.accept(null, gone);
        }
    }
}
