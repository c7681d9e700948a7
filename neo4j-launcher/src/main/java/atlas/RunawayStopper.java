package atlas;

import java.lang.reflect.Field;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.kernel.api.KernelTransactionHandle;
import org.neo4j.kernel.api.TerminationMark;
import org.neo4j.kernel.api.net.NetworkConnectionTracker;
import org.neo4j.kernel.api.net.TrackedNetworkConnection;
import org.neo4j.kernel.api.query.ExecutingQuery;
import org.neo4j.kernel.impl.api.KernelTransactions;
import org.neo4j.kernel.internal.GraphDatabaseAPI;

/**
 * Stops the thread of a transaction that was terminated (by TERMINATE TRANSACTIONS or its timeout)
 * but keeps running.
 *
 * <p>Neo4j terminates transactions cooperatively: the Cypher runtime checks the mark between rows,
 * not inside one expression, so a {@code reduce()} that builds a string keeps a core busy long after
 * its client left.  Every second this looks at the executing transactions of every database; one
 * marked for termination more than {@code grace} ago whose query still runs on a thread gets that
 * thread stopped ({@link Thread#stop()}, which unwinds it with a {@link ThreadDeath} that the Bolt
 * worker reports as a failed query, rolling the transaction back).  Only reads can be in that state
 * long: a write being terminated waits on locks or storage, which do check the mark.
 *
 * <p>{@code Thread.stop} exists up to Java 19 (this launcher targets 17); on a newer JVM it is
 * refused, and the stopper says so once in the log.
 */
final class RunawayStopper implements Runnable {
    private final DatabaseManagementService dbms;
    private final long graceNanos;
    private boolean refusedSaid;

    private RunawayStopper(DatabaseManagementService dbms, long graceMillis) {
        this.dbms = dbms;
        this.graceNanos = TimeUnit.MILLISECONDS.toNanos(graceMillis);
    }

    static ScheduledExecutorService start(DatabaseManagementService dbms, long graceMillis) {
        ScheduledExecutorService every = Executors.newSingleThreadScheduledExecutor(job -> {
            Thread thread = new Thread(job, "atlas-runaway-stopper");
            thread.setDaemon(true);
            return thread;
        });
        every.scheduleWithFixedDelay(new RunawayStopper(dbms, graceMillis), 1, 1, TimeUnit.SECONDS);
        return every;
    }

    @Override
    public void run() {
        try {
            for (String name : dbms.listDatabases()) {
                GraphDatabaseService db = dbms.database(name);
                if (db instanceof GraphDatabaseAPI api && db.isAvailable(0)) {
                    KernelTransactions registry = api.getDependencyResolver().resolveDependency(KernelTransactions.class);
                    NetworkConnectionTracker connections =
                            api.getDependencyResolver().resolveDependency(NetworkConnectionTracker.class);
                    for (KernelTransactionHandle handle : registry.executingTransactions()) {
                        stopIfRunaway(handle, connections);
                    }
                }
            }
        } catch (RuntimeException e) {  // a database shutting down, say: try again in a second
            System.out.println("neo4j-launcher: runaway check skipped: " + e);
        }
    }

    private void stopIfRunaway(KernelTransactionHandle handle, NetworkConnectionTracker connections) {
        Optional<TerminationMark> mark = handle.terminationMark();
        Optional<ExecutingQuery> query = handle.executingQuery();
        if (mark.isEmpty() || query.isEmpty() || System.nanoTime() - mark.get().getTimestampNanos() < graceNanos) {
            return;
        }
        Thread thread = threadOf(query.get());
        if (thread == null || !inCypher(thread)) {
            return;
        }
        try {
            stop(thread);
            // The stopped worker cannot answer its client, so the client's connection is closed: its
            // driver sees the failure at once, and closing it rolls the transaction back.
            String closed = handle.clientInfo().map(info -> close(connections, info.connectionId())).orElse("none");
            System.out.println("neo4j-launcher: stopped a terminated query still running on " + thread.getName()
                    + " (reason: " + mark.get().getReason() + "; connection closed: " + closed + ")");
        } catch (UnsupportedOperationException e) {
            if (!refusedSaid) {
                refusedSaid = true;
                System.out.println("neo4j-launcher: this JVM cannot stop a runaway query's thread; use Java 17");
            }
        }
    }

    private static String close(NetworkConnectionTracker connections, String id) {
        TrackedNetworkConnection connection = id == null ? null : connections.get(id);
        if (connection == null) {
            return "none";
        }
        connection.close();
        return id;
    }

    @SuppressWarnings({"deprecation", "removal"})
    private static void stop(Thread thread) {
        thread.stop();
    }

    /** The thread the query runs on: by id when it can be read, else by name. */
    private static Thread threadOf(ExecutingQuery query) {
        long id = -1;
        try {
            Field field = ExecutingQuery.class.getDeclaredField("threadExecutingTheQueryId");
            field.setAccessible(true);
            id = field.getLong(query);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // fall back to the name
        }
        String name = query.threadExecutingTheQueryName();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (id >= 0 ? thread.getId() == id : thread.getName().equals(name)) {
                return thread;
            }
        }
        return null;
    }

    /** True while the thread is inside the Cypher runtime (not back in the Bolt loop serving another query). */
    private static boolean inCypher(Thread thread) {
        for (StackTraceElement frame : thread.getStackTrace()) {
            if (frame.getClassName().startsWith("org.neo4j.cypher.internal.runtime")) {
                return true;
            }
        }
        return false;
    }

}
