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
