package io.m300.harness.support.aws;

import io.m300.harness.support.stack.Secret;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.arns.Arn;
import software.amazon.awssdk.services.ssm.model.ParameterMetadata;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterStringFilter;

/**
 * Parameter Store as the harness reads it: the one place that calls the SDK for SSM parameters.
 * "Does not exist" is only SSM's documented answer (ParameterNotFound, an empty list); any other
 * error is {@link CouldNotVerify}. The sweeper's listing and deleting of a run's parameters
 * ({@link #parametersBeginningWith}, {@link #delete}) throw the SDK's own errors: the sweeper reports
 * each as denied or failed.
 */
public final class SsmReader {

    private final AwsClients aws;

    public SsmReader(AwsClients aws) {
        this.aws = aws;
    }

    /** The parameter's metadata (type, key; never its value), by name; empty when it does not exist. */
    public Optional<ParameterMetadata> metadata(String name) {
        return AwsCalls.read(
                        "ssm.DescribeParameters",
                        () -> aws.ssm()
                                .describeParameters(r -> r.parameterFilters(ParameterStringFilter.builder()
                                        .key("Name")
                                        .option("Equals")
                                        .values(name)
                                        .build()))
                                .parameters())
                .stream()
                .findFirst();
    }

    /**
     * The parameter's ARN, from its metadata where the target gives it (moto does not), else as AWS
     * forms it: {@code arn:<partition>:ssm:<region>:<account>:parameter/<name without its leading slash>},
     * partition and account from the caller's identity. Empty when the parameter does not exist.
     */
    public Optional<String> arn(String name) {
        return metadata(name).map(m -> {
            if (m.arn() != null && !m.arn().isBlank()) {
                return m.arn();
            }
            var caller = AwsCalls.read("sts.GetCallerIdentity", () -> aws.sts().getCallerIdentity());
            return parameterArn(caller.arn(), caller.account(), aws.target().region(), m.name());
        });
    }

    /** A parameter's ARN as AWS forms it; the partition is the caller's ({@code arn:aws-cn:...}), else {@code aws}. */
    static String parameterArn(String callerArn, String account, String region, String name) {
        String partition = Optional.ofNullable(callerArn)
                .flatMap(Arns::parse)
                .map(Arn::partition)
                .orElse("aws");
        String path = name.startsWith("/") ? name.substring(1) : name;
        return Arn.builder()
                .partition(partition)
                .service("ssm")
                .region(region)
                .accountId(account)
                .resource("parameter/" + path)
                .build()
                .toString();
    }

    /** The parameter's value, decrypted, wrapped so that it never prints; empty when it does not exist. */
    public Optional<Secret> value(String nameOrArn) {
        return AwsCalls.readIfExists(
                "ssm.GetParameter",
                () -> new Secret(aws.ssm()
                        .getParameter(r -> r.name(nameOrArn).withDecryption(true))
                        .parameter()
                        .value()),
                e -> e instanceof ParameterNotFoundException
                        || AwsCalls.code("ParameterNotFound").test(e));
    }

    /** The metadata of every parameter whose name begins with {@code prefix}, every page of it. */
    public List<ParameterMetadata> parametersBeginningWith(String prefix) {
        return aws
                .ssm()
                .describeParametersPaginator(r -> r.parameterFilters(ParameterStringFilter.builder()
                        .key("Name")
                        .option("BeginsWith")
                        .values(prefix)
                        .build()))
                .stream()
                .flatMap(page -> page.parameters().stream())
                .toList();
    }

    /** Deletes a parameter. */
    public void delete(String name) {
        aws.ssm().deleteParameter(r -> r.name(name));
    }
}
