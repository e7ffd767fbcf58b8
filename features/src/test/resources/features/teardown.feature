@state @teardown
Feature: Teardown
  When the run ends, terraform destroy removes the stack completely: every resource the state listed
  before the destroy is gone (each looked up by its own describe call, so a stack that tags nothing is
  still checked), and nothing that carries the run's tag is left behind, apart from what AWS itself
  keeps for a while after a deletion. A resource of a type the harness cannot look up, or whose lookup
  gets no documented answer, is "could not verify" and fails the check: it is never counted as gone.
  It destroys the stack, so it runs last: its @teardown tag takes the global lock (junit-platform.properties),
  and a feature that needs that lock starts only once every other feature has finished.

  Background:
    Given the deployed m300 stack

  Scenario: terraform destroy leaves nothing behind
    When the stack is destroyed with terraform destroy
    Then every resource the state listed before the destroy is gone, by its own describe call
    And nothing that carries the run's tag remains, apart from what AWS keeps after a deletion
