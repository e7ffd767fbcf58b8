@monitoring
Feature: Monitoring and logging
  What the application and the backup function do is logged and kept for two weeks; when the
  service runs hot, an alarm tells the administrators; and every alarm watches something that
  really exists.

  Background:
    Given the deployed m300 stack

  @MON-01
  Scenario: Application and function logs are kept for 14 days
    Then the application and function log groups keep their logs for 14 days
    And the application's containers write their logs to the application log group

  @MON-02
  Scenario: High CPU raises an alarm that notifies the administrators
    Then the high-CPU alarm watches the stack's ECS service at a threshold of at most 80 % and notifies the alerts topic
    And the alerts topic has at least one subscription

  @MON-03 @requires-alarm-actions
  Scenario: An alarm reaches the administrators
    Given a test queue subscribed to the alerts topic
    When the high-CPU alarm is set to ALARM
    Then the test queue receives the alarm's notification within 60 seconds

  @MON-04
  Scenario: Every alarm watches a resource that exists
    Then every alarm of the stack names deployed resources of the stack in its dimensions
    And the application's container really has a log configuration
