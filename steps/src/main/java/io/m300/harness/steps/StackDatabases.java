package io.m300.harness.steps;

import io.m300.harness.support.aws.Database;
import io.m300.harness.support.aws.RdsReader;
import io.m300.harness.support.stack.StackInventory;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Every database of the stack, read from RDS once per scenario: each DB instance the state lists
 * ({@code aws_db_instance}), and each DB cluster ({@code aws_rds_cluster}, or the cluster an
 * {@code aws_rds_cluster_instance} belongs to) with all its instances. An output
 * ({@code db_instance_identifier}) only helps to find one; it never decides which count. A
 * database the state lists that RDS does not know is a one-line finding. Injected by picocontainer.
 */
public final class StackDatabases {

    private final StackContext ctx;
    private List<Database> databases;

    public StackDatabases(StackContext ctx) {
        this.ctx = ctx;
    }

    /** Every database of the stack; none at all is a finding ("nothing to check" is never a pass). */
    public List<Database> all() {
        if (databases == null) {
            databases = find();
            ctx.evidence()
                    .record(
                            "databases of the stack (from the state, read back from RDS)",
                            databases.stream().map(Database::label).toList());
        }
        return databases;
    }

    private List<Database> find() {
        StackInventory inv = ctx.inventory();
        RdsReader rds = new RdsReader(ctx.aws());
        Set<String> clusters = new LinkedHashSet<>();
        inv.managed("aws_rds_cluster")
                .forEach(r -> clusters.add(r.attr("cluster_identifier").orElse(r.id())));
        inv.managed("aws_rds_cluster_instance")
                .forEach(r -> r.attr("cluster_identifier").ifPresent(clusters::add));
        Set<String> instances = new LinkedHashSet<>();
        inv.managed("aws_db_instance")
                .forEach(r -> instances.add(r.attr("identifier").orElse(r.id())));
        if (ctx.outputs().has("db_instance_identifier")) {
            instances.add(ctx.outputs().string("db_instance_identifier"));
        }
        List<Database> out = new ArrayList<>();
        for (String id : instances) {
            var db = rds.instance(id).orElse(null);
            if (db == null) {
                if (rds.cluster(id).isPresent()) {
                    clusters.add(id); // an output may name a cluster
                    continue;
                }
                throw new AssertionError("expected database " + id + " of the stack in RDS, found none");
            }
            if (db.dbClusterIdentifier() != null && !db.dbClusterIdentifier().isBlank()) {
                clusters.add(db.dbClusterIdentifier()); // a cluster's member: judged with its cluster
            } else {
                out.add(Database.of(db));
            }
        }
        for (String id : clusters) {
            out.add(rds.clusterDatabase(id)
                    .orElseThrow(() ->
                            new AssertionError("expected DB cluster " + id + " of the stack in RDS, found none")));
        }
        if (out.isEmpty()) {
            throw new AssertionError(
                    "expected a database in the stack: the state lists no aws_db_instance, aws_rds_cluster or "
                            + "aws_rds_cluster_instance, and there is no output db_instance_identifier ("
                            + inv.summary() + ")");
        }
        return out;
    }

    /** The database with this identifier (instance or cluster), if it is one of the stack's. */
    public Optional<Database> byIdentifier(String identifier) {
        return all().stream()
                .filter(d -> d.identifier().equals(identifier) || d.members().contains(identifier))
                .findFirst();
    }
}
