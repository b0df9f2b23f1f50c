rule "PE004" {
  name           = "lambda-reserved-concurrency"
  severity       = "error"
  requirement    = "Every Lambda function has reserved concurrency"
  summary        = "Every `aws_lambda_function` sets `reserved_concurrent_executions` to a value of 0 or more."
  description    = <<-EOT
    Checks every `aws_lambda_function`, in the root module and in every child module, and every
    instance created by `count` or `for_each`, under its full address.

    - **Pass:** `reserved_concurrent_executions` evaluates to a whole number of 0 or more.
      `0` passes: it is a deliberate reservation that stops the function from running.
    - **Fail:** `reserved_concurrent_executions` is missing (the finding points at the resource
      block). It is `-1`, the provider's value for "unreserved", or any other negative number
      (the finding points at the attribute and the message shows the value).
    - **Unresolved:** `reserved_concurrent_executions` cannot be evaluated (for example, it
      comes from a variable with no default and no tfvars value).

    Other kinds of concurrency control do not count: provisioned concurrency
    (`aws_lambda_provisioned_concurrency_config`) and an event source mapping's
    `scaling_config.maximum_concurrency` are not reservations.

    **Generic resources.** `aws_cloudcontrolapi_resource` with `type_name = "AWS::Lambda::Function"`, and `AWS::Lambda::Function` (and SAM `AWS::Serverless::Function`, with `Globals.Function` applied) resources of an `aws_cloudformation_stack` `template_body` (JSON, or YAML: inline, `file()` in the tree, `yamlencode`; a short-form tag such as `!Ref` or `!Sub` is a CloudFormation function), must set `ReservedConcurrentExecutions` to a whole number >= 0. Each is reported on the generic resource's address, at the
    property when the desired state or template is a `jsonencode` literal; a template
    resource is named by its logical id in the message. A CloudFormation function (`Ref`,
    `Fn::*`) is unresolved. When `type_name`, `desired_state` or the template cannot be read
    (an unknown value, text that is neither JSON nor YAML, a `template_url`), the resource is **not checked**:
    an unresolved finding, which `--strict` fails; never a pass.
  EOT
  rationale      = <<-EOT
    All functions in an account and region share one concurrency pool (1,000 by default). A
    function without a reservation can take as much of it as its traffic demands. A retry storm,
    a queue backlog or a traffic spike on one function then throttles every other function in
    the account, including the API functions that users wait on.

    Reserved concurrency both guarantees and caps a function's share. The function can always
    scale to its reservation and never beyond it. That isolates it from its neighbours, and it
    also protects what the function calls (database connections, third-party rate limits) from
    a sudden flood.
  EOT
  remediation    = <<-EOT
    Set `reserved_concurrent_executions` to the function's expected peak concurrency, for
    example `reserved_concurrent_executions = 10`. Peak concurrency is about requests per second
    times average duration in seconds. AWS keeps at least 100 units of the account's pool
    unreserved, so the reservations of all functions in a region must leave that much free.
    Ask for a higher account limit if they do not fit.

    To stop a function in an emergency, set the value to `0` rather than removing it.
  EOT
  doc_url        = "docs/rules/PE004.md"
  resource_types = ["aws_lambda_function"]
  security_severity = 4.0
  tags              = ["reliability", "lambda"]
  references = [
    "https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html",
    "https://docs.aws.amazon.com/lambda/latest/dg/lambda-concurrency.html",
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/lambda_function",
  ]
  peers = {
    tfsec   = []
    trivy   = []
    checkov = ["CKV_AWS_115"]
    tflint  = []
  }
  peer_notes = {
    tfsec   = "No equivalent check."
    trivy   = "No equivalent check."
    checkov = "Same requirement: a missing value fails and `0` passes. The checkov 3.3.30 CLI passes `-1` because it compares it with the string `\"$${-1}\"`. pe-lint fails `-1`, as checkov's own unit test expects."
    tflint  = "No equivalent rule in tflint-ruleset-aws."
  }
  known_differences = <<-EOT
    Measured by `tests/it/peers.rs` against `../shared/peer-suites` (every disagreement must be listed there):

    - None: pe-lint agrees with Checkov `CKV_AWS_115` on every case.
  EOT
  known_problems    = <<-EOT
    PE004 does not add up the reservations of all functions. A configuration whose
    reservations leave less than 100 units unreserved passes PE004, and AWS then rejects it at
    apply time.

    Red team (#20), each a fixture under `testdata/rules/PE004/`: an override file setting -1,
    `*.auto.tfvars` over `terraform.tfvars`, a variable defaulting to `null`, the string `"-1"`
    all fail; a `nullable = false` variable given `null` in tfvars keeps its default (passes,
    as Terraform does).

    More red team (each plan-confirmed with an offline `terraform plan`; the provider plans
    `reserved_concurrent_executions = -1` where it is unset): an
    `aws_lambda_provisioned_concurrency_config` is not a reservation
    (`redteam_provisioned_not_reserved`); `lookup(map, "prod", -1)` with the key missing
    (`redteam_lookup_default_minus_one`); one `for_each` instance of several set to -1
    (`redteam_for_each_one_unreserved`); a module called with `count` whose variable
    defaults to `null` (`redteam_module_count_null_default`) all fail. A SAM
    `AWS::Serverless::Function` in an `aws_cloudformation_stack` passed unchecked; it is now
    checked like `AWS::Lambda::Function`, with SAM's `Globals.Function` applied
    (`redteam_sam_functions`, `pass/redteam_sam_globals`). Not caught:

    - A value in a var file that pe-lint is not given (`-var-file` in CI only).
    - A fractional value (`0.5`) passes PE004; Terraform rejects it at plan time, so nothing
      is deployed.
    - Functions created by an `aws_serverlessapplicationrepository_cloudformation_stack` (a
      published application) or by a nested stack's `TemplateURL` are not seen.
  EOT

  # The rule itself, in the policy language (docs/custom-rules.md). A number written as a string
  # counts, as Terraform converts it; a value that is not a number fails.
  check "aws_lambda_function" {
    assert  = self.reserved_concurrent_executions == null ? false : try(tonumber(self.reserved_concurrent_executions) >= 0, false)
    at      = "reserved_concurrent_executions"
    message = self.reserved_concurrent_executions == null ? "`reserved_concurrent_executions` is not set, so the function can take the whole account's concurrency" : (can(tonumber(self.reserved_concurrent_executions)) ? "`reserved_concurrent_executions` is ${self.reserved_concurrent_executions} (unreserved)" : "`reserved_concurrent_executions` is ${jsonencode(self.reserved_concurrent_executions)}, not a number")
    fix     = self.reserved_concurrent_executions == null ? "add `reserved_concurrent_executions = <n>` (n >= 0)" : "set `reserved_concurrent_executions` to a value >= 0"
  }

  # The Lambda table of the Markdown evidence inventory, shared with PE007: its VPC placement
  # column (computed in src/rules/pe007_api_lambda_vpc.rs) and its verdict.
  evidence {
    title           = "Lambda functions"
    intro           = "Reserved concurrency (PE004) and VPC placement (PE007: API Lambdas stay out of VPCs)."
    resource_type   = "aws_lambda_function"
    resource_column = "Function"
    columns = [
      { title = "Name", path = "function_name" },
      { title = "Reserved concurrency", path = "reserved_concurrent_executions" },
      { title = "VPC placement", cell = "lambda_vpc_placement" },
    ]
    verdicts = ["PE004", "PE007"]
  }

  example "pass" {
    code = <<-EOT
      provider "aws" {
        region = "eu-west-1"

        default_tags {
          tags = {
            Project    = "photo-editor"
            Env        = "prod"
            Owner      = "platform-team"
            CostCenter = "CC-1042"
          }
        }
      }

      variable "environment" {
        type    = string
        default = "prod"
      }

      locals {
        function_name = "photo-editor-worker"
      }

      resource "aws_iam_role" "worker" {
        name = "photo-editor-worker"
        assume_role_policy = jsonencode({
          Version = "2012-10-17"
          Statement = [{
            Effect    = "Allow"
            Action    = "sts:AssumeRole"
            Principal = { Service = "lambda.amazonaws.com" }
          }]
        })
      }

      resource "aws_cloudwatch_log_group" "worker" {
        name              = "/aws/lambda/$${local.function_name}"
        retention_in_days = 90
      }

      resource "aws_lambda_function" "worker" {
        function_name                  = local.function_name
        role                           = aws_iam_role.worker.arn
        runtime                        = "python3.12"
        handler                        = "worker.handler"
        filename                       = "worker.zip"
        timeout                        = 60
        reserved_concurrent_executions = 10

        depends_on = [aws_cloudwatch_log_group.worker]
      }
    EOT
  }

  example "fail" {
    code = <<-EOT
      provider "aws" {
        region = "eu-west-1"

        default_tags {
          tags = {
            Project    = "photo-editor"
            Env        = "prod"
            Owner      = "platform-team"
            CostCenter = "CC-1042"
          }
        }
      }

      variable "environment" {
        type    = string
        default = "prod"
      }

      locals {
        function_name = "photo-editor-worker"
      }

      resource "aws_iam_role" "worker" {
        name = "photo-editor-worker"
        assume_role_policy = jsonencode({
          Version = "2012-10-17"
          Statement = [{
            Effect    = "Allow"
            Action    = "sts:AssumeRole"
            Principal = { Service = "lambda.amazonaws.com" }
          }]
        })
      }

      resource "aws_cloudwatch_log_group" "worker" {
        name              = "/aws/lambda/$${local.function_name}"
        retention_in_days = 90
      }

      resource "aws_lambda_function" "worker" {
        function_name = local.function_name
        role          = aws_iam_role.worker.arn
        runtime       = "python3.12"
        handler       = "worker.handler"
        filename      = "worker.zip"
        timeout       = 60

        depends_on = [aws_cloudwatch_log_group.worker]
      }
    EOT
  }
}
