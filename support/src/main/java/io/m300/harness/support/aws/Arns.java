package io.m300.harness.support.aws;

import java.util.Optional;
import software.amazon.awssdk.arns.Arn;

/**
 * What the SDK's {@link Arn} lacks for the harness: building an ARN of the {@code aws} partition
 * from its parts, a resource's last name, and a Lambda function's ARN without its qualifier.
 */
public final class Arns {

    /** The partition the harness builds ARNs in (moto and the account under test are in {@code aws}). */
    public static final String PARTITION = "aws";

    private Arns() {}

    /**
     * The ARN, if {@code text} is a well-formed one (of any partition); empty for a name, null, or
     * an ARN whose resource the SDK cannot read ({@code Arn.tryFromString} throws for some, e.g.
     * {@code arn:aws:iam::aws:policy/}).
     */
    public static Optional<Arn> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Arn.tryFromString(text);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Whether {@code nameOrArn} is a well-formed ARN rather than a name. */
    public static boolean isArn(String nameOrArn) {
        return parse(nameOrArn).isPresent();
    }

    /** {@code arn:aws:<service>:<region>:<account>:<resource>}; a null region or account is empty. */
    public static String of(String service, String region, String account, String resource) {
        return Arn.builder()
                .partition(PARTITION)
                .service(service)
                .region(region == null ? "" : region)
                .accountId(account == null ? "" : account)
                .resource(resource)
                .build()
                .toString();
    }

    /** The part after the resource's last {@code /} for an ARN, e.g. a role's name; anything else as given. */
    public static String lastName(String nameOrArn) {
        return parse(nameOrArn)
                .map(Arn::resourceAsString)
                .map(r -> r.substring(r.lastIndexOf('/') + 1))
                .orElse(nameOrArn);
    }

    /** The account of an ARN, or empty (a name, or an ARN without one). */
    public static String accountOf(String arn) {
        return parse(arn).flatMap(Arn::accountId).orElse("");
    }

    /** The service of an ARN, or empty for anything that is not one. */
    public static String serviceOf(String arn) {
        return parse(arn).map(Arn::service).orElse("");
    }

    /** A Lambda function's ARN without a version or alias qualifier ({@code ...:function:name:3}); others as given. */
    public static String unqualifiedFunction(String arn) {
        return parse(arn)
                .filter(a -> a.resource().qualifier().isPresent())
                .map(a -> a.toBuilder()
                        .resource(a.resource().resourceType().orElse("function") + ":"
                                + a.resource().resource())
                        .build()
                        .toString())
                .orElse(arn);
    }
}
