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
    And it holds no other secret: no value marked sensitive, no generated password, no SecureString value
    And the same holds for a saved plan of the stack

  @SEC-01
  Scenario: No secret is written into Terraform variables files
    When the Terraform files of the deployed infra directory are read
    Then none assigns a literal to a password, secret, token or key variable or argument
    And none holds the live database password

  @SEC-02
  Scenario: The database password is stored encrypted in Parameter Store
    Then every parameter the containers and the database take the password from is a SecureString encrypted with an enabled KMS key
    And no other parameter of the stack holds the password's value

  @SEC-04
  Scenario: Containers receive the password as a secret, never as plain environment
    When the ECS service's task definition is read
    Then the application's container takes the database password from Parameter Store as a secret
    And no container has a password-like environment entry or the password's value in its environment

  @SEC-05
  Scenario: Only the task execution role can read the password
    When the policies of the ECS execution and task roles are read from IAM
    Then the execution role may read the password parameter and decrypt it with its key, and nothing wider
    And no other principal of the stack may read the password parameter

  @SEC-05 @requires-iam-simulation
  Scenario: Only the task execution role can read the password (IAM policy simulator)
    Then the policy simulator allows the execution role ssm:GetParameters on the password parameter
    And the policy simulator denies the execution role ssm:GetParameters, ssm:GetParameter on another parameter
    And the policy simulator denies the task role ssm:GetParameters, ssm:GetParameter on the password parameter
