import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;

/**
 * Runs Neo4j Community in-process with the Bolt connector on loopback.
 *
 * Usage: java -cp 'lib/*' Launcher.java HOME PORT PASSWORD PAGECACHE [TX_MEMORY_MAX]
 * The password is read from the environment variable NEO4J_LOCAL_PASSWORD when PASSWORD is "-",
 * so that it does not show up in `ps`.
 */
public class Launcher {
    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[0]).toAbsolutePath();
        String port = args[1];
        String password = "-".equals(args[2]) ? System.getenv("NEO4J_LOCAL_PASSWORD") : args[2];
        String pagecache = args[3];
        String txMemoryMax = args.length > 4 ? args[4] : null;
        Files.createDirectories(home);

        Map<String, String> config = new LinkedHashMap<>();
        config.put("server.bolt.enabled", "true");
        config.put("server.bolt.listen_address", "127.0.0.1:" + port);
        config.put("server.bolt.advertised_address", "127.0.0.1:" + port);
        config.put("server.bolt.tls_level", "DISABLED");
        config.put("server.default_listen_address", "127.0.0.1");
        config.put("dbms.security.auth_enabled", "true");
        config.put("server.memory.pagecache.size", pagecache);
        // A whole load is one transaction (all or nothing); its state must fit this cap
        // (Neo4j's default is 70% of the heap).
        if (txMemoryMax != null && !txMemoryMax.isEmpty()) {
            config.put("dbms.memory.transaction.total.max", txMemoryMax);
        }
        // No usage reports: this machine has no route out and the attempt only adds noise.
        config.put("dbms.usage_report.enabled", "false");

        // The builder takes raw settings only from a file: write the effective neo4j.conf into
        // the home folder, where it also documents how the running server was configured.
        Path conf = home.resolve("neo4j.conf");
        Files.writeString(conf, config.entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("\n", "", "\n")));
        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home).loadPropertiesFromFile(conf).build();
        Runtime.getRuntime().addShutdownHook(new Thread(dbms::shutdown, "neo4j-shutdown"));

        // A fresh store has user neo4j/neo4j with a forced change; set the configured password
        // so that clients can log in at once. On a later start the same password is rejected
        // as "the same as the old one", which is fine.
        try {
            dbms.database("system").executeTransactionally(
                "ALTER USER neo4j SET PASSWORD $pw CHANGE NOT REQUIRED", Map.of("pw", password));
        } catch (RuntimeException e) {
            if (!String.valueOf(e.getMessage()).contains("Old password and new password cannot be the same")) {
                throw e;
            }
        }
        System.out.println("READY bolt://127.0.0.1:" + port);
        System.out.flush();
        Thread.currentThread().join();
    }
}
