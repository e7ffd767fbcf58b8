package io.m300.harness.support.aws;

import io.m300.harness.support.HarnessException;
import io.m300.harness.support.target.TargetEnvironment;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.Metric;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricStat;

/**
 * CloudWatch alarms through the AWS Query protocol (form POST, XML answer, SigV4-signed with the
 * SDK's own signer). Why not {@link AwsClients#cloudWatch()}: SDK 2.57's CloudWatch client speaks
 * Smithy RPC v2 CBOR ({@code /service/GraniteServiceVersion20100801/operation/...}), which moto
 * 5.2 does not implement (it answers 404; moto supports Query and JSON only, getmoto/moto#9195).
 * AWS still serves the Query protocol, so the same code runs on every target. Answers are built
 * into the SDK's own model types.
 */
public final class CloudWatchQuery {

    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect", "upgrade");

    private final TargetEnvironment target;
    private final URI endpoint;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public CloudWatchQuery(TargetEnvironment target) {
        this.target = target;
        this.endpoint = target.endpoint()
                .map(e -> e.resolve("/"))
                .orElse(URI.create("https://monitoring." + target.region() + ".amazonaws.com/"));
    }

    /** DescribeAlarms for the given names (all metric alarms when empty), following NextToken. */
    public List<MetricAlarm> describeAlarms(List<String> names) {
        List<MetricAlarm> alarms = new ArrayList<>();
        String next = null;
        do {
            Map<String, String> params = new LinkedHashMap<>();
            params.put("AlarmTypes.member.1", "MetricAlarm");
            for (int i = 0; i < names.size(); i++) {
                params.put("AlarmNames.member." + (i + 1), names.get(i));
            }
            if (next != null) {
                params.put("NextToken", next);
            }
            Element result = call("DescribeAlarms", params);
            for (Element m : children(child(result, "MetricAlarms"), "member")) {
                alarms.add(alarm(m));
            }
            next = text(result, "NextToken");
        } while (next != null && !next.isEmpty());
        return alarms;
    }

    public void setAlarmState(String alarmName, String state, String reason) {
        call("SetAlarmState", Map.of("AlarmName", alarmName, "StateValue", state, "StateReason", reason));
    }

