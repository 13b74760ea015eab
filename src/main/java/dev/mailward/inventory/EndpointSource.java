package dev.mailward.inventory;

/** Whether an endpoint was found in the DNS (MX/SRV) or entered by a person. */
public enum EndpointSource {
    DISCOVERED,
    MANUAL
}
