package dev.mailward.notifications;

/** A message could not be delivered; the reason is kept with the delivery (no secrets in it). */
class SendFailed extends Exception {

    SendFailed(String reason) {
        super(reason);
    }

    SendFailed(String reason, Throwable cause) {
        super(reason, cause);
    }
}