    /** PutMetricAlarm with the least a CloudWatch alarm needs, and tags (tests and probes). */
    public void putMetricAlarm(
            String name, String namespace, String metric, double threshold, Map<String, String> tags) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("AlarmName", name);
        params.put("Namespace", namespace);
        params.put("MetricName", metric);
        params.put("Statistic", "Average");
        params.put("Period", "300");
        params.put("EvaluationPeriods", "1");
        params.put("Threshold", String.valueOf(threshold));
        params.put("ComparisonOperator", "GreaterThanThreshold");
        int i = 0;
        for (var t : tags.entrySet()) {
            i++;
            params.put("Tags.member." + i + ".Key", t.getKey());
            params.put("Tags.member." + i + ".Value", t.getValue());
        }
        call("PutMetricAlarm", params);
    }

    /** DeleteAlarms for the given names (at most 100 per call). */
    public void deleteAlarms(List<String> names) {
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            params.put("AlarmNames.member." + (i + 1), names.get(i));
        }
        call("DeleteAlarms", params);
    }

    public Map<String, String> listTagsForResource(String arn) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (Element m : children(child(call("ListTagsForResource", Map.of("ResourceARN", arn)), "Tags"), "member")) {
            tags.put(text(m, "Key"), text(m, "Value"));
        }
        return tags;
    }

    static MetricAlarm alarm(Element m) {
        List<Dimension> dims = dimensions(child(m, "Dimensions"));
        List<MetricDataQuery> queries = new ArrayList<>();
        for (Element q : children(child(m, "Metrics"), "member")) {
            queries.add(query(q));
        }
        String threshold = text(m, "Threshold");
        String enabled = text(m, "ActionsEnabled");
        return MetricAlarm.builder()
                .alarmName(text(m, "AlarmName"))
                .alarmArn(text(m, "AlarmArn"))
                .namespace(text(m, "Namespace"))
                .metricName(text(m, "MetricName"))
                .threshold(threshold == null ? null : Double.valueOf(threshold))
                .comparisonOperator(text(m, "ComparisonOperator"))
                .stateValue(text(m, "StateValue"))
                .actionsEnabled(enabled == null ? null : Boolean.valueOf(enabled))
                .dimensions(dims)
                .metrics(queries)
                .alarmActions(members(child(m, "AlarmActions")))
                .okActions(members(child(m, "OKActions")))
                .build();
    }

    /** One member of an alarm's {@code Metrics}: a metric query (MetricStat) or an expression over others. */
    static MetricDataQuery query(Element q) {
        String returnData = text(q, "ReturnData");
        String period = text(q, "Period");
        MetricDataQuery.Builder b = MetricDataQuery.builder()
                .id(text(q, "Id"))
                .expression(text(q, "Expression"))
                .label(text(q, "Label"))
                .returnData(returnData == null ? null : Boolean.valueOf(returnData))
                .period(period == null ? null : Integer.valueOf(period));
        Element stat = child(q, "MetricStat");
        if (stat != null) {
            Element metric = child(stat, "Metric");
            String statPeriod = text(stat, "Period");
            b.metricStat(MetricStat.builder()
                    .metric(Metric.builder()
                            .namespace(text(metric, "Namespace"))
                            .metricName(text(metric, "MetricName"))
                            .dimensions(dimensions(child(metric, "Dimensions")))
                            .build())
                    .period(statPeriod == null ? null : Integer.valueOf(statPeriod))
                    .stat(text(stat, "Stat"))
                    .unit(text(stat, "Unit"))
                    .build());
        }
        return b.build();
    }

    private static List<Dimension> dimensions(Element parent) {
        List<Dimension> dims = new ArrayList<>();
        for (Element d : children(parent, "member")) {
            dims.add(Dimension.builder()
                    .name(text(d, "Name"))
                    .value(text(d, "Value"))
                    .build());
        }
        return dims;
    }

    private Element call(String action, Map<String, String> params) {
        StringBuilder body = new StringBuilder("Action=" + action + "&Version=2010-08-01");
        params.forEach((k, v) -> body.append('&').append(enc(k)).append('=').append(enc(v)));
        String payload = body.toString();
        SdkHttpFullRequest request = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(endpoint)
                .putHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .build();
        var signed = AwsV4HttpSigner.create()
                .sign(r -> r.identity(target.credentials().resolveCredentials())
                        .request(request)
                        .payload(ContentStreamProvider.fromUtf8String(payload))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "monitoring")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, target.region()));
        HttpRequest.Builder b = HttpRequest.newBuilder(endpoint)
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(payload));
        signed.request().headers().forEach((name, values) -> {
            if (!RESTRICTED.contains(name.toLowerCase())) {
                values.forEach(v -> b.header(name, v));
            }
        });
        try {
            HttpResponse<byte[]> response = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            String text = new String(response.body(), StandardCharsets.UTF_8);
            if (response.statusCode() >= 300) {
                throw new HarnessException("CloudWatch " + action + " failed with HTTP " + response.statusCode()
                        + " at " + endpoint + ": "
                        + text.replaceAll("\\s+", " ")
                                .substring(
                                        0,
                                        Math.min(
                                                400,
                                                text.replaceAll("\\s+", " ").length())));
            }
            var dbf = DocumentBuilderFactory.newInstance();
            dbf.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Element root = dbf.newDocumentBuilder()
                    .parse(new ByteArrayInputStream(response.body()))
                    .getDocumentElement();
            Element result = child(root, action + "Result");
            return result == null ? root : result;
        } catch (HarnessException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HarnessException("interrupted during CloudWatch " + action);
        } catch (Exception e) {
            throw new HarnessException("CloudWatch " + action + " at " + endpoint + " failed: " + e.getMessage());
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static Element child(Element parent, String name) {
        if (parent == null) {
            return null;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(e.getLocalName() != null ? e.getLocalName() : e.getTagName())) {
                return e;
            }
        }
        return null;
    }

    static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        if (parent == null) {
            return out;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(e.getLocalName() != null ? e.getLocalName() : e.getTagName())) {
                out.add(e);
            }
        }
        return out;
    }

    static String text(Element parent, String name) {
        Element e = child(parent, name);
        return e == null ? null : e.getTextContent().trim();
    }

    static List<String> members(Element parent) {
        return children(parent, "member").stream()
                .map(e -> e.getTextContent().trim())
                .toList();
    }
}
