package dev.mailward.checks;

import dev.mailward.checks.mtasts.MtaStsObservation;
import dev.mailward.checks.rdns.PtrObservation;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The facts one domain run observes once and hands on typed to every family that needs them:
 * the MTA-STS policy fetch ({@code mta-sts}, used by {@code endpoints} for the strict name check),
 * the PTR names of each MX address ({@code ptr}, used by {@code endpoints} for the banner
 * comparison) and what the domain declares about its mail ({@link MailUse}: null MX, SPF
 * {@code -all} alone; used by {@code dkim} and {@code mta-sts}). Whichever family asks first observes (in its own thread, under its own deadline);
 * a family asking while that runs waits for it, at most until its own deadline. Nothing waits for
 * a family that has not started, so the families still run concurrently in any order, and a run
 * without the owning family (a registry without it, a confirmation run of the probes only)
 * observes the fact once all the same.
 *
 * <p>This is the observe stage's memo: each family's observation keeps the typed value it used,
 * so the judge stage needs nothing from here. One instance per domain run
 * ({@link CheckRunner#observe}); thread-safe. Bounded by what the
 * families ask for: one policy per HTTPS port, one PTR observation per MX address, one
 * {@link MailUse} per domain.
 */
public final class RunObservations {

    private final ConcurrentMap<Integer, CompletableFuture<MtaStsObservation>> mtaSts = new ConcurrentHashMap<>();
    private final ConcurrentMap<InetAddress, CompletableFuture<PtrObservation.Address>> ptr = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, CompletableFuture<MailUse>> mailUse = new ConcurrentHashMap<>();

    /**
     * The MTA-STS observation of the run's domain, fetched from {@code httpsPort} (443 outside
     * labs) by {@code observe} unless another family of the run has done or is doing so. Empty
     * when another family's observation did not arrive before {@code deadline}.
     */
    public Optional<MtaStsObservation> mtaSts(int httpsPort, Instant deadline, Supplier<MtaStsObservation> observe) {
        return once(mtaSts, httpsPort, deadline, observe);
    }

    /**
     * The PTR observation of {@code address}, looked up by {@code observe} unless another family
     * of the run has done or is doing so. Empty when another family's observation did not arrive
     * before {@code deadline}.
     */
    public Optional<PtrObservation.Address> ptr(
            InetAddress address, Instant deadline, Supplier<PtrObservation.Address> observe) {
        return once(ptr, address, deadline, observe);
    }

    /**
     * What {@code domain} declares about its mail (null MX, SPF {@code -all} alone), asked by
     * {@code observe} unless another family of the run has done or is doing so. Empty when another
     * family's observation did not arrive before {@code deadline}.
     */
    public Optional<MailUse> mailUse(String domain, Instant deadline, Supplier<MailUse> observe) {
        return once(mailUse, domain, deadline, observe);
    }

    private static <K, V> Optional<V> once(
            ConcurrentMap<K, CompletableFuture<V>> facts, K key, Instant deadline, Supplier<V> observe) {
        CompletableFuture<V> mine = new CompletableFuture<>();
        CompletableFuture<V> theirs = facts.putIfAbsent(key, mine);
        if (theirs == null) {
            try {
                V value = observe.get();
                mine.complete(value);
                return Optional.of(value);
            } catch (RuntimeException | Error e) {
                // waiting families must not wait for an observation that will never come
                mine.completeExceptionally(e);
                throw e;
            }
        }
        try {
            long wait = Math.max(1, Duration.between(Instant.now(), deadline).toMillis());
            return Optional.ofNullable(theirs.get(wait, TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException | TimeoutException e) {
            return Optional.empty();
        }
    }
}
