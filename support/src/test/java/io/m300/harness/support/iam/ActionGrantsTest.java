package io.m300.harness.support.iam;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** IAM-04: the FULL set of actions a role's policies allow, compared with the required set. */
class ActionGrantsTest {

    private static final Set<String> REQUIRED = Set.of(
            "rds:CreateDBSnapshot",
            "rds:DescribeDBInstances",
            "rds:AddTagsToResource",
            "logs:CreateLogStream",
            "logs:PutLogEvents");
    private static final String GOOD = """
            {"Effect":"Allow","Action":["rds:CreateDBSnapshot","rds:DescribeDBInstances","rds:AddTagsToResource"],
             "Resource":["arn:aws:rds:eu-west-1:1:db:m300-db","arn:aws:rds:eu-west-1:1:snapshot:m300-db-*"]},
            {"Effect":"Allow","Action":["logs:CreateLogStream","logs:PutLogEvents"],
             "Resource":"arn:aws:logs:eu-west-1:1:log-group:/aws/lambda/m300-backup:*"}""";
    /** The old probe list: an extra action outside it went unseen. */
    private static final List<String> OLD_PROBES = List.of(
            "rds:CreateDBSnapshot",
            "rds:DescribeDBInstances",
            "rds:AddTagsToResource",
            "rds:DeleteDBInstance",
            "rds:DeleteDBSnapshot",
            "iam:PassRole",
            "logs:CreateLogStream",
            "logs:PutLogEvents");

    private static PolicyDocument policy(String name, String statements) {
        return PolicyDocument.parse(name, "{\"Version\":\"2012-10-17\",\"Statement\":[" + statements + "]}");
    }

    @Test
    void anExtraExplicitActionInASecondPolicyFails() {
        List<PolicyDocument> docs = List.of(
                policy("inline backup", GOOD),
                policy("inline extra", "{\"Effect\":\"Allow\",\"Action\":\"rds:StopDBInstance\",\"Resource\":\"*\"}"));

        ActionGrants grants = ActionGrants.compare(docs, REQUIRED);

        assertThat(grants.exact()).isFalse();
        assertThat(grants.extra())
                .singleElement()
                .asString()
                .startsWith("rds:StopDBInstance (inline extra statement #1");
        assertThat(grants.granted()).contains("rds:StopDBInstance");
        assertThat(PrivilegeVerdict.exactlyAll(docs, REQUIRED).ok()).isFalse();
    }

    @Test
    void theOldProbeListMissedIt() {
        List<PolicyDocument> docs = List.of(
                policy("inline backup", GOOD),
                policy("inline extra", "{\"Effect\":\"Allow\",\"Action\":\"rds:StopDBInstance\",\"Resource\":\"*\"}"));
        // documents why the probe list was replaced: it only sees what it probes
        assertThat(PrivilegeVerdict.exactly(docs, REQUIRED, OLD_PROBES).ok()).isTrue();
    }

    @Test
    void wildcardsAreExtraUnlessTheyMatchOnlyRequiredActions() {
        List<PolicyDocument> docs =
                List.of(policy("p", GOOD + ",{\"Effect\":\"Allow\",\"Action\":\"rds:Create*\",\"Resource\":\"*\"}"));
        assertThat(ActionGrants.compare(docs, REQUIRED).extra())
                .singleElement()
                .asString()
                .startsWith("rds:Create* (p statement #3")
                .contains("wildcard");
        // with the service's complete action list, a wildcard that matches only required actions is fine
        Map<String, Set<String>> catalogue =
                Map.of("rds", Set.of("CreateDBSnapshot", "CreateDBInstance", "DeleteDBInstance"));
        List<PolicyDocument> narrow = List.of(
                policy("p", GOOD + ",{\"Effect\":\"Allow\",\"Action\":\"rds:CreateDBSnap*\",\"Resource\":\"*\"}"));
        assertThat(ActionGrants.compare(narrow, REQUIRED, catalogue).extra()).isEmpty();
        assertThat(ActionGrants.compare(docs, REQUIRED, catalogue).extra())
                .singleElement()
                .asString()
                .contains("rds:CreateDBInstance");
    }

