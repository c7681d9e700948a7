package atlas;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;

/**
 * A local Neo4j Community server, locked down like a real install: Bolt on 127.0.0.1:PORT only,
 * auth on, LOAD CSV limited to DIR/import with file URLs off, a memory ceiling per transaction.
 * Data in DIR.  Runs until SIGTERM (or Ctrl-C), then shuts the databases down cleanly.
 *
 * <pre>java -jar target/neo4j-launcher.jar DIR [PORT]</pre>
 *
 * Settings in DIR/neo4j.conf (if present) are applied, e.g. {@code server.memory.pagecache.size=2g}.
 * The lock-down settings are applied after that file, so it cannot loosen them.
 * Authentication is on (user neo4j, initial password neo4j, changed by the Python side on first start);
 * {@code -Datlas.auth=false} turns it off for a throwaway server.
 * {@code -Datlas.txmemory=512m} sets the memory ceiling of one transaction (default 512 MiB);
 * {@code -Datlas.txtimeout=1800} the longest a transaction may run, in seconds ({@code db.transaction.timeout});
 * {@code -Datlas.pagecache=2g} the page cache when there is no neo4j.conf (default 512 MiB).
 */
public final class Neo4jLauncher {
    public static void main(String[] args) throws InterruptedException {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: neo4j-launcher DATA_DIR [PORT]   (default port 7687)");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 7687;

        DatabaseManagementServiceBuilder builder = new DatabaseManagementServiceBuilder(home);
        Path conf = home.resolve("neo4j.conf");
        if (Files.exists(conf)) {
            builder.loadPropertiesFromFile(conf);
        } else {  // a modest page cache unless told: the default heuristic takes half the machine's memory
            builder.setConfig(GraphDatabaseSettings.pagecache_memory,
                    ByteUnit.parse(System.getProperty("atlas.pagecache", "512m")));
        }
        Path imports = home.resolve("import");
        try {
            Files.createDirectories(imports);
        } catch (java.io.IOException e) {
            System.err.println("neo4j-launcher: cannot create " + imports + ": " + e.getMessage());
            System.exit(1);
        }
        long txMemory = ByteUnit.parse(System.getProperty("atlas.txmemory", "512m"));
        // A backstop for transactions that carry no timeout of their own (clients set shorter ones).
        java.time.Duration txTimeout = java.time.Duration.ofSeconds(
                Long.parseLong(System.getProperty("atlas.txtimeout", "1800")));
        java.time.Duration boltShutdownWait = java.time.Duration.ofMillis(
                Long.parseLong(System.getProperty("atlas.boltshutdownms", "500")));
        DatabaseManagementService dbms = builder
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port))
                .setConfig(GraphDatabaseSettings.auth_enabled,
                        Boolean.parseBoolean(System.getProperty("atlas.auth", "true")))
                .setConfig(GraphDatabaseSettings.load_csv_file_url_root, imports)
                .setConfig(GraphDatabaseSettings.allow_file_urls, false)
                .setConfig(GraphDatabaseSettings.memory_transaction_max_size, txMemory)
                .setConfig(GraphDatabaseSettings.transaction_timeout, txTimeout)
                // Bolt's own shutdown waits 5 s twice after the databases are stopped and checkpointed
                // (thread pool, then connections): a stop (e.g. for the offline importer) need not.
                .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, boltShutdownWait)
                .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, boltShutdownWait)
                .build();

        // Terminated reads that keep evaluating one expression lose their thread after a grace period.
        RunawayStopper.start(dbms, Long.parseLong(System.getProperty("atlas.stopgrace", "2000")));

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("neo4j-launcher: shutting down");
            dbms.shutdown();  // checkpoints and closes the store files
            System.out.println("neo4j-launcher: stopped");
            stopped.countDown();
        }, "neo4j-launcher-shutdown"));

        System.out.println("neo4j-launcher: listening on bolt://127.0.0.1:" + port + " data " + home);
        System.out.flush();
        stopped.await();  // released by the shutdown hook
    }
}
