package io.m300.harness.support.backup;

import io.m300.harness.support.iam.PolicyDocument;
import io.m300.harness.support.iam.PolicyDocument.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** DATA-03: whether an EventBridge schedule fires once a day, and whether a function lets that rule invoke it. */
public final class BackupSchedule {

    private static final Pattern RATE = Pattern.compile("rate\\(\\s*(\\d+)\\s+(minutes?|hours?|days?)\\s*\\)");
    private static final Pattern CRON = Pattern.compile("cron\\(([^)]*)\\)");
    private static final Pattern NUMBER = Pattern.compile("\\d{1,2}");

    private BackupSchedule() {}

    /**
     * Whether {@code expression} fires exactly once per day: {@code rate(1 day)},
     * {@code rate(24 hours)}, {@code rate(1440 minutes)}, or a six-field cron with a single minute
     * and hour, every day of the month ({@code *} or {@code ?}), every month and every day of the
     * week ({@code ?} or {@code *}), e.g. {@code cron(0 3 * * ? *)}. A weekly, hourly or
     * every-two-days schedule is not daily.
     */
    public static boolean isDaily(String expression) {
        if (expression == null) {
            return false;
        }
        String e = expression.trim().toLowerCase(Locale.ROOT);
        Matcher rate = RATE.matcher(e);
        if (rate.matches()) {
            long n = Long.parseLong(rate.group(1));
            String unit = rate.group(2);
            long minutes = unit.startsWith("minute") ? n : unit.startsWith("hour") ? n * 60 : n * 1440;
            return minutes == 1440;
        }
        Matcher cron = CRON.matcher(e);
        if (cron.matches()) {
            String[] f = cron.group(1).trim().split("\\s+");
            if (f.length != 6) {
                return false;
            }
            boolean singleMinute = NUMBER.matcher(f[0]).matches() && Integer.parseInt(f[0]) < 60;
            boolean singleHour = NUMBER.matcher(f[1]).matches() && Integer.parseInt(f[1]) < 24;
            boolean everyDayOfMonth = f[2].equals("*") || f[2].equals("?");
            boolean everyMonth = f[3].equals("*");
            boolean everyDayOfWeek = f[4].equals("?") || f[4].equals("*");
            boolean everyYear = f[5].equals("*");
            return singleMinute && singleHour && everyDayOfMonth && everyMonth && everyDayOfWeek && everyYear;
        }
        return false;
    }

    /**
     * The statements of a Lambda resource policy (the JSON text of {@code GetPolicy}) that allow
     * {@code principalService} to {@code lambda:InvokeFunction} from {@code sourceArn}: the
     * statement's {@code AWS:SourceArn} condition (ArnLike or ArnEquals, any key case) must equal
     * it. Returns the matching statements' Sids; a statement without a SourceArn condition does
     * not count (it would let any rule of any account invoke the function).
     */
    public static List<String> invokePermissionsFrom(String policyJson, String principalService, String sourceArn) {
        List<String> out = new ArrayList<>();
        if (policyJson == null || policyJson.isBlank()) {
            return out;
        }
        for (Statement s :
                PolicyDocument.parse("the function's policy", policyJson).statements()) {
            boolean invoke = s.actions().stream()
                    .anyMatch(a -> a.equalsIgnoreCase("lambda:InvokeFunction") || a.equalsIgnoreCase("lambda:*"));
            boolean fromRule = s.conditions().entrySet().stream()
                    // condition operators ArnLike/ArnEquals (not ARNs: the SourceArn value is compared as given)
                    .filter(op -> op.getKey().toLowerCase(Locale.ROOT).startsWith("arn"))
                    .flatMap(op -> op.getValue().entrySet().stream())
                    .anyMatch(kv -> kv.getKey().equalsIgnoreCase("aws:SourceArn")
                            && kv.getValue().contains(sourceArn));
            if (s.isAllow()
                    && s.principal().getOrDefault("Service", List.of()).contains(principalService)
                    && invoke
                    && fromRule) {
                out.add(s.sid() == null ? "(no Sid)" : s.sid());
            }
        }
        return out;
    }
}
