package io.m300.harness.support.aws;

import io.m300.harness.support.target.TargetEnvironment;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.acm.AcmClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * AWS SDK v2 clients for one target, made on first use and closed together. Pointed at the
 * target's endpoint (an emulator) or at AWS through the credentials the target resolved.
 * {@link #withoutRetries(TargetEnvironment)} gives clients for probing: an emulator answers an
 * unimplemented call with HTTP 500, and the SDK's retries would make every probe slow.
 */
public final class AwsClients implements AutoCloseable {

    private final TargetEnvironment target;
    private final boolean retries;
    private final SdkHttpClient http = UrlConnectionHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(5))
            .socketTimeout(Duration.ofSeconds(60))
            .build();
    private final Map<Class<?>, AutoCloseable> clients = new ConcurrentHashMap<>();

    private AwsClients(TargetEnvironment target, boolean retries) {
        this.target = target;
        this.retries = retries;
    }

    public static AwsClients of(TargetEnvironment target) {
        return new AwsClients(target, true);
    }

    public static AwsClients withoutRetries(TargetEnvironment target) {
        return new AwsClients(target, false);
    }

    public TargetEnvironment target() {
        return target;
    }

    public Ec2Client ec2() {
        return get(Ec2Client.class, Ec2Client::builder);
    }

    public RdsClient rds() {
        return get(RdsClient.class, RdsClient::builder);
    }

    public IamClient iam() {
        // IAM is global: on AWS it answers in us-east-1 whatever the stack's region.
        return get(
                IamClient.class,
                IamClient::builder,
                target.isEmulator() ? Region.of(target.region()) : Region.AWS_GLOBAL);
    }

    public KmsClient kms() {
        return get(KmsClient.class, KmsClient::builder);
    }

    public SsmClient ssm() {
        return get(SsmClient.class, SsmClient::builder);
    }

    public StsClient sts() {
        return get(StsClient.class, StsClient::builder);
    }
    /** The SDK's CloudWatch client speaks RPC v2 CBOR, which moto 5.2 lacks: for alarms use {@link #cloudWatchQuery()}. */
    public CloudWatchClient cloudWatch() {
        return get(CloudWatchClient.class, CloudWatchClient::builder);
    }

    /** CloudWatch alarms over the Query protocol, which every target speaks (see {@link CloudWatchQuery}). */
    public CloudWatchQuery cloudWatchQuery() {
        return new CloudWatchQuery(target);
    }

    public CloudWatchLogsClient logs() {
        return get(CloudWatchLogsClient.class, CloudWatchLogsClient::builder);
    }

    public SnsClient sns() {
        return get(SnsClient.class, SnsClient::builder);
    }

    public SqsClient sqs() {
        return get(SqsClient.class, SqsClient::builder);
    }

    public EcsClient ecs() {
        return get(EcsClient.class, EcsClient::builder);
    }

    public ElasticLoadBalancingV2Client elbv2() {
        return get(ElasticLoadBalancingV2Client.class, ElasticLoadBalancingV2Client::builder);
    }

    public LambdaClient lambda() {
        return get(LambdaClient.class, LambdaClient::builder);
    }

    public EventBridgeClient events() {
        return get(EventBridgeClient.class, EventBridgeClient::builder);
    }

    public AcmClient acm() {
        return get(AcmClient.class, AcmClient::builder);
    }

    public S3Client s3() {
        return get(
                S3Client.class,
                () -> S3Client.builder()
                        .forcePathStyle(target.isEmulator())
                        // a leg in a second region reads the state bucket of the first (harness.stateRegion)
                        .crossRegionAccessEnabled(!target.isEmulator()));
    }

    private <C extends AutoCloseable> C get(Class<C> type, Supplier<? extends AwsClientBuilder<?, ?>> builder) {
        return get(type, builder, Region.of(target.region()));
    }

    @SuppressWarnings("unchecked")
    private <C extends AutoCloseable> C get(
            Class<C> type, Supplier<? extends AwsClientBuilder<?, ?>> builder, Region region) {
        return (C) clients.computeIfAbsent(type, t -> build(builder.get(), region));
    }

    private AutoCloseable build(AwsClientBuilder<?, ?> builder, Region region) {
        builder.credentialsProvider(target.credentials());
        builder.region(region);
        target.endpoint().ifPresent(builder::endpointOverride);
        builder.overrideConfiguration(overrides(retries));
        if (builder instanceof AwsSyncClientBuilder<?, ?> sync) {
            sync.httpClient(http);
        }
        return (AutoCloseable) builder.build();
    }

    /**
     * How every client calls: with retries, the SDK's standard retry strategy (throttling and 5xx
     * answers are retried with backoff, up to three attempts; what still fails is
     * {@link CouldNotVerify} in the readers, see {@link AwsCalls}); without, one attempt (probes).
     */
    static ClientOverrideConfiguration overrides(boolean retries) {
        return ClientOverrideConfiguration.builder()
                .retryStrategy(retries ? RetryMode.STANDARD : RetryMode.LEGACY)
                .applyMutation(b -> {
                    if (!retries) {
                        b.retryStrategy(s -> s.maxAttempts(1));
                    }
                })
                .apiCallTimeout(Duration.ofSeconds(retries ? 120 : 15))
                .build();
    }

    @Override
    public void close() {
        for (AutoCloseable c : clients.values()) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing is best effort
            }
        }
        clients.clear();
        http.close();
    }
}
