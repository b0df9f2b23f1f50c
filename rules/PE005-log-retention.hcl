rule "PE005" {
  name           = "log-retention"
  severity       = "error"
  requirement    = "Log groups keep logs for the environment's retention period (prod 90, staging 30, dev 14 days), and every Lambda function has a managed log group"
  summary        = "Every `aws_cloudwatch_log_group` sets `retention_in_days` to the environment's value, and every Lambda function has a managed log group."
  description    = <<-EOT
    PE005 has two parts. Both check the root module and every child module, and every instance
    created by `count` or `for_each`, under its full address.

    **1. Retention of every `aws_cloudwatch_log_group`.** `retention_in_days` must equal the
    value for the environment:

    | Environment | `retention_in_days` |
    | --- | --- |
    | `prod` | 90 |
    | `staging` | 30 |
    | `dev` | 14 |

    - **Pass:** `retention_in_days` evaluates to exactly the environment's value.
    - **Fail:** `retention_in_days` is missing, which means the logs never expire (the finding
      points at the resource block). It is any other value, including `0` (never expire) and
      longer periods such as `365` (the finding points at the attribute). The message shows
      both numbers, for example "retention_in_days is 365, but prod requires 90".
    - **Fail whatever the environment:** when the environment is unknown (or has no retention
      value), a retention that is no environment's retention — `0` (never expire), `1`, `7`,
      `365`, any value other than 14, 30 and 90 — fails, since it is wrong whichever
      environment this is.
    - **Unresolved:** `retention_in_days` cannot be evaluated, or the environment is unknown
      and the value is one environment's retention. The message says how to set the
      environment.

    A retention that is one of a few known values (a conditional on an unknown condition,
    `local.days[var.tier]`, `lookup(local.days, var.tier, 90)`) is judged for each: it passes
    when all of them are right, fails when none is, and is otherwise unresolved.

    **2. A managed log group for every `aws_lambda_function`.** The configuration must contain
    an `aws_cloudwatch_log_group` named `/aws/lambda/<function_name>`. If the function has a
    `logging_config` block with a `log_group`, it must contain the group that `log_group` names
    instead. Names are compared after evaluation, and a reference to the group's `name` counts.

    - **Pass:** the group exists. Its retention is checked by part 1, and reported there.
    - **Fail:** there is no such group. Lambda then creates the group itself on the first
      invocation, and that group never expires. The finding points at the function's resource
      block.
    - **Unresolved:** the function name, or a log group name that might match it, cannot be
      evaluated.

    A group of the right name covers the function only where Lambda really writes to it:

    - `logging_config.log_group` sends the logs elsewhere: the `/aws/lambda/` group does not
      count, the named group must exist (fail otherwise).
    - Names are case-sensitive: `/aws/lambda/photo-resize` does not cover `Photo-Resize`.
    - A group created with `count = 0` does not exist (fail); one whose `count`/`for_each` is
      unknown may not exist (unresolved).
    - A group managed through another provider configuration (an alias, maybe another region
      or account), or with a different `region` argument (provider 6), is not known to be in the
      function's region and account: unresolved; a known different `region` does not count.
    - Names with unknown pieces are equal only when the pieces are the same reference
      (`var.name` on both sides). Two values derived from the same input are not:
      `var.blue ? "a" : "b"` and `"$${!var.blue ? "a" : "b"}"` differ (unresolved; before, they
      passed).
    - `skip_destroy = true` only keeps the group at destroy: it covers the function. A second
      group of the same name covers it too, and each group's retention is judged on its own.

    **The environment** is taken from the first of these that gives a value:

    1. the `--env` command-line option;
    2. the root module's variable `environment`, `env`, `stage` or `stage_name`, as evaluated
       with its default and the tfvars files;
    3. otherwise it is unknown, and every retention check is unresolved.

    `stage` is read as `staging`, `production` as `prod` and `development` as `dev`. The values
    90, 30 and 14 are defaults, and they can be changed in the settings.

    **Generic resources.** `aws_cloudcontrolapi_resource` with `type_name = "AWS::Logs::LogGroup"`, and `AWS::Logs::LogGroup` resources of an `aws_cloudformation_stack` `template_body` (JSON, or YAML: inline, `file()` in the tree, `yamlencode`; a short-form tag such as `!Ref` or `!Sub` is a CloudFormation function), must set `RetentionInDays` to the environment's retention; a missing `RetentionInDays` fails (the logs never expire). Each is reported on the generic resource's address, at the
    property when the desired state or template is a `jsonencode` literal (else at the attribute); a template
    resource is named by its logical id in the message. A CloudFormation function is unresolved, and so is any value while the environment is unknown. Functions created through generic resources are not matched to log groups. When `type_name`, `desired_state` or the template cannot be read
    (an unknown value, text that is neither JSON nor YAML, a `template_url`), the resource is **not checked**:
    an unresolved finding, which `--strict` fails; never a pass.
  EOT
  rationale      = <<-EOT
    A log group without a retention period keeps every log event forever. Storage cost then
    grows month after month. Personal data in the logs (user IDs, IP addresses, file names) is
    also kept far longer than its purpose needs, against the storage limitation principle of
    data protection law such as the GDPR. Too short a retention loses the evidence that an
    incident investigation or an audit needs. The platform standard therefore fixes one period
    per environment: 90 days in production, 30 in staging, 14 in development.

    Lambda writes to `/aws/lambda/<function_name>`. If Terraform does not manage that group,
    Lambda creates it on the first invocation, with no retention. Nothing in the configuration
    shows that such a group exists.
  EOT
  remediation    = <<-EOT
    Set `retention_in_days` from the environment, for example:

    ```hcl
    locals {
      retention_days = { prod = 90, staging = 30, dev = 14 }
    }

    resource "aws_cloudwatch_log_group" "api" {
      name              = "/aws/apigateway/photo-editor-api"
      retention_in_days = local.retention_days[var.environment]
    }
    ```

    For every Lambda function, declare its log group `/aws/lambda/<function_name>` with that
    retention. Add `depends_on = [aws_cloudwatch_log_group.<name>]` to the function, so that the
    group exists before the first invocation. If Lambda has already created the group, bring it
    under Terraform with an `import` block (or `terraform import`) before you apply.

    If pe-lint reports the environment as unknown, pass `--env prod` (or `staging`, `dev`), or
    give the root module a variable `environment` with a value.
  EOT
  doc_url        = "docs/rules/PE005.md"
  resource_types = ["aws_cloudwatch_log_group", "aws_lambda_function"]
  security_severity = 5.0
  tags              = ["security", "logging", "cloudwatch"]
  references = [
    "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/Working-with-log-groups-and-streams.html#SettingLogRetention",
    "https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs.html",
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudwatch_log_group",
  ]
  setting "retention_days" {
    type           = "map(number)"
    default        = { prod = 90, staging = 30, dev = 14 }
    keys           = ["prod", "staging", "dev"]
    minimum        = 1
    unit           = "days"
    values         = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653]
    values_warning = "is not a retention period CloudWatch Logs accepts"
    merge          = true
    tighten        = "raise"
    legacy         = "retention_days"
    doc            = "The retention in days each environment requires: a log group's `retention_in_days` must equal its environment's value (see `retention_mode`). Environments left out keep their default. A period CloudWatch Logs does not accept is a warning: PE005 could never pass with it in `exact` mode. A nested configuration file may raise an environment's days, never lower them."
  }
  setting "retention_mode" {
    type         = "string"
    default      = "exact"
    values       = ["exact", "minimum"]
    tighten      = "order"
    legacy       = "retention_mode"
    doc          = "`\"exact\"`: the retention must equal the environment's value. `\"minimum\"` accepts any longer retention too. A nested configuration file may choose `\"exact\"`, never `\"minimum\"`."
  }
  peers = {
    tfsec   = []
    trivy   = []
    checkov = ["CKV_AWS_66"]
    tflint  = []
  }
  peer_notes = {
    tfsec   = "No equivalent check."
    trivy   = "No equivalent check."
    checkov = "CKV_AWS_66 only requires `retention_in_days` to be set, to any value. pe-lint requires the environment's exact value and also checks Lambda log groups. CKV_AWS_338 (at least 365 days, or never expire) contradicts this requirement and is deliberately not mapped, so skipping it does not suppress PE005."
    tflint  = "No equivalent rule in tflint-ruleset-aws."
  }
  known_differences = <<-EOT
    Measured by `tests/it/peers.rs` against `../shared/peer-suites` (every disagreement must be listed there):

    - Checkov `CKV_AWS_66` `pass`: any retention passes Checkov; PE005 requires the environment's value (prod 90).
    - Checkov `CKV_AWS_338` `pass_0`, `pass_365`: Checkov wants a year or more; PE005 requires exactly the environment's value, and 0 means never expire.
  EOT
  known_problems    = <<-EOT
    Only the log groups of Lambda functions are checked for existence. Other services also
    create log groups with no retention when Terraform does not manage them: API Gateway
    execution logs (`API-Gateway-Execution-Logs_<api-id>/<stage>`), CodeBuild, ECS with the
    `awslogs-create-group` option, and others. PE005 does not see those groups.

    A Lambda function whose log group is managed in another configuration fails. Suppress that
    finding with a reason that says where the group is managed.

    A group through another provider alias is unresolved even when both aliases are plainly the
    same region and account: pe-lint does not compare provider configurations. Two names that
    are one of a few values each are not compared value by value when they come from the same
    input (`var.blue ? "a" : "b"` against `!var.blue ? "a" : "b"` could fail but is
    unresolved).

    The environments are prod, staging and dev: a known environment outside them ("qa") has no
    retention, and a retention that fits none of the three fails there too.

    Red team (#20), each a fixture under `testdata/rules/PE005/` and confirmed by an offline
    `terraform plan`: a retention of 3653 set in `main_override.tf`
    (`fail/redteam_override_retention`), one `for_each` module instance at 365
    (`fail/redteam_module_for_each_one_env`), `environment = "dev"` in a `*.auto.tfvars` that
    wins over `terraform.tfvars` (`fail/redteam_auto_tfvars_env`), a group with `name_prefix`
    (a random suffix follows, so it is never the function's group:
    `fail/redteam_name_prefix_group`) all fail, and `logging_config { log_format = "JSON" }`
    without `log_group` keeps `/aws/lambda/<name>` (`pass/redteam_logging_config_json_default_group`).
    A group named `"/aws/lambda/$${aws_lambda_function.f.arn}"` was unresolved; it is now a
    failure, since an unknown `arn` attribute begins with `arn:` (`fail/redteam_group_named_after_arn`).
    A name computed from the ARN (`replace(f.arn, "/.*:/", "")`, which is the function's name)
    stays unresolved (`fail/redteam_group_name_derived_from_arn`): only the function's result
    after apply decides it. `logging_config { log_group = aws_cloudwatch_log_group.g.name }`
    where `g` has only a `name_prefix` was unresolved; the reference names that group, so it
    now passes (`pass/redteam_logging_config_to_name_prefix_group`).
  EOT

  # The log group table of the Markdown evidence inventory. The retention cell is computed by
  # the rule's Rust (src/rules/pe005_log_retention.rs).
  evidence {
    title           = "CloudWatch log groups"
    intro           = "Retention per environment (PE005)."
    resource_type   = "aws_cloudwatch_log_group"
    resource_column = "Log group"
    columns = [
      { title = "Name", path = "name" },
      { title = "Retention (days)", cell = "log_retention_days" },
      { title = "KMS key", path = "kms_key_id", absent = "none", reference = true },
    ]
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
        retention_days = { prod = 90, staging = 30, dev = 14 }
      }

      resource "aws_cloudwatch_log_group" "api_access" {
        name              = "/aws/apigateway/photo-editor-api"
        retention_in_days = local.retention_days[var.environment]
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

      resource "aws_cloudwatch_log_group" "api_access" {
        name              = "/aws/apigateway/photo-editor-api"
        retention_in_days = 365
      }
    EOT
  }
}
