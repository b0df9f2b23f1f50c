rule "PE007" {
  name           = "api-lambda-no-vpc"
  severity       = "error"
  requirement    = "Lambda functions that serve the API are not attached to a VPC"
  summary        = "An API Lambda (by name, or because API Gateway invokes it) has no `vpc_config` with subnets."
  description    = <<-EOT
    Checks every `aws_lambda_function`, in the root module and in every child module, and every
    instance created by `count` or `for_each`, under its full address.

    **A function is an API Lambda** when any of these holds:

    - its `function_name`, or its resource name (the label in
      `resource "aws_lambda_function" "<name>"`), contains one of the patterns `presign`,
      `status`, `download` or `bff`, ignoring case. The pattern list is a setting, and these
      four are its default;
    - an API Gateway integration targets it: an `aws_api_gateway_integration` whose `uri`, or
      an `aws_apigatewayv2_integration` whose `integration_uri`, refers to the function (its
      `invoke_arn`, `arn`, `qualified_arn` or `qualified_invoke_arn`, directly or through
      locals, variables or module outputs), or to an `aws_lambda_alias` of the function (its
      `invoke_arn` or `arn`) or to a `data "aws_lambda_function"` that reads it, or spells out
      the function's ARN as text (`"arn:aws:lambda:...:function:<name>"`, also built with
      `format` or interpolation);
    - an `aws_lambda_permission` whose principal is API Gateway has a `function_name` that
      refers to the function or to one of its aliases, by reference, by equal name or by its
      ARN written out (with or without a qualifier). The
      principal counts however it is written: in any letter case and with any partition's DNS
      suffix (`"apigateway.$${data.aws_partition.current.dns_suffix}"`).

    Every other function is a worker, and workers may be attached to a VPC.

    - **Pass:** the function has no `vpc_config` block, or its `vpc_config` has an empty
      `subnet_ids` list. An empty list is how the provider detaches a function from its VPC.
      Workers always pass.
    - **Fail:** an API Lambda has a `vpc_config` block with a non-empty `subnet_ids`. The
      finding points at the `vpc_config` block, and the message says why the function counts
      as an API Lambda (the matching pattern, integration or permission).
    - **Unresolved:** an API Lambda has a `vpc_config` whose `subnet_ids` cannot be
      evaluated. Also unresolved: a function has a non-empty `vpc_config`, is not known to be
      an API Lambda, and its `function_name` cannot be evaluated, so a pattern match cannot be
      ruled out. And unresolved: a function in a VPC that an `aws_lambda_permission` names
      whose `principal` cannot be evaluated (it may be API Gateway).

    **Generic resources.** `AWS::Lambda::Function` (and SAM `AWS::Serverless::Function`, with `Globals.Function` applied) resources of an `aws_cloudformation_stack` `template_body` (JSON, or YAML: inline, `file()` in the tree, `yamlencode`) and `aws_cloudcontrolapi_resource` with `type_name = "AWS::Lambda::Function"` are API Lambdas when their `FunctionName` or logical id matches an API pattern, when a SAM function has an `Api` or `HttpApi` event, when a resource of the same template of an `AWS::ApiGateway*` type (a `Method`'s `Integration.Uri`, an `AWS::ApiGatewayV2::Integration`'s `IntegrationUri`) or an `AWS::Lambda::Permission` whose `Principal` is, or may be (`!Sub "apigateway.$${AWS::URLSuffix}"`), API Gateway refers to them (`Ref`, `Fn::GetAtt`, a `Fn::Sub` variable), or, for Cloud Control, when a Terraform integration or API Gateway permission refers to the resource. An API Lambda fails when `VpcConfig.SubnetIds` is a non-empty list, passes when `VpcConfig` or its subnets are absent or empty, and is unresolved when the subnets are a CloudFormation function or unknown. Each is reported on the generic resource's address, at `VpcConfig` when the template is a `jsonencode` literal.
  EOT
  rationale      = <<-EOT
    A Lambda function attached to a VPC reaches the internet and most AWS APIs only through a
    NAT gateway or VPC endpoints. API functions such as presigning S3 URLs, reading job status
    or generating download links need no private network resources. Putting them in a VPC
    adds NAT cost (hourly, plus per GB processed), and it turns a NAT or endpoint
    misconfiguration into an API outage.

    The platform keeps API functions outside the VPC, so that they stay cheap and simple.
    Only workers that must reach private resources, such as a database in a private subnet,
    may be attached to one.
  EOT
  remediation    = <<-EOT
    Remove the `vpc_config` block from the API function. If the function really needs a
    private resource, move that work into a worker function (for example, behind an SQS
    queue) and keep the API function outside the VPC.

    If a worker is taken for an API Lambda only because its name contains one of the patterns
    (for example, `status-reconciler`), rename it or change the API Lambda patterns in the
    settings.
  EOT
  doc_url        = "docs/rules/PE007.md"
  resource_types = ["aws_lambda_function"]
  security_severity = 6.0
  tags              = ["security", "networking", "lambda"]
  references = [
    "https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html",
    "https://docs.aws.amazon.com/lambda/latest/dg/services-apigateway.html",
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/lambda_function",
  ]
  setting "api_lambda_patterns" {
    type         = "list(string)"
    default      = ["presign", "status", "download", "bff"]
    nonempty     = true
    tighten_note = "it decides which functions a rule applies to"
    legacy       = "api_lambda_patterns"
    doc          = "A Lambda function whose function name or resource name contains one of these (case-insensitive) is an API Lambda. The list replaces the default. A nested configuration file cannot change it."
  }
  peers = {
    tfsec   = []
    trivy   = []
    checkov = []
    tflint  = []
  }
  peer_notes = {
    tfsec   = "No equivalent check."
    trivy   = "No equivalent check."
    checkov = "CKV_AWS_117 requires the opposite: every Lambda in a VPC. It fails exactly the API Lambdas that PE007 passes, so it is deliberately not mapped, and skipping it does not suppress PE007."
    tflint  = "No equivalent rule in tflint-ruleset-aws."
  }
  known_differences = <<-EOT
    Measured by `tests/it/peers.rs` against `../shared/peer-suites` (every disagreement must be listed there):

    - Checkov `CKV_AWS_117` wants every Lambda in a VPC, the opposite of PE007: its `fail` case passes PE007.
  EOT
  known_problems    = <<-EOT
    The name patterns match substrings, so a worker named `photo-status-sync` counts as an API
    Lambda, and an API function whose name matches no pattern is found only through its
    integration or permission. Functions invoked through a function URL, an Application Load
    Balancer or AppSync are not recognised as API Lambdas unless their names match a pattern.

    Red team (each a fixture under testdata/rules/PE007/, confirmed with an offline
    `terraform plan`: every function below is planned with `vpc_config.subnet_ids` set and is
    wired to API Gateway). Fixed: an integration URI that is a literal Lambda ARN
    (`redteam_literal_arn_uri`) or built with `format` (`redteam_format_uri`); a permission
    naming the function by its full ARN (`redteam_permission_full_arn`); an integration
    through `data.aws_lambda_function` (`redteam_integration_via_data_source`); a permission
    whose principal is an unset variable, now unresolved (`redteam_unknown_principal`). Found
    already handled: `vpc_config` in a `dynamic` block (`redteam_dynamic_vpc_config`) or added
    by an override file (`redteam_override_file`), a function in a module called with
    `for_each` (`redteam_module_for_each`), aliases and `apigateway.$${dns_suffix}` principals.
    Still open:
    - An integration URI that is unknown at plan (`var.lambda_arn` without a value) is not
      followed: a function it may name passes unless a name pattern matches.
    - An integration or permission through `aws_lambda_function_url`, an ALB target group or
      a stage variable (`$${stageVariables.fn}`) is not recognised.
    - A function made API-facing only in another Terraform state (an API defined elsewhere
      naming it by ARN) cannot be seen.
  EOT

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
        function_name = "photo-editor-presign"
      }

      resource "aws_iam_role" "presign" {
        name = "photo-editor-presign"
        assume_role_policy = jsonencode({
          Version = "2012-10-17"
          Statement = [{
            Effect    = "Allow"
            Action    = "sts:AssumeRole"
            Principal = { Service = "lambda.amazonaws.com" }
          }]
        })
      }

      resource "aws_cloudwatch_log_group" "presign" {
        name              = "/aws/lambda/$${local.function_name}"
        retention_in_days = 90
      }

      resource "aws_lambda_function" "presign" {
        function_name                  = local.function_name
        role                           = aws_iam_role.presign.arn
        runtime                        = "python3.12"
        handler                        = "presign.handler"
        filename                       = "presign.zip"
        reserved_concurrent_executions = 20

        depends_on = [aws_cloudwatch_log_group.presign]
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
        function_name = "photo-editor-presign"
      }

      resource "aws_iam_role" "presign" {
        name = "photo-editor-presign"
        assume_role_policy = jsonencode({
          Version = "2012-10-17"
          Statement = [{
            Effect    = "Allow"
            Action    = "sts:AssumeRole"
            Principal = { Service = "lambda.amazonaws.com" }
          }]
        })
      }

      resource "aws_cloudwatch_log_group" "presign" {
        name              = "/aws/lambda/$${local.function_name}"
        retention_in_days = 90
      }

      resource "aws_lambda_function" "presign" {
        function_name                  = local.function_name
        role                           = aws_iam_role.presign.arn
        runtime                        = "python3.12"
        handler                        = "presign.handler"
        filename                       = "presign.zip"
        reserved_concurrent_executions = 20

        vpc_config {
          subnet_ids         = ["subnet-0a1b2c3d4e5f60718"]
          security_group_ids = ["sg-0a1b2c3d4e5f60718"]
        }

        depends_on = [aws_cloudwatch_log_group.presign]
      }
    EOT
  }
}
