package io.m300.harness.support.report.findings;

import java.time.LocalDate;

/**
 * An accepted failure: a control (optionally one resource of it, by Terraform address) that may fail
 * until {@code expires} (inclusive), for a reason, with an owner, since {@code created}.
 * {@code index} is its place in the file (1-based), for messages.
 */
public record Waiver(
        int index, String control, String resource, String reason, String owner, LocalDate created, LocalDate expires) {

    /** {@code accepted until 2027-01-31: the partner VPN moves in January (network team)}. */
    public String accepted() {
        return "accepted until " + expires + ": " + reason + " (" + owner + ")";
    }

    /** {@code NET-04 on aws_lb_listener.http}, or the control alone. */
    public String scope() {
        return control + (resource == null ? "" : " on " + resource);
    }

    public boolean expiredOn(LocalDate today) {
        return today.isAfter(expires);
    }
}
