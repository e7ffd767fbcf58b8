package io.m300.harness.support.stack;

import io.m300.harness.support.aws.AwsClients;
import io.m300.harness.support.aws.types.ResourceType;
import io.m300.harness.support.aws.types.ResourceTypes;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * Whether a resource the state listed still exists, by the lookup its type's description gives
 * ({@link ResourceTypes}), for {@link StateListedResources}: {@link StateListedResources#ABSENT}
 * when the lookup no longer finds it, its state or {@code exists} when it does, {@code null} for a
 * type without a description. Only the service's documented "not found" answer for that type (its
 * error code, or HTTP 404 where the service sends no code) counts as absent; any other error is
 * thrown as {@link CouldNotVerify}: a failed lookup proves nothing. Reads identifiers from the
 * state's attributes, never prints other attributes.
 */
public final class AwsResourceExistence implements StateListedResources.Lookup {

    /** A lookup that got an answer other than a value or a documented "not found": the resource's fate is unknown. */
    public static final class CouldNotVerify extends RuntimeException {
        public CouldNotVerify(String message) {
            super(message, null, false, false);
        }
    }

    private final AwsClients aws;

    public AwsResourceExistence(AwsClients aws) {
        this.aws = aws;
    }

    /** The Terraform types this class can look up. */
    public static Set<String> supportedTypes() {
        return ResourceTypes.all().stream().map(ResourceType::terraformType).collect(Collectors.toSet());
    }

    @Override
    public String state(StackInventory.Resource resource) {
        Optional<ResourceType> type = ResourceTypes.of(resource.type());
        if (type.isEmpty()) {
            return null;
        }
        try {
            return type.get().existence().state(aws, resource);
        } catch (AwsServiceException e) {
            if (type.get().isNotFound(e)) {
                return StateListedResources.ABSENT;
            }
            throw new CouldNotVerify(
                    couldNotVerify(String.join(", ", type.get().actions().exists()), e));
        }
    }

    /** "could not verify: ec2:DescribeVpcs answered Throttling (HTTP 400)": the call and the code, never the message. */
    static String couldNotVerify(String call, AwsServiceException e) {
        String code = e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null
                ? "no error code"
                : e.awsErrorDetails().errorCode();
        return "could not verify: " + call + " answered " + code + " (HTTP " + e.statusCode() + ")";
    }
}
