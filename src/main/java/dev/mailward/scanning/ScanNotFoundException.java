package dev.mailward.scanning;

/** A scan run, exception or domain that does not exist or that the user may not see. */
public class ScanNotFoundException extends RuntimeException {

    public ScanNotFoundException(String what, long id) {
        super(what + " " + id + " not found");
    }
}
