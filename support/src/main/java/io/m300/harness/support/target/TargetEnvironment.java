package io.m300.harness.support.target;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * A started target: where its API answers, in which region, with which credentials, and what it
 * can do. {@code terraformEnv} holds the variables Terraform needs to reach the same place.
 */
public record TargetEnvironment(
        String name,
        String description,
        Optional<URI> endpoint,
        String region,
        AwsCredentialsProvider credentials,
        Map<String, String> terraformEnv,
        Capabilities capabilities,
        boolean emulator) {

    public boolean isEmulator() {
        return emulator;
    }
}
