package io.m300.harness.support.aws;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SsmReaderTest {

    @Test
    void aParameterArnIsFormedAsAwsFormsIt() {
        assertThat(SsmReader.parameterArn(
                        "arn:aws:sts::123456789012:assumed-role/ci/run",
                        "123456789012",
                        "eu-central-1",
                        "/m300/db/password"))
                .isEqualTo("arn:aws:ssm:eu-central-1:123456789012:parameter/m300/db/password");
        // a name without a leading slash, another partition
        assertThat(SsmReader.parameterArn(
                        "arn:aws-cn:iam::111122223333:user/ops", "111122223333", "cn-north-1", "db-password"))
                .isEqualTo("arn:aws-cn:ssm:cn-north-1:111122223333:parameter/db-password");
        // no caller ARN (an emulator that leaves it out): the aws partition
        assertThat(SsmReader.parameterArn(null, "123456789012", "us-east-1", "/p"))
                .isEqualTo("arn:aws:ssm:us-east-1:123456789012:parameter/p");
    }
}
