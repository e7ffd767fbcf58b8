package io.m300.harness.support.iam;

import io.m300.harness.support.aws.Arns;
import java.util.Map;
import java.util.Optional;

/**
 * AWS-managed policies ({@code arn:<partition>:iam::aws:policy/...}) on a target that cannot read
 * them: moto 5.2.1 has none (GetPolicy answers NoSuchEntity, and attaching one fails, so a stack
 * that attaches one does not even apply there). Where the target has the policy, the checks read
 * it from IAM like any other; where it has not, they use this small table of common ones. Each
 * entry is the policy's grants as AWS documents them, or, for the very long ReadOnlyAccess, a
 * SUPERSET of them (every Get/List/Describe/BatchGet action of every service), so that a check
 * for "may it read X" errs on the side of yes. A policy neither readable nor in the table is a
 * finding of the check that needs it ("its grants are unknown"), never silently skipped.
 */
public final class AwsManagedPolicies {

    private static final String ALL = "\"Resource\":\"*\"";

    private static final Map<String, String> KNOWN = Map.of(
            "AdministratorAccess", "{\"Effect\":\"Allow\",\"Action\":\"*\"," + ALL + "}",
            "PowerUserAccess",
                    "{\"Effect\":\"Allow\",\"NotAction\":[\"iam:*\",\"organizations:*\",\"account:*\"]," + ALL + "},"
                            + "{\"Effect\":\"Allow\",\"Action\":[\"iam:CreateServiceLinkedRole\",\"iam:DeleteServiceLinkedRole\",\"iam:ListRoles\","
                            + "\"organizations:DescribeOrganization\",\"account:ListRegions\",\"account:GetAccountInformation\"],"
                            + ALL + "}",
            "ReadOnlyAccess",
                    "{\"Effect\":\"Allow\",\"Action\":[\"*:Get*\",\"*:List*\",\"*:Describe*\",\"*:BatchGet*\","
                            + "\"*:Search*\",\"*:Lookup*\",\"*:View*\"]," + ALL + "}",
            "AmazonSSMReadOnlyAccess",
                    "{\"Effect\":\"Allow\",\"Action\":[\"ssm:Describe*\",\"ssm:Get*\",\"ssm:List*\"]," + ALL + "}",
            "IAMFullAccess",
                    "{\"Effect\":\"Allow\",\"Action\":[\"iam:*\",\"organizations:DescribeAccount\","
                            + "\"organizations:DescribeOrganization\",\"organizations:DescribeOrganizationalUnit\","
                            + "\"organizations:DescribePolicy\",\"organizations:ListChildren\",\"organizations:ListParents\","
                            + "\"organizations:ListPoliciesForTarget\",\"organizations:ListRoots\",\"organizations:ListPolicies\","
                            + "\"organizations:ListTargetsForPolicy\"]," + ALL + "}",
            "service-role/AmazonECSTaskExecutionRolePolicy",
                    "{\"Effect\":\"Allow\",\"Action\":[\"ecr:GetAuthorizationToken\","
                            + "\"ecr:BatchCheckLayerAvailability\",\"ecr:GetDownloadUrlForLayer\",\"ecr:BatchGetImage\","
                            + "\"logs:CreateLogStream\",\"logs:PutLogEvents\"]," + ALL + "}",
            "service-role/AWSLambdaBasicExecutionRole",
                    "{\"Effect\":\"Allow\",\"Action\":[\"logs:CreateLogGroup\","
                            + "\"logs:CreateLogStream\",\"logs:PutLogEvents\"]," + ALL + "}",
            "service-role/AWSLambdaVPCAccessExecutionRole",
                    "{\"Effect\":\"Allow\",\"Action\":[\"logs:CreateLogGroup\","
                            + "\"logs:CreateLogStream\",\"logs:PutLogEvents\",\"ec2:CreateNetworkInterface\",\"ec2:DescribeNetworkInterfaces\","
                            + "\"ec2:DescribeSubnets\",\"ec2:DeleteNetworkInterface\",\"ec2:AssignPrivateIpAddresses\","
                            + "\"ec2:UnassignPrivateIpAddresses\"]," + ALL + "}");

    private AwsManagedPolicies() {}

    /** True for an ARN in the {@code aws} account's policy namespace, e.g. {@code arn:aws:iam::aws:policy/ReadOnlyAccess}. */
    public static boolean isAwsManaged(String policyArn) {
        return Arns.parse(policyArn)
                .filter(a -> a.service().equals("iam")
                        && a.region().isEmpty()
                        && a.accountId().filter("aws"::equals).isPresent()
                        && a.resourceAsString().startsWith("policy/")
                        && a.resourceAsString().length() > "policy/".length())
                .isPresent();
    }

    /** The table's document for an AWS-managed policy (named {@code "... (known copy, not read from IAM)"}), or empty. */
    public static Optional<PolicyDocument> known(String policyArn) {
        if (!isAwsManaged(policyArn)) {
            return Optional.empty();
        }
        String path = Arns.parse(policyArn).orElseThrow().resourceAsString().substring("policy/".length());
        String statements = KNOWN.get(path);
        if (statements == null) {
            return Optional.empty();
        }
        return Optional.of(PolicyDocument.parse(
                "AWS-managed policy " + policyArn + " (known copy, not read from IAM)",
                "{\"Version\":\"2012-10-17\",\"Statement\":[" + statements + "]}"));
    }
}
