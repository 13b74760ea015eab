package dev.mailward.probe;

import java.io.IOException;

/** A session ended because a bound was hit or the server made it impossible to go on. */
final class ProbeAbort extends IOException {

    ProbeAbort(String reason) {
        super(reason);
    }
}
