package io.m300.harness.support.aws;

import io.m300.harness.support.stack.Secret;
import java.util.Optional;
import software.amazon.awssdk.services.ssm.model.ParameterMetadata;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterStringFilter;

/** Parameter Store as the harness reads it: the one place that calls the SDK for SSM parameters. */
public final class SsmReader {

    private final AwsClients aws;

    public SsmReader(AwsClients aws) {
        this.aws = aws;
    }

    /** The parameter's metadata (type, key; never its value), by name; empty when it does not exist. */
    public Optional<ParameterMetadata> metadata(String name) {
        return aws.ssm().describeParameters(r -> r.parameterFilters(
                ParameterStringFilter.builder().key("Name").option("Equals").values(name).build())).parameters().stream().findFirst();
    }

    /** The parameter's value, decrypted, wrapped so that it never prints; empty when it does not exist. */
    public Optional<Secret> value(String nameOrArn) {
        try {
            return Optional.of(new Secret(aws.ssm().getParameter(r -> r.name(nameOrArn).withDecryption(true)).parameter().value()));
        } catch (ParameterNotFoundException e) {
            return Optional.empty();
        }
    }
}
