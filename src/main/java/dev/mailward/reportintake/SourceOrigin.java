package dev.mailward.reportintake;

/**
 * Who a source address belongs to, as far as the intake could tell: its PTR name (null: none, or not resolved
 * yet), the organisation (the PTR name's registrable domain), whether the PTR name resolves back to the address
 * (forward-confirmed; an organisation that is not is only a claim), and from the operator's offline database the
 * autonomous system (number 0 and null texts: no database, or the address is in none of its ranges).
 */
public record SourceOrigin(
        String ptr, String organisation, boolean forwardConfirmed, long asn, String asName, String country) {

    /** Nothing known. */
    public static final SourceOrigin UNKNOWN = new SourceOrigin(null, null, false, 0, null, null);

    /** The organisation, or when it has none, the AS name, or null. */
    public String label() {
        return organisation != null ? organisation : asName;
    }
}
