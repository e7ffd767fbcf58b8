@state
Feature: Terraform state security
  The state that describes the stack is kept remotely, safely, and in step with what is deployed.

  Background:
    Given the deployed m300 stack

  @drift
  Scenario: The deployed stack matches its code right after apply
    When Terraform plans the stack again
    Then the plan shows no changes apart from the target's known read-back gaps

  @STATE-01
  Scenario: Sensitive Terraform files are kept out of version control
    Then git ignores Terraform's working directory, state files, variables file and crash log in the infra directory

  @STATE-02
  Scenario: State is stored remotely, versioned and encrypted
    Then the state lives in the remote state bucket
    And the state bucket has versioning enabled, default encryption and all public access blocked

  @STATE-02 @requires-policy-conditions
  Scenario: State is stored remotely, versioned and encrypted (only over TLS)
    Then the state bucket's policy denies every request that does not use TLS

  @STATE-03
  Scenario: Concurrent changes are refused while the state is locked
    Given the stack's backend is configured to lock the state
    And one Terraform operation holds the state lock
    When a second Terraform plan runs with a lock timeout of 0 seconds
    Then the second plan fails with a state lock error
    And once the lock is released, the same plan succeeds
