package io.m300.harness.support.iam;

import io.m300.harness.support.aws.Arns;
import java.util.Optional;
import java.util.function.Predicate;

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
        if (Arns.parse(reference).isEmpty()) {
            return new RoleRef(reference, reference, "");
        }
        return new RoleRef(reference, Arns.lastName(reference), accountOf(reference));
    }

    /** The account field of an ARN ({@code arn:partition:service:region:ACCOUNT:...}), or empty. */
    public static String accountOf(String arn) {
        return Arns.accountOf(arn);
    }

    /** True when the reference is a bare name or an ARN in {@code account}. */
    public boolean inAccount(String account) {
        return this.account.isEmpty() || this.account.equals(account);
    }

    /**
     * What is wrong with {@code who} running as {@code reference} in {@code account}, in one line,
     * or empty when the role is of this account and {@code exists} knows its name. E.g.
     * {@code "the task (task definition td:1) runs as role arn:aws:iam::1:role/x, which does not
     * exist in this account: IAM has no role named x in account 1"}.
     */
    public static Optional<String> problem(String who, String reference, String account, Predicate<String> exists) {
        if (reference == null || reference.isBlank()) {
            return Optional.of(who + " names no role");
        }
        RoleRef ref = parse(reference);
        if (!ref.inAccount(account)) {
            return Optional.of(who + " runs as role " + reference + ", a role of another account (" + ref.account()
                    + "), not of this account (" + account + ")");
        }
        if (!exists.test(ref.name())) {
            return Optional.of(who + " runs as role " + reference
                    + ", which does not exist in this account: IAM has no role named " + ref.name() + " in account "
                    + account);
        }
        return Optional.empty();
    }
}
