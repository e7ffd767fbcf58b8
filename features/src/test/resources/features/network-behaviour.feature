@network
Feature: Network behaviour in a real account
  What the configuration promises, the network must do: from outside the VPC the database
  cannot be connected to and its name gives away no public address, and AWS's own
  Reachability Analyzer finds no path from the internet to it, in agreement with the
  harness's reading of routes and security groups. These checks need a real network; on an
  emulator they are skipped with the reason.

  Background:
    Given the deployed m300 stack

  @NET-01 @requires-real-network
  Scenario: RDS is unreachable from the internet (real network)
    When this runner opens a TCP connection to the database endpoint with a timeout of 5 seconds
    Then the connection fails within 5 seconds
    And the database endpoint resolves to private addresses only

  @NET-01 @requires-network-insights
  Scenario: Reachability Analyzer agrees: no path from the internet to the database
    When Reachability Analyzer analyses the path from the internet gateway to the database's network interface on the database port
    Then its verdict agrees with the harness's own reachability analysis
    And it finds no path
