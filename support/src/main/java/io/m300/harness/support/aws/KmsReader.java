package io.m300.harness.support.aws;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.NotFoundException;

/** KMS as the harness reads it: the one place that calls the SDK for KMS. */
public final class KmsReader {

    private final AwsClients aws;

    public KmsReader(AwsClients aws) {
        this.aws = aws;
    }

    /** The key behind an ID, ARN or alias, or empty when KMS does not know it. */
    public Optional<KeyMetadata> key(String idArnOrAlias) {
        try {
            return Optional.of(aws.kms().describeKey(r -> r.keyId(idArnOrAlias)).keyMetadata());
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    public boolean rotationEnabled(String keyId) {
        return aws.kms().getKeyRotationStatus(r -> r.keyId(keyId)).keyRotationEnabled();
    }

    /** The key's tags (the first page of ListResourceTags), in KMS's order; SDK errors are thrown as they are thrown. */
    public Map<String, String> resourceTags(String keyId) {
        Map<String, String> tags = new LinkedHashMap<>();
        aws.kms().listResourceTags(r -> r.keyId(keyId)).tags().forEach(t -> tags.put(t.tagKey(), t.tagValue()));
        return tags;
    }

    /** The key's policy (JSON text); a key has exactly one, named "default". */
    public String policy(String keyId) {
        return aws.kms().getKeyPolicy(r -> r.keyId(keyId).policyName("default")).policy();
    }

    /** The key's grants: grant ID to grantee principal. */
    public Map<String, String> grantees(String keyId) {
        Map<String, String> out = new LinkedHashMap<>();
        aws.kms()
                .listGrantsPaginator(r -> r.keyId(keyId))
                .grants()
                .forEach(g -> out.put(g.grantId(), g.granteePrincipal()));
        return out;
    }
}
