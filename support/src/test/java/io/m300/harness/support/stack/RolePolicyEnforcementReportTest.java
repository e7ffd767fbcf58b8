package io.m300.harness.support.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.m300.harness.support.iam.ApiCall;
import io.m300.harness.support.iam.RolePolicyCheck.Outcome;
import io.m300.harness.support.iam.RolePolicyCheck.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The role policy proof's outputs: what moto refused while recording, and the files the nightly script reads. */
class RolePolicyEnforcementReportTest {

    @TempDir
    Path dir;

    @Test
    void onlyTheRefusalsWhileRecordingCountAndNeverTheQueryString() throws Exception {
        Path log = dir.resolve("moto.log");
        Files.writeString(
                log,
                String.join(
                        "\n",
                        "127.0.0.1 - - [07/Dec/2026 05:29:01] \"POST /?Action=GetUser HTTP/1.1\" 403 -",
                        "127.0.0.1 - - [07/Dec/2026 05:29:02] \"POST /moto-api/recorder/start-recording HTTP/1.1\" 200 -",
                        "127.0.0.1 - - [07/Dec/2026 05:29:03] \"GET /m300n1-1-tfstate?versioning HTTP/1.1\" 200 -",
                        "127.0.0.1 - - [07/Dec/2026 05:29:04] \"POST /?Action=GetUser&Version=2010-05-08 HTTP/1.1\" 403 -",
                        "127.0.0.1 - - [07/Dec/2026 05:29:05] \"GET /moto-api/recorder/download-recording HTTP/1.1\" 200 -",
                        "127.0.0.1 - - [07/Dec/2026 05:29:06] \"DELETE /x HTTP/1.1\" 403 -"));
        assertThat(MotoRecorder.refusedRequests(log)).containsExactly("POST /");
        assertThat(MotoRecorder.refusedRequests(dir.resolve("absent.log")))
                .singleElement()
                .asString()
                .contains("unreadable");
    }

    @Test
    void theSummaryHoldsWhatTheNightlyScriptReadsAndTheRequestsNoBody() throws Exception {
        ApiCall get =
                new ApiCall("s3", "GetObject", "s3:GetObject", List.of("arn:aws:s3:::b/k"), Map.of(), "", "GET /b/k");
        ApiCall put =
                new ApiCall("s3", "PutObject", "s3:PutObject", List.of("arn:aws:s3:::b/k"), Map.of(), "", "PUT /b/k");
        List<Verdict> verdicts = List.of(
                new Verdict(get, Outcome.ALLOWED, ""),
                new Verdict(get, Outcome.ALLOWED, ""),
                new Verdict(put, Outcome.DENIED, "no statement grants s3:PutObject"));
        RolePolicyEnforcement.Report report = new RolePolicyEnforcement.Report(
                3, 0, List.of(), Map.of("s3:GetObject", 2, "s3:PutObject", 1), verdicts, dir, List.of());
        RolePolicyProofReport.writeSummary(dir.resolve("proof.json"), "policy", report);
        JsonNode s = new ObjectMapper().readTree(dir.resolve("proof.json").toFile());
        assertThat(s.get("proven").asBoolean()).isFalse();
        assertThat(s.get("requests").asInt()).isEqualTo(3);
        assertThat(s.get("denials").asInt()).isEqualTo(1);
        assertThat(s.get("distinctCallsJudged").asInt()).isEqualTo(2);
        assertThat(s.get("ALLOWED").get(0).asText()).endsWith(" x2");
        assertThat(s.get("DENIED")).hasSize(1);
        for (String key : List.of(
                "refused",
                "distinctActions",
                "ALLOWED_IF_CONDITION",
                "UNMAPPED",
                "TOLERATED",
                "conditional",
                "escalationAttempts",
                "escalationDenials",
                "escalations",
                "policy")) {
            assertThat(s.has(key)).as(key).isTrue();
        }
        RolePolicyProofReport.writeRequests(dir.resolve("requests.jsonl"), verdicts);
        List<String> lines = Files.readAllLines(dir.resolve("requests.jsonl"));
        assertThat(lines).hasSize(3);
        JsonNode last = new ObjectMapper().readTree(lines.get(2));
        assertThat(last.get("verdict").asText()).isEqualTo("DENIED");
        assertThat(last.get("reason").asText()).contains("s3:PutObject");
        assertThat(last.has("body")).isFalse();
    }
}
