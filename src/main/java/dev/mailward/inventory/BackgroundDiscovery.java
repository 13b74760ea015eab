package dev.mailward.inventory;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Discovery of bulk-imported domains, off the request thread, at most
 * {@link InventoryProperties#discoveryConcurrency()} at once. Domains wait as {@code PENDING}; a
 * restart leaves them pending until they are rediscovered (the scheduler will pick them up).
 */
@Component
class BackgroundDiscovery implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(BackgroundDiscovery.class);

    private final DomainDiscoverer discoverer;
    private final ExecutorService executor;

    BackgroundDiscovery(DomainDiscoverer discoverer, InventoryProperties properties) {
        this.discoverer = discoverer;
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(properties.discoveryConcurrency(), r -> {
            Thread t = new Thread(r, "inventory-discovery-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    void submit(List<Long> domainIds) {
        for (long id : domainIds) {
            try {
                executor.execute(() -> {
                    try {
                        discoverer.discover(id);
                    } catch (RuntimeException e) {
                        log.warn("Background discovery of domain {} failed", id, e);
                    }
                });
            } catch (RejectedExecutionException e) {
                log.debug("Discovery of domain {} not queued: shutting down", id);
                return;
            }
        }
    }

    @Override
    public void destroy() {
        executor.shutdownNow();
    }
}
