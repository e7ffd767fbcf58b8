package io.m300.harness.support.target;

import java.net.URI;

/** An emulator that is already running at a URL (moto, LocalStack, ...): probed, never started or stopped. */
public final class EndpointTarget implements Target {

    private final URI endpoint;
    private final String region;

    public EndpointTarget(URI endpoint, String region) {
        this.endpoint = endpoint;
        this.region = region;
    }

    @Override
    public String name() {
        return "endpoint";
    }

    @Override
    public TargetEnvironment start() {
        EmulatorSupport.requireAnswers(endpoint, "the emulator (target endpoint)");
        Capabilities caps = Capabilities.all()
                .without(Capability.REAL_NETWORK, MotoTarget.NO_REAL_NETWORK)
                .without(Capability.ALARM_ACTIONS, "an emulator at an endpoint is not known to run alarm actions")
                .without(Capability.LAMBDA_INVOKE, "an emulator at an endpoint is not known to run Lambda code");
        return EmulatorSupport.emulated("endpoint", "emulator at " + endpoint, endpoint, region, caps);
    }

    @Override
    public void close() {
        // not ours to stop
    }
}
