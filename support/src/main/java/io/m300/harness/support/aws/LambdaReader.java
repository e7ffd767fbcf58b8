package io.m300.harness.support.aws;

import java.util.Optional;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/** Lambda as the harness reads it: the one place that calls the SDK for Lambda (reads only). */
public final class LambdaReader {

    private final AwsClients aws;

    public LambdaReader(AwsClients aws) {
        this.aws = aws;
    }

    /** The function's configuration (by name or ARN, qualified or not), or empty when Lambda does not know it. */
    public Optional<FunctionConfiguration> function(String nameOrArn) {
        try {
            return Optional.of(
                    aws.lambda().getFunction(r -> r.functionName(nameOrArn)).configuration());
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
    }

    /** The function's resource policy (JSON text), or empty when it has none. */
    public Optional<String> policy(String nameOrArn) {
        try {
            return Optional.ofNullable(
                    aws.lambda().getPolicy(r -> r.functionName(nameOrArn)).policy());
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
    }

    /** Invokes the function synchronously with this JSON payload. */
    public InvokeResponse invoke(String function, String jsonPayload) {
        return aws.lambda().invoke(r -> r.functionName(function).payload(SdkBytes.fromUtf8String(jsonPayload)));
    }
}
