package io.m300.harness.support.iam;

/**
 * A reference to an IAM role as a task definition or function names it: an ARN
 * ({@code arn:aws:iam::123456789012:role/path/name}) or a bare name. {@code account} is empty
 * for a bare name (it means the caller's own account).
 */
public record RoleRef(String reference, String name, String account) {

    public static RoleRef parse(String reference) {
        if (reference == null || reference.isBlank()) {
            throw new IllegalArgumentException("empty role reference");
        }
        if (!reference.startsWith("arn:")) {
            return new RoleRef(reference, reference, "");
        }
        String name = reference.substring(reference.lastIndexOf('/') + 1);
        return new RoleRef(reference, name, accountOf(reference));
    }

    /** The account field of an ARN ({@code arn:partition:service:region:ACCOUNT:...}), or empty. */
    public static String accountOf(String arn) {
        String[] parts = arn == null ? new String[0] : arn.split(":", 6);
        return parts.length >= 5 ? parts[4] : "";
    }

    /** True when the reference is a bare name or an ARN in {@code account}. */
    public boolean inAccount(String account) {
        return this.account.isEmpty() || this.account.equals(account);
    }
}
