package io.m300.harness.support.aws;

import java.util.Optional;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/** Reads Lambda functions as deployed. Keep methods small and independent: other checks add theirs here. */
public final class LambdaReader {

    private final LambdaClient lambda;

    public LambdaReader(LambdaClient lambda) {
        this.lambda = lambda;
    }

    /** GetFunction's configuration (role, logging config, ...), or empty when no such function exists. */
    public Optional<FunctionConfiguration> function(String name) {
        try {
            return Optional.of(lambda.getFunction(r -> r.functionName(name)).configuration());
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
    }
}
