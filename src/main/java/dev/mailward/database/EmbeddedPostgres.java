package dev.mailward.database;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server run from the binaries packaged by {@code io.zonky.test.postgres}. The data
 * directory persists across restarts; the superuser password is random, made at {@code initdb}
 * and kept in {@code <dataDir>/db-password} (mode 0600); the server listens on 127.0.0.1 only.
 *
 * <p>PostgreSQL refuses to run as root. When the JVM runs as root (containers, CI), the server
 * processes are started in a user namespace as {@code nobody} ({@code unshare --user}), which
 * needs no extra privileges.
 */
public final class EmbeddedPostgres implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgres.class);
    private static final String ARCHIVE = "postgres-linux-x86_64.txz";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final Path binDir;
    private final Path pgData;
    private final Path logFile;
    private final int port;
    private final String password;
    private volatile boolean running;

    private EmbeddedPostgres(Path binDir, Path pgData, int port, String password) {
        this.binDir = binDir;
        this.pgData = pgData;
        this.logFile = pgData.resolveSibling("postgres.log");
        this.port = port;
        this.password = password;
    }

    /**
     * Starts (and on first use initialises) a server whose files live under {@code baseDir}:
     * {@code baseDir/postgres} (the cluster), {@code baseDir/db-password}, {@code baseDir/postgres.log}.
     *
     * @param port TCP port on 127.0.0.1, or 0 for a free one
     * @param database database created on first start, e.g. {@code mailward}
     */
    public static EmbeddedPostgres start(Path baseDir, int port, String database) {
        try {
            Files.createDirectories(baseDir);
            Path binDir = extractBinaries();
            Path pgData = baseDir.resolve("postgres");
            Path pwFile = baseDir.resolve("db-password");
            String password;
            if (!Files.exists(pgData.resolve("PG_VERSION"))) {
                password = newPassword();
                writeSecret(pwFile, password);
                initdb(binDir, pgData, pwFile);
            } else if (Files.exists(pwFile)) {
                password = Files.readString(pwFile, StandardCharsets.UTF_8).strip();
            } else {
                throw new IllegalStateException("the embedded database in " + pgData + " exists but its password file "
                        + pwFile + " is missing; restore it or move the data directory away");
            }
            EmbeddedPostgres pg = new EmbeddedPostgres(binDir, pgData, port == 0 ? freePort() : port, password);
            pg.startServer();
            pg.createDatabase(database);
            return pg;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL under " + baseDir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Starts a small watchdog process that stops this server (and, if asked, deletes
     * {@code deleteAfter}) once this JVM has exited, however it exited. Without it a JVM killed
     * with SIGKILL would leave PostgreSQL running; tests use it to clean up without a shutdown
     * hook racing Spring's own context shutdown.
     */
    public void stopWhenJvmExits(Path deleteAfter) {
        long pid = ProcessHandle.current().pid();
        String prefix = runningAsRoot() ? "unshare --user --map-user=65534 --map-group=65534 " : "";
        String stop = prefix + quote(binDir.resolve("pg_ctl").toString()) + " -D " + quote(pgData.toString())
                + " -m fast -w -t 30 stop >/dev/null 2>&1";
        String cleanup = deleteAfter == null ? "" : "; rm -rf " + quote(deleteAfter.toString());
        String script = "while kill -0 " + pid + " 2>/dev/null; do sleep 0.5; done; " + stop + cleanup;
        try {
            new ProcessBuilder("setsid", "sh", "-c", script)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start().getOutputStream().close();
        } catch (IOException e) {
            log.warn("Cannot start the embedded PostgreSQL watchdog: {}", e.getMessage());
        }
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    public int port() {
        return port;
    }

    public String username() {
        return "postgres";
    }

    public String password() {
        return password;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    private void startServer() throws IOException {
        stopStaleServer();
        List<String> cmd = List.of(binDir.resolve("pg_ctl").toString(), "-D", pgData.toString(), "-l", logFile.toString(),
                "-w", "-t", String.valueOf(START_TIMEOUT.toSeconds()), "-o",
                "-p " + port + " -h 127.0.0.1 -c unix_socket_directories= -c max_connections=300", "start");
        run(cmd, START_TIMEOUT.plusSeconds(10), "pg_ctl start (see " + logFile + ")");
        running = true;
        log.info("Embedded PostgreSQL started on 127.0.0.1:{} with data in {}", port, pgData);
    }

    /** A server left running by a JVM that was killed holds the data directory: stop it first. */
    private void stopStaleServer() {
        Path pid = pgData.resolve("postmaster.pid");
        if (Files.exists(pid)) {
            try {
                run(List.of(binDir.resolve("pg_ctl").toString(), "-D", pgData.toString(), "-m", "fast", "-w", "stop"),
                        Duration.ofSeconds(60), "pg_ctl stop (stale server)");
                log.info("Stopped a stale embedded PostgreSQL left running in {}", pgData);
            } catch (RuntimeException e) {
                log.debug("No stale server to stop: {}", e.getMessage());
            }
        }
    }

    private void createDatabase(String database) {
        if (!database.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("database name '" + database + "' is not a plain identifier");
        }
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), username(), password);
                PreparedStatement q = c.prepareStatement("select 1 from pg_database where datname = ?")) {
            q.setString(1, database);
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    try (var st = c.createStatement()) {
                        st.execute("create database " + database);
                    }
                    log.info("Created database {}", database);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + database + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        if (!running) {
            return;
        }
        running = false;
        try {
            run(List.of(binDir.resolve("pg_ctl").toString(), "-D", pgData.toString(), "-m", "fast", "-w", "-t", "60",
                    "stop"), Duration.ofSeconds(70), "pg_ctl stop");
            log.info("Embedded PostgreSQL stopped");
        } catch (RuntimeException e) {
            log.warn("Embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
        }
    }

    private static void initdb(Path binDir, Path pgData, Path pwFile) throws IOException {
        Files.createDirectories(pgData.getParent());
        run(List.of(binDir.resolve("initdb").toString(), "-D", pgData.toString(), "-U", "postgres",
                "--auth=scram-sha-256", "--pwfile=" + pwFile, "-E", "UTF8", "--locale=C"), Duration.ofMinutes(3), "initdb");
        log.info("Initialised a new embedded PostgreSQL cluster in {}", pgData);
    }

    private static void run(List<String> command, Duration timeout, String what) {
        List<String> cmd = new ArrayList<>();
        if (runningAsRoot()) {
            // PostgreSQL refuses root; a user namespace maps us to nobody without privileges.
            cmd.addAll(List.of("unshare", "--user", "--map-user=65534", "--map-group=65534"));
        }
        cmd.addAll(command);
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out;
            try (InputStream in = p.getInputStream()) {
                out = in.readNBytes(64 * 1024);
            }
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(what + " did not finish within " + timeout.toSeconds() + " s");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(what + " failed (exit " + p.exitValue() + "): "
                        + new String(out, StandardCharsets.UTF_8).strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(what + " could not be run: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + " interrupted", e);
        }
    }

    private static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** Extracts the packaged binaries once per version into the temp directory (shared by JVMs). */
    private static Path extractBinaries() throws IOException {
        String os = System.getProperty("os.name", "").toLowerCase();
        String arch = System.getProperty("os.arch", "");
        if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            throw new IllegalStateException("the embedded PostgreSQL is packaged for Linux x86_64 only (this is " + os
                    + "/" + arch + "); set SPRING_DATASOURCE_URL to an external PostgreSQL");
        }
        var url = EmbeddedPostgres.class.getClassLoader().getResource(ARCHIVE);
        if (url == null) {
            throw new IllegalStateException(ARCHIVE + " is not on the class path (io.zonky.test.postgres binaries)");
        }
        String key;
        try (InputStream in = url.openStream()) {
            var md = java.security.MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            key = HexFormat.of().formatHex(md.digest(), 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "mailward-postgres-" + key);
        Path done = dir.resolve(".complete");
        if (Files.exists(done)) {
            return dir.resolve("bin");
        }
        Files.createDirectories(dir);
        try (FileChannel ch = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock ignored = ch.lock()) {
            if (!Files.exists(done)) {
                untar(url, dir);
                Files.writeString(done, "ok");
            }
        }
        return dir.resolve("bin");
    }

    private static void untar(java.net.URL url, Path dir) throws IOException {
        Path root = dir.toRealPath();
        try (InputStream raw = url.openStream();
                var xz = new XZCompressorInputStream(new java.io.BufferedInputStream(raw));
                var tar = new TarArchiveInputStream(xz)) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                Path target = root.resolve(e.getName()).normalize();
                if (!target.startsWith(root)) {
                    throw new IOException("archive entry escapes the target directory: " + e.getName());
                }
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                } else if (e.isSymbolicLink()) {
                    Files.createDirectories(target.getParent());
                    Files.deleteIfExists(target);
                    Files.createSymbolicLink(target, Path.of(e.getLinkName()));
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(tar, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    if ((e.getMode() & 0100) != 0) {
                        Set<PosixFilePermission> perms = PosixFilePermissions.fromString("rwxr-xr-x");
                        Files.setPosixFilePermissions(target, perms);
                    }
                }
            }
        }
        if (!Files.isDirectory(root.resolve("bin"), LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("the PostgreSQL archive has no bin directory");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String newPassword() {
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static void writeSecret(Path file, String secret) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, secret + "\n", StandardCharsets.UTF_8);
    }
}
