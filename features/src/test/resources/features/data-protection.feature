@data-protection
Feature: Data protection
  The WordPress data is encrypted at rest with the stack's own key, and so is every copy of it.

  Background:
    Given the deployed m300 stack

  @DATA-02
  Scenario: Snapshots are encrypted
    When a snapshot of the database is taken the way the backup function takes it
    Then the snapshot becomes available within 10 minutes
    And the snapshot is encrypted with the stack's customer-managed key

  @DATA-01
  Scenario: The database is encrypted at rest with the stack's customer-managed key
    Then the database's storage is encrypted
    And its key is the stack's customer-managed key, enabled, not an AWS-managed key
    And the key's automatic rotation is enabled

  @DATA-03
  Scenario: The database is backed up daily
    Then an enabled EventBridge rule with a daily schedule targets the backup function
    And the backup function lets events.amazonaws.com invoke it from that rule
    And every database is snapshotted by such a function, whose environment names it and whose role may snapshot it
    And the database keeps automated backups for at least 7 days

  @DATA-04
  Scenario: The key that protects the data cannot be used by anyone
    Then neither the policy nor the grants of the database's key let a caller outside the stack's account use it
