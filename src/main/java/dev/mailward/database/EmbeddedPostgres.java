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
import java.util.Optional;
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
    private volatile boolean closed;
    private volatile Process postmaster;

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
        if (!database.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("database name '" + database + "' is not a plain identifier");
        }
        try {
            Files.createDirectories(baseDir);
            Path binDir = extractBinaries();
            Path pgData = baseDir.resolve("postgres");
            Path pwFile = baseDir.resolve("db-password");
            String password;
            if (!holdsCluster(baseDir, pgData)) {
                password = newPassword();
                writeSecret(pwFile, password);
                initdb(binDir, pgData, pwFile);
            } else if (Files.exists(pwFile)) {
                password = Files.readString(pwFile, StandardCharsets.UTF_8).strip();
            } else {
                throw new EmbeddedDatabaseException(
                        "the embedded database in " + pgData + " exists but its password file " + pwFile
                                + " is missing",
                        "Restore " + pwFile + " from the backup of " + baseDir + ", or move " + pgData
                                + " aside to start with an empty database.");
            }
            EmbeddedPostgres pg = new EmbeddedPostgres(binDir, pgData, port == 0 ? freePort() : port, password);
            try {
                pg.startServer();
                pg.createDatabase(database, pwFile);
            } catch (RuntimeException e) {
                // whatever got as far as a running postmaster must not outlive this failed start
                pg.stopAfterFailedStart();
                throw e;
            }
            return pg;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot start the embedded PostgreSQL under " + baseDir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Whether {@code pgData} holds a cluster (false: absent or an empty directory, initdb makes
     * one); a directory with files that do not make a cluster is refused with what is wrong.
     */
    static boolean holdsCluster(Path baseDir, Path pgData) throws IOException {
        if (!Files.exists(pgData, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        if (!Files.isDirectory(pgData)) {
            throw damaged(baseDir, pgData, "it is not a directory");
        }
        try (var entries = Files.list(pgData)) {
            if (entries.findAny().isEmpty()) {
                return false;
            }
        }
        Path version = pgData.resolve("PG_VERSION");
        if (!Files.isRegularFile(version)) {
            throw damaged(baseDir, pgData, "it holds files but no PostgreSQL cluster (PG_VERSION is missing)");
        }
        byte[] head;
        try (InputStream in = Files.newInputStream(version)) {
            head = in.readNBytes(32);
        }
        if (!new String(head, StandardCharsets.US_ASCII).strip().matches("[0-9]{1,3}")) {
            throw damaged(baseDir, pgData, "its PG_VERSION file does not name a PostgreSQL version");
        }
        if (!Files.isRegularFile(pgData.resolve("global").resolve("pg_control"))) {
            throw damaged(baseDir, pgData, "its control file global/pg_control is missing");
        }
        return true;
    }

    private static EmbeddedDatabaseException damaged(Path baseDir, Path pgData, String what) {
        return new EmbeddedDatabaseException(
                "the embedded database's data directory " + pgData + " is damaged: " + what,
                restoreOrMoveAside(baseDir, pgData));
    }

    private static String restoreOrMoveAside(Path baseDir, Path pgData) {
        return "Restore " + baseDir + " from a backup, or move " + pgData + " aside (for example to " + pgData
                + ".damaged) to start with an empty database; Mailward does not repair or delete it.";
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
                    .start()
                    .getOutputStream()
                    .close();
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

    /**
     * Starts the postmaster as a child of this JVM (not through {@code pg_ctl}, which leaves it to
     * whichever process adopts orphans): the JVM reaps it when it dies, so a killed server never
     * lingers as a zombie that blocks the next start, and its death is seen at once.
     */
    private void startServer() throws IOException {
        stopStaleServer();
        long logStart = Files.exists(logFile) ? Files.size(logFile) : 0;
        List<String> cmd = new ArrayList<>();
        if (runningAsRoot()) {
            cmd.addAll(List.of("unshare", "--user", "--map-user=65534", "--map-group=65534"));
        }
        cmd.addAll(List.of(
                binDir.resolve("postgres").toString(),
                "-D",
                pgData.toString(),
                "-p",
                String.valueOf(port),
                "-h",
                "127.0.0.1",
                "-c",
                "unix_socket_directories=",
                "-c",
                "max_connections=300"));
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .start();
        p.getOutputStream().close();
        try {
            awaitReady(p);
        } catch (RuntimeException e) {
            // SIGTERM first: a postmaster killed outright leaves its children to notice on their own
            p.destroy();
            reap(p);
            String said = logSince(logStart);
            throw new EmbeddedDatabaseException(
                    "the embedded PostgreSQL did not start on 127.0.0.1:" + port + " (" + e.getMessage() + ")"
                            + (said.isEmpty() ? "" : "; its log " + logFile + " says: " + said),
                    startAdvice(said),
                    e);
        }
        postmaster = p;
        running = true;
        log.info("Embedded PostgreSQL started on 127.0.0.1:{} with data in {}", port, pgData);
    }

    /** Waits until the postmaster {@code p} says "ready" in its {@code postmaster.pid}, or exits, or times out. */
    private void awaitReady(Process p) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        Path pidFile = pgData.resolve("postmaster.pid");
        try {
            while (true) {
                if (p.waitFor(100, TimeUnit.MILLISECONDS)) {
                    throw new IllegalStateException("postgres exited with status " + p.exitValue());
                }
                List<String> lines = Files.exists(pidFile) ? readLines(pidFile) : List.of();
                // line 1: the postmaster's pid (an old file may still name a dead one); line 8: its status
                if (lines.size() >= 8
                        && lines.getFirst().strip().equals(Long.toString(p.pid()))
                        && lines.get(7).strip().equals("ready")) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "it did not accept connections within " + START_TIMEOUT.toSeconds() + " s");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the start was interrupted", e);
        }
    }

    /** Waits up to 10 s for {@code p} to end, then kills it. */
    private static void reap(Process p) {
        if (p == null) {
            return;
        }
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        }
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.US_ASCII);
        } catch (IOException | UncheckedIOException e) {
            return List.of();
        }
    }

    /** What to do about a start that failed, from what the server logged. */
    private String startAdvice(String said) {
        if (said.contains("could not create any TCP/IP sockets") || said.contains("already in use")) {
            return "Another program uses port " + port + " on 127.0.0.1: stop it, or set mailward.database.port to a "
                    + "free port (0 picks one at each start).";
        }
        if (said.contains("lock file") && said.contains("exists")) {
            return "Another PostgreSQL still runs on " + pgData + " (see its postmaster.pid): stop it, then start "
                    + "Mailward again.";
        }
        if (said.contains("PG_VERSION")
                || said.contains("pg_control")
                || said.contains("incompatible")
                || said.contains("not a valid data directory")
                || said.contains("could not read file")
                || said.contains("invalid")) {
            return "The data directory looks damaged or was made by another PostgreSQL version. "
                    + restoreOrMoveAside(pgData.getParent(), pgData);
        }
        return "Read " + logFile + " for the cause. If it says the data directory is damaged: "
                + restoreOrMoveAside(pgData.getParent(), pgData);
    }

    /** The error lines the server logged after {@code offset} (at most the last 16 KiB, 6 lines). */
    private String logSince(long offset) {
        try (FileChannel ch = FileChannel.open(logFile, StandardOpenOption.READ)) {
            long size = ch.size();
            long from = Math.max(offset, size - 16 * 1024);
            if (from >= size) {
                return "";
            }
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate((int) (size - from));
            while (buf.hasRemaining() && ch.read(buf, from + buf.position()) > 0) {
                // read to the end
            }
            List<String> lines = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8)
                    .lines()
                    .filter(l -> l.contains("FATAL:")
                            || l.contains("PANIC:")
                            || l.contains("DETAIL:")
                            || l.contains("HINT:"))
                    .map(String::strip)
                    .toList();
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 6), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    /** Stops a postmaster that a failed start may have left (it would outlive the JVM otherwise). */
    private void stopAfterFailedStart() {
        running = false;
        if (!Files.exists(pgData.resolve("postmaster.pid"))) {
            return;
        }
        try {
            run(
                    List.of(
                            binDir.resolve("pg_ctl").toString(),
                            "-D",
                            pgData.toString(),
                            "-m",
                            "immediate",
                            "-w",
                            "-t",
                            "30",
                            "stop"),
                    Duration.ofSeconds(40),
                    "pg_ctl stop");
            reap(postmaster);
            log.info("Stopped the embedded PostgreSQL after a failed start");
        } catch (RuntimeException e) {
            log.debug("Nothing to stop after the failed start: {}", e.getMessage());
        }
    }

    /**
     * Whether the postmaster of this server runs: its process (from {@code postmaster.pid}) exists
     * and is not a zombie. Cheap: no connection is made.
     */
    public boolean serverAlive() {
        Process p = postmaster;
        if (p != null) {
            return p.isAlive();
        }
        return postmasterPid()
                .flatMap(ProcessHandle::of)
                .filter(ProcessHandle::isAlive)
                .filter(h -> !zombie(h.pid()))
                .isPresent();
    }

    /** The postmaster's process id, from the first line of {@code postmaster.pid}. */
    public Optional<Long> postmasterPid() {
        try (var lines = Files.lines(pgData.resolve("postmaster.pid"), StandardCharsets.US_ASCII)) {
            return lines.findFirst()
                    .map(String::strip)
                    .filter(l -> l.matches("[0-9]{1,10}"))
                    .map(Long::valueOf);
        } catch (IOException | UncheckedIOException e) {
            return Optional.empty();
        }
    }

    private static boolean zombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
            int end = stat.lastIndexOf(')');
            return end > 0 && end + 2 < stat.length() && stat.charAt(end + 2) == 'Z';
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Starts the server again on the same data directory and port (the pool's URL stays valid),
     * after its postmaster died. A postmaster still running is stopped first.
     *
     * @throws EmbeddedDatabaseException when it does not start (the message says why)
     * @throws IllegalStateException when this server was closed
     */
    public synchronized void restart() {
        if (closed) {
            throw new IllegalStateException("the embedded PostgreSQL was stopped on purpose");
        }
        try {
            startServer();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restart the embedded PostgreSQL: " + e.getMessage(), e);
        }
    }

    /** Whether {@link #close()} was called: the server is stopped on purpose and is not restarted. */
    public boolean closed() {
        return closed;
    }

    /** The cluster's directory ({@code <data-dir>/postgres}). */
    public Path dataDirectory() {
        return pgData;
    }

    /** The server's log file ({@code <data-dir>/postgres.log}). */
    public Path logFile() {
        return logFile;
    }

    /** A server left running by a JVM that was killed holds the data directory: stop it first. */
    private void stopStaleServer() {
        // a postmaster.pid whose process is gone (killed with the JVM) is PostgreSQL's own to clear
        if (serverAlive()) {
            try {
                run(
                        List.of(
                                binDir.resolve("pg_ctl").toString(),
                                "-D",
                                pgData.toString(),
                                "-m",
                                "fast",
                                "-w",
                                "stop"),
                        Duration.ofSeconds(60),
                        "pg_ctl stop (stale server)");
                log.info("Stopped a stale embedded PostgreSQL left running in {}", pgData);
            } catch (RuntimeException e) {
                log.debug("No stale server to stop: {}", e.getMessage());
            }
        }
    }

    private void createDatabase(String database, Path pwFile) {
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
            if ("28P01".equals(e.getSQLState())) {
                throw new EmbeddedDatabaseException(
                        "the password in " + pwFile + " does not open the embedded " + "database in " + pgData,
                        "Restore the " + pwFile.getFileName() + " file that belongs to "
                                + pgData + " from the same backup, or move " + pgData + " aside to start with an empty "
                                + "database.",
                        e);
            }
            throw new IllegalStateException("cannot create database " + database + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (!running) {
            return;
        }
        running = false;
        try {
            run(
                    List.of(
                            binDir.resolve("pg_ctl").toString(),
                            "-D",
                            pgData.toString(),
                            "-m",
                            "fast",
                            "-w",
                            "-t",
                            "60",
                            "stop"),
                    Duration.ofSeconds(70),
                    "pg_ctl stop");
            reap(postmaster);
            log.info("Embedded PostgreSQL stopped");
        } catch (RuntimeException e) {
            log.warn("Embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
        }
    }

    private static void initdb(Path binDir, Path pgData, Path pwFile) throws IOException {
        Files.createDirectories(pgData.getParent());
        run(
                List.of(
                        binDir.resolve("initdb").toString(),
                        "-D",
                        pgData.toString(),
                        "-U",
                        "postgres",
                        "--auth=scram-sha-256",
                        "--pwfile=" + pwFile,
                        "-E",
                        "UTF8",
                        "--locale=C"),
                Duration.ofMinutes(3),
                "initdb");
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
        try (FileChannel ch =
                        FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
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