    @Test
    void starNotActionAndServiceStarAreExtra() {
        assertThat(ActionGrants.compare(
                                List.of(policy("p", "{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}")),
                                REQUIRED)
                        .extra())
                .hasSize(1);
        assertThat(ActionGrants.compare(
                                List.of(policy(
                                        "p", "{\"Effect\":\"Allow\",\"NotAction\":\"iam:*\",\"Resource\":\"*\"}")),
                                REQUIRED)
                        .extra())
                .singleElement()
                .asString()
                .contains("NotAction");
        assertThat(ActionGrants.compare(
                                List.of(policy("p", "{\"Effect\":\"Allow\",\"Action\":\"rds:*\",\"Resource\":\"*\"}")),
                                REQUIRED)
                        .extra())
                .hasSize(1);
    }

    @Test
    void exactlyTheRequiredActionsHold() {
        ActionGrants grants = ActionGrants.compare(List.of(policy("p", GOOD)), REQUIRED);
        assertThat(grants.exact()).as(grants.toString()).isTrue();
        assertThat(grants.granted()).containsExactlyInAnyOrderElementsOf(REQUIRED);
        // spelled in another case, still the same action
        assertThat(ActionGrants.compare(
                                List.of(policy("p", GOOD.replace("rds:CreateDBSnapshot", "RDS:createdbsnapshot"))),
                                REQUIRED)
                        .exact())
                .isTrue();
    }

    @Test
    void aMissingRequiredActionIsReported() {
        ActionGrants grants = ActionGrants.compare(
                List.of(policy("p", GOOD.replace("\"rds:AddTagsToResource\"", "\"rds:DescribeDBInstances\""))),
                REQUIRED);
        assertThat(grants.missing()).containsExactly("rds:AddTagsToResource");
        assertThat(grants.exact()).isFalse();
    }

    @Test
    void anActionDeniedEverywhereIsNotGranted() {
        List<PolicyDocument> docs = List.of(policy(
                "p",
                GOOD + ",{\"Effect\":\"Allow\",\"Action\":\"rds:DeleteDBInstance\",\"Resource\":\"*\"}"
                        + ",{\"Effect\":\"Deny\",\"Action\":\"rds:Delete*\",\"Resource\":\"*\"}"));
        assertThat(ActionGrants.compare(docs, REQUIRED).exact()).isTrue();
        // a Deny with a Condition does not count
        List<PolicyDocument> conditional = List.of(
                policy(
                        "p",
                        GOOD + ",{\"Effect\":\"Allow\",\"Action\":\"rds:DeleteDBInstance\",\"Resource\":\"*\"}"
                                + ",{\"Effect\":\"Deny\",\"Action\":\"rds:Delete*\",\"Resource\":\"*\",\"Condition\":{\"Bool\":{\"aws:MultiFactorAuthPresent\":\"false\"}}}"));
        assertThat(ActionGrants.compare(conditional, REQUIRED).exact()).isFalse();
    }

    @Test
    void anOptionalActionMayBeGrantedOrNotButNothingElse() {
        Set<String> required =
                Set.of("rds:CreateDBSnapshot", "rds:DescribeDBInstances", "logs:CreateLogStream", "logs:PutLogEvents");
        Set<String> optional = Set.of("rds:AddTagsToResource");
        assertThat(ActionGrants.compare(List.of(policy("with-tags", GOOD)), required, optional, Map.of())
                        .exact())
                .isTrue();
        String withoutTags = GOOD.replace(",\"rds:AddTagsToResource\"", "");
        assertThat(ActionGrants.compare(List.of(policy("no-tags", withoutTags)), required, optional, Map.of())
                        .exact())
                .isTrue();
        String extra = withoutTags.replace(
                "\"rds:DescribeDBInstances\"", "\"rds:DescribeDBInstances\",\"rds:StopDBInstance\"");
        assertThat(ActionGrants.compare(List.of(policy("extra", extra)), required, optional, Map.of())
                        .problems())
                .anyMatch(p -> p.contains("rds:StopDBInstance"));
        assertThat(ActionGrants.compare(List.of(policy("no-tags", withoutTags)), REQUIRED, Set.of(), Map.of())
                        .exact())
                .as("without the optional set, a missing AddTagsToResource is missing")
                .isFalse();
    }
}
