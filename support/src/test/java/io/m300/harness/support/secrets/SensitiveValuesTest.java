package io.m300.harness.support.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * SEC-03 by effect, on hand-made documents (no random provider offline): secrets found by what the
 * provider marks and by what they are, whatever their attribute is called.
 */
class SensitiveValuesTest {

    private static JsonNode json(String s) throws Exception {
        return new ObjectMapper().readTree(s.replace('\'', '"'));
    }

    /** A raw state as terraform state pull gives it (format 4): a generated password, a SecureString, a key, harmless values. */
    private static final String STATE = """
            {'version':4,'serial':7,'resources':[
             {'mode':'managed','type':'random_password','name':'db',
              'instances':[{'attributes':{'id':'none','length':24,'result':'Gen3rated!pw','bcrypt_hash':'$2a$10$abc','special':true},
                            'sensitive_attributes':[]}]},
             {'mode':'managed','type':'aws_ssm_parameter','name':'app_token','instances':[{'attributes':
                {'name':'/app/token','type':'SecureString','value':'tok-123','insecure_value':null,'key_id':'alias/aws/ssm'},
                'sensitive_attributes':[]}]},
             {'mode':'managed','type':'aws_ssm_parameter','name':'app_url','instances':[{'attributes':
                {'name':'/app/url','type':'String','value':'https://example.test','insecure_value':null},'sensitive_attributes':[]}]},
             {'mode':'managed','type':'aws_iam_access_key','name':'ci','module':'module.ci','instances':[{'index_key':0,'attributes':
                {'id':'AKIA1','secret':'s3cr3t-k3y','ses_smtp_password_v4':'smtp-pw','user':'ci'},
                'sensitive_attributes':[[{'type':'get_attr','value':'secret'}],[{'type':'get_attr','value':'ses_smtp_password_v4'}]]}]},
             {'mode':'managed','type':'aws_ecs_task_definition','name':'app','instances':[{'attributes':
                {'family':'app','container_definitions':'[]','tags':{'token':'abc'}},
                'sensitive_attributes':[[{'type':'get_attr','value':'tags'},{'type':'index','value':{'value':'token','type':'string'}}]]}]},
             {'mode':'managed','type':'aws_db_instance','name':'db','instances':[{'attributes':{'identifier':'db','password':null,
                'password_wo':null},'sensitive_attributes':[[{'type':'get_attr','value':'password'}],[{'type':'get_attr','value':'password_wo'}]]}]}
            ]}""";

    @Test
    void theStatesSecretsAreFoundByWhatTheyAreNotByTheirNames() throws Exception {
        List<SensitiveValues.Hit> hits = SensitiveValues.inState(json(STATE));
        assertThat(hits)
                .extracting(Object::toString)
                .containsExactlyInAnyOrder(
                        "random_password.db, attribute result: a generated password",
                        "random_password.db, attribute bcrypt_hash: a generated password",
                        "aws_ssm_parameter.app_token, attribute value: a SecureString parameter's or secret's value",
                        "module.ci.aws_iam_access_key.ci[0], attribute secret: a value marked sensitive",
                        "module.ci.aws_iam_access_key.ci[0], attribute ses_smtp_password_v4: a value marked sensitive",
                        "aws_ecs_task_definition.app, attribute tags[token]: a value marked sensitive");
        // a null password (write-only, or never set) holds nothing; a String parameter is not a secret
        assertThat(hits)
                .noneMatch(h ->
                        h.address().equals("aws_db_instance.db") || h.address().equals("aws_ssm_parameter.app_url"));
        // never the value in what prints
        assertThat(hits.toString())
                .doesNotContain("Gen3rated")
                .doesNotContain("tok-123")
                .doesNotContain("s3cr3t");
    }

    @Test
    void aValueTheCallerSuppliedItselfIsToleratedAndShown() throws Exception {
        List<SensitiveValues.Hit> tolerated = new ArrayList<>();
        List<SensitiveValues.Hit> left =
                SensitiveValues.except(SensitiveValues.inState(json(STATE)), List.of("s3cr3t-k3y"), tolerated);
        assertThat(tolerated).extracting(SensitiveValues.Hit::attribute).containsExactly("secret");
        assertThat(left).hasSize(5);
    }

    @Test
    void thePlansSecretsComeFromItsSensitivityMirrorsOutputsAndVariables() throws Exception {
        String plan = """
                {'format_version':'1.2',
                 'variables':{'db_password':{'value':'from-a-variable'},'name_prefix':{'value':'m300'},'empty':{'value':''}},
                 'configuration':{'root_module':{'variables':{'db_password':{'sensitive':true},'name_prefix':{},'empty':{'sensitive':true}}}},
                 'prior_state':{'values':{'outputs':{'conn':{'sensitive':true,'value':'mysql://u:pw@h/db'}},
                   'root_module':{'resources':[{'address':'aws_db_instance.db','type':'aws_db_instance',
                     'values':{'password':'planted','identifier':'db'},'sensitive_values':{'password':true}}],
                   'child_modules':[{'resources':[{'address':'module.p.aws_ssm_parameter.x','type':'aws_ssm_parameter',
                     'values':{'type':'SecureString','value':'in-a-module'},'sensitive_values':{}}]}]}}},
                 'planned_values':{'root_module':{}},
                 'resource_changes':[{'address':'random_password.db','type':'random_password','change':{'actions':['create'],
                   'before':null,'after':{'length':20},'after_unknown':{'result':true},'after_sensitive':{'result':true}}}]}""";
        List<SensitiveValues.Hit> hits = SensitiveValues.inPlan(json(plan));
        assertThat(hits)
                .extracting(Object::toString)
                .containsExactlyInAnyOrder(
                        "output.conn, attribute value: a value marked sensitive",
                        "aws_db_instance.db, attribute password: a value marked sensitive",
                        "module.p.aws_ssm_parameter.x, attribute value: a SecureString parameter's or secret's value",
                        "var.db_password, attribute value: a value marked sensitive (a variable declared sensitive)");
    }

    @Test
    void theCompliantShapeHoldsNothing() throws Exception {
        // ephemeral + password_wo: no value in state; an aws_ssm_parameter data source of type String; a certificate
        // without a key
        String state = """
                {'version':4,'resources':[
                 {'mode':'managed','type':'aws_db_instance','name':'this','instances':[{'attributes':{'password':null,'password_wo':null,
                   'password_wo_version':1},'sensitive_attributes':[[{'type':'get_attr','value':'password_wo'}]]}]},
                 {'mode':'data','type':'aws_ssm_parameter','name':'ami','instances':[{'attributes':{'type':'String','value':'ami-1'},
                   'sensitive_attributes':[[{'type':'get_attr','value':'value'}]]}]}]}""";
        // the provider marks a data source's value sensitive whatever its type: what it marks counts
        assertThat(SensitiveValues.inState(json(state)))
                .extracting(Object::toString)
                .containsExactly("data.aws_ssm_parameter.ami, attribute value: a value marked sensitive");
    }
}
