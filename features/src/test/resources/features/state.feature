@state
Feature: Terraform state security
  The state that describes the stack is kept remotely, safely, and in step with what is deployed.

  Background:
    Given the deployed m300 stack

  @drift
  Scenario: The deployed stack matches its code right after apply
    When Terraform plans the stack again
    Then the plan shows no changes apart from the target's known read-back gaps
