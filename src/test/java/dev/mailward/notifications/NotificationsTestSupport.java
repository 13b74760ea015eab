package dev.mailward.notifications;

import org.springframework.stereotype.Component;

/**
 * What tests of other packages need of the notifications: send the due deliveries now (the test contexts do
 * not poll, {@code mailward.notifications.delivery-enabled=false}), as a console's dispatcher would.
 */
@Component
public class NotificationsTestSupport {

    private final Dispatcher dispatcher;

    public NotificationsTestSupport(Dispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    /** Sends every due delivery; returns how many were handled. */
    public int deliverNow() {
        int total = 0;
        int n;
        while ((n = dispatcher.runOnce()) > 0) {
            total += n;
        }
        return total;
    }
}
