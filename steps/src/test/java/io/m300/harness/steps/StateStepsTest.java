package io.m300.harness.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.m300.harness.support.aws.CouldNotVerify;
import io.m300.harness.support.aws.S3Reader;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.GetBucketEncryptionRequest;
import software.amazon.awssdk.services.s3.model.GetBucketEncryptionResponse;
import software.amazon.awssdk.services.s3.model.GetBucketVersioningRequest;
import software.amazon.awssdk.services.s3.model.GetBucketVersioningResponse;
import software.amazon.awssdk.services.s3.model.GetPublicAccessBlockRequest;
import software.amazon.awssdk.services.s3.model.GetPublicAccessBlockResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** STATE-02's reads of the state bucket: an S3 error that is not the call's documented "none" is never a finding. */
class StateStepsTest {

    /** A bucket that is versioned, answers {@code encryption} for GetBucketEncryption and has no public access block. */
    private static S3Client bucket(S3Exception encryption) {
        return new S3Client() {
            @Override
            public GetBucketVersioningResponse getBucketVersioning(GetBucketVersioningRequest r) {
                return GetBucketVersioningResponse.builder()
                        .status(BucketVersioningStatus.ENABLED)
                        .build();
            }

            @Override
            public GetBucketEncryptionResponse getBucketEncryption(GetBucketEncryptionRequest r) {
                throw encryption;
            }

            @Override
            public GetPublicAccessBlockResponse getPublicAccessBlock(GetPublicAccessBlockRequest r) {
                throw error(404, "NoSuchPublicAccessBlockConfiguration");
            }

            @Override
            public String serviceName() {
                return "s3";
            }

            @Override
            public void close() {}
        };
    }

    private static S3Exception error(int status, String code) {
        return (S3Exception) S3Exception.builder()
                .statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode(code)
                        .serviceName("S3")
                        .errorMessage("injected")
                        .build())
                .build();
    }

    @Test
    void aDeniedEncryptionReadIsCouldNotVerifyNotAnUnencryptedBucket() {
        assertThatThrownBy(
                        () -> StateSteps.BucketFacts.read(new S3Reader(bucket(error(403, "AccessDenied"))), "tfstate"))
                .isInstanceOf(CouldNotVerify.class)
                .isNotInstanceOf(AssertionError.class)
                .hasMessageStartingWith("could not verify: s3.GetBucketEncryption answered AccessDenied (403)");
    }

    @Test
    void aThrottledEncryptionReadIsCouldNotVerify() {
        assertThatThrownBy(() -> StateSteps.BucketFacts.read(new S3Reader(bucket(error(503, "SlowDown"))), "tfstate"))
                .isInstanceOf(CouldNotVerify.class)
                .hasMessageStartingWith("could not verify: s3.GetBucketEncryption answered SlowDown (503)");
    }

    @Test
    void theDocumentedNotFoundCodesAreFindings() {
        var facts = StateSteps.BucketFacts.read(
                new S3Reader(bucket(error(404, "ServerSideEncryptionConfigurationNotFoundError"))), "tfstate");
        assertThat(facts.versioning()).isEqualTo("Enabled");
        assertThat(facts.encryption()).isEmpty();
        assertThat(facts.publicAccessBlock()).isNull();
        assertThat(facts.describe())
                .contains(
                        "default encryption: none (ServerSideEncryptionConfigurationNotFoundError)",
                        "public access block: none (NoSuchPublicAccessBlockConfiguration)");
    }
}
