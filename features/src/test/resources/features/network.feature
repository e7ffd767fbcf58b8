@network
Feature: Network security
  The network keeps the database and the application out of the internet's reach:
  the internet meets only the load balancer, the application tier only the load balancer,
  and the database only the application tier.

  Background:
    Given the deployed m300 stack

  @NET-01
  Scenario: RDS is unreachable from the internet
    Then the reachability analysis finds no path from the internet to the database port
    And the database is not publicly accessible
    And no subnet of the database routes to an internet gateway
    And no security group of the database admits the internet

  @NET-02
  Scenario: Only the application tier reaches the database, and only on 3306
    Then the database's security groups together admit only the application tier, on port 3306

  @NET-03
  Scenario: The application tier accepts traffic only from the load balancer
    Then the application tier's security groups together admit only the load balancer, on the application port
    And the application runs in private subnets without public IP addresses

  @NET-04
  Scenario: The internet reaches only the load balancer, and only over HTTPS
    Then the load balancer's security groups admit only HTTPS, and HTTP for the redirect, from the allowed addresses
    And every listener and every listener rule of every load balancer serves HTTPS with TLS 1.2 or newer, or redirects HTTP to HTTPS with 301

  @NET-04 @requires-real-network
  Scenario: The internet reaches only the load balancer, and only over HTTPS (plain HTTP is redirected)
    When a client asks the load balancer for a page over plain HTTP
    Then the answer is a permanent redirect to the same address over HTTPS

  @NET-05
  Scenario: The VPC's default security group denies everything
    Then the VPC's default security group has no ingress and no egress rules

  @NET-06
  Scenario: Private subnets have no route to the internet gateway
    Then no private subnet routes to an internet gateway

  @NET-07
  Scenario: Network traffic is recorded
    Then a flow log of the VPC records all traffic into a CloudWatch log group that exists, through a role the flow-logs service may assume
