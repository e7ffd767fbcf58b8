package io.m300.harness.support.aws;

import software.amazon.awssdk.services.iam.model.AccessKey;

/**
 * The role policy proof's IAM user (harness.enforceRolePolicy on moto), made with the emulator's
 * administrator before IAM enforcement is turned on: the user, its managed policies and its access key.
 * The one place that calls the SDK for it; SDK errors are thrown as they are thrown.
 */
public final class ProofUserWriter {

    private final AwsClients aws;

    /** Writes with these (the administrator's) clients. */
    public ProofUserWriter(AwsClients aws) {
        this.aws = aws;
    }

    /** The account the user is made in: the caller's. */
    public String account() {
        return aws.sts().getCallerIdentity().account();
    }

    public void createUser(String user) {
        aws.iam().createUser(r -> r.userName(user));
    }

    /** Creates a managed policy and answers its ARN. */
    public String createPolicy(String name, String document) {
        var iam = aws.iam();
        return iam.createPolicy(r -> r.policyName(name).policyDocument(document))
                .policy()
                .arn();
    }

    public void attachUserPolicy(String user, String policyArn) {
        aws.iam().attachUserPolicy(r -> r.userName(user).policyArn(policyArn));
    }

    /** A new access key of the user (its secret: never print it). */
    public AccessKey createAccessKey(String user) {
        return aws.iam().createAccessKey(r -> r.userName(user)).accessKey();
    }
}
