package io.m300.harness.support.iam;

/** Which operations create a resource: their request tags are the new resource's, and it has no resource tags yet. */
public final class CreateCalls {

    private CreateCalls() {}

    /** Whether the operation creates (allocates, registers, imports, or puts a named) resource. */
    public static boolean isCreate(String operation) {
        return operation.startsWith("Create")
                || operation.startsWith("Allocate")
                || operation.startsWith("Register")
                || operation.startsWith("Import")
                || operation.equals("PutMetricAlarm")
                || operation.equals("PutRule")
                || operation.equals("PutParameter");
    }
}
