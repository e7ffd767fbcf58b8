@secrets
Feature: Secrets and configuration
  The database password lives in one place, Parameter Store, encrypted; it reaches the
  containers as a secret, and it is never copied into Terraform's state or plans.

  Background:
    Given the deployed m300 stack

  @SEC-03
  Scenario: The database password is absent from Terraform state
    Given the Terraform state as stored in its backend
    Then the database password's value appears nowhere in it
    And no resource in it holds a non-empty password attribute
    And the same holds for a saved plan of the stack
