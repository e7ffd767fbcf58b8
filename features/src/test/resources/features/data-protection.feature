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
