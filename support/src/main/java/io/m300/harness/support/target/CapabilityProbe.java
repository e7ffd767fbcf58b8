package io.m300.harness.support.target;

import io.m300.harness.support.aws.AwsClients;
import io.m300.harness.support.aws.CapabilityCalls;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Asks a target once, with retries off, whether it implements the calls behind a capability, so
 * that a newer emulator that gains one runs the scenarios that need it without a code change.
 */
public final class CapabilityProbe {

    private CapabilityProbe() {}

    /**
     * Lets {@code caps} probe the capabilities that one API call reveals when asked, or in the
     * background once {@link Capabilities#probeInBackground} is called (building the SDK's clients
     * the first time, and the emulator loading the services they call, cost seconds of CPU, better
     * spent while Terraform waits on the provider's waiters).
     */
    public static Capabilities probeWhenAsked(TargetEnvironment env, Capabilities caps) {
        return caps.probedWhenAsked(
                Set.of(Capability.IAM_SIMULATION, Capability.NETWORK_INSIGHTS), () -> probe(env, caps));
    }

    /** Probes the capabilities that one API call reveals, and records the missing ones in {@code caps}. */
    public static Capabilities probe(TargetEnvironment env, Capabilities caps) {
        try (AwsClients aws = AwsClients.withoutRetries(env)) {
            CapabilityCalls calls = new CapabilityCalls(aws);
            if (!answers(calls::simulateCustomPolicy)) {
                caps.without(
                        Capability.IAM_SIMULATION,
                        env.name() + " does not implement IAM policy simulation (iam:SimulatePrincipalPolicy)");
            }
            if (!answers(calls::describeNetworkInsightsPaths)) {
                caps.without(
                        Capability.NETWORK_INSIGHTS,
                        env.name() + " does not implement Reachability Analyzer (ec2:DescribeNetworkInsightsPaths)");
            }
        }
        return caps;
    }

    private static boolean answers(Runnable call) {
        try {
            call.run();
            return true;
        } catch (AwsServiceException e) {
            // A 4xx other than "not implemented" means the call exists and judged our request.
            int status = e.statusCode();
            return status >= 400 && status < 500 && status != 404 && status != 501;
        } catch (SdkException e) {
            return false;
        }
    }
}
