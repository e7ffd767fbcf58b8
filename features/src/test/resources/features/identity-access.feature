@identity-access
Feature: Identity and access management
  Every role of the stack may do what its job needs and nothing more, only the service it
  serves can assume it, and no IAM user carries a policy. Everything is read from IAM itself.

  Background:
    Given the deployed m300 stack

  @IAM-01
  Scenario: ECS tasks run under the dedicated task role, which only ECS tasks can assume
    When the ECS service's task definition is read
    Then its task role is the stack's ECS task role
    And that role's trust policy lets only ecs-tasks.amazonaws.com assume it

  @IAM-02
  Scenario: The ENI management policy is attached only to the ECS task role
    Then the ENI management policy is attached to the ECS task role and to no other role, user or group

  @IAM-03
  Scenario: No IAM user of the stack carries a policy
    When the account's IAM users are listed
    Then no user of the stack has an attached or inline policy

  @IAM-03
  Scenario: No IAM user of the stack carries a policy (in a sandbox account, no user at all has AdministratorAccess)
    When the account's IAM users are listed
    Then on a sandbox account no user at all has AdministratorAccess attached directly

  @IAM-04
  Scenario: The snapshot function may only create and describe database snapshots
    When the policies of the backup function's role are read from IAM
    Then they grant exactly rds:CreateDBSnapshot, rds:DescribeDBInstances, logs:CreateLogStream and logs:PutLogEvents (and rds:AddTagsToResource if it tags its snapshots), without wildcards
    And the database actions are limited to the stack's database and its snapshots
    And the log actions are limited to the function's own log group

  @IAM-04 @requires-iam-simulation
  Scenario: The snapshot function may only create and describe database snapshots (IAM policy simulator)
    Then the policy simulator allows the backup role rds:CreateDBSnapshot, rds:DescribeDBInstances on the database
    And the policy simulator denies the backup role rds:DeleteDBInstance, rds:DeleteDBSnapshot, rds:ModifyDBInstance, iam:CreateUser, iam:PassRole and iam:AttachRolePolicy on the database

  @IAM-05
  Scenario: No policy in the stack grants every action
    When the customer-managed and inline policies of the stack are read from IAM
    Then none of them allows every action
