rule "PE006" {
  name           = "cost-tags"
  severity       = "error"
  requirement    = "Every taggable resource carries the cost tags Project, Env, Owner and CostCenter"
  summary        = "Every taggable AWS resource has non-empty `Project`, `Env`, `Owner` and `CostCenter` tags, counting the provider's `default_tags`."
  description    = <<-EOT
    Checks every managed resource (not data sources) whose type is **taggable**, in the root
    module and in every child module, and every instance created by `count` or `for_each`,
    under its full address.

    **Taggable** means that the resource type has a top-level `tags` argument in the AWS
    provider. pe-lint ships this list as data: 851 types, the union of the provider schemas of
    `hashicorp/aws` v5.100.0 and v6.57.1. Types that have no `tags` argument are never flagged,
    for example `aws_iam_role_policy`, `aws_kms_alias`, `aws_lambda_permission` and
    `aws_s3_bucket_public_access_block`. Neither is `aws_autoscaling_group`, which tags through
    `tag` blocks instead of a `tags` argument.

    **The effective tags** of a resource are the `default_tags { tags = ... }` of the provider
    configuration it uses, merged with its own `tags`. The resource's own value wins when both
    set the same key, as in the provider. An own tag set to `null` is dropped by the provider,
    so the default tag of that key stays (`tags = { CostCenter = null }` keeps the default
    `CostCenter`, as `terraform plan` shows in `tags_all`). The provider configuration is the one named by the
    resource's `provider` meta-argument (`aws.<alias>`), or the one that a module call passes
    in `providers`, or otherwise the default `aws` provider. A provider configuration without
    `default_tags` adds nothing.

    The required keys are `Project`, `Env`, `Owner` and `CostCenter`. Keys are case-sensitive:
    `project` is not `Project`.

    - **Pass:** all four keys are present in the effective tags with non-empty values.
    - **Fail:** one or more keys are missing, or their value is the empty string `""` (which
      counts as missing). The message names the missing keys. The finding points at the
      resource's `tags` argument when it has one, and otherwise at the resource block.
    - **Unresolved:** a required key cannot be decided because its value, or the whole `tags`
      or `default_tags` map, cannot be evaluated (for example, `tags = var.tags` with no value).
      Keys that are known to be missing still make the resource fail.

    **Tags that are one of a few maps.** When the tags are unknown but can only be one of a
    few maps — `merge(local.tags, lookup(var.per_az_tags, <unknown zone>, {}))`, where a lookup
    with an unknown key into a known map gives one of its values or the default, or a
    conditional on an unknown condition — every map is judged: a key missing from all of them
    fails (over an empty `per_az_tags` the lookup is `{}` whatever the zone), a key present in
    some and missing in others is unresolved, and all passing passes. A map that is itself
    unknown could supply any key: unresolved. A known key whose value is unknown counts as
    present.

    **Autoscaling groups** (`aws_autoscaling_group`) have no `tags` argument in provider 5.x:
    their `tag { key, value }` blocks (or the legacy `tags = [{ key, value }]` list) are their
    tags, and the provider's `default_tags` do not apply to them (checked with
    `terraform plan`: no `tags_all`).

    The list of required keys is a setting, and these four are its default.

    **Generic resources.** An `aws_cloudcontrolapi_resource` of a type the other rules check (`AWS::KMS::Key`, `AWS::S3::Bucket`, `AWS::SQS::Queue`, `AWS::Lambda::Function`, `AWS::Logs::LogGroup`, `AWS::IAM::Role`) must list every required tag in its `Tags` property (a list of `Key`/`Value`); provider `default_tags` do not reach Cloud Control properties. An `aws_cloudformation_stack` is checked on its own `tags` (CloudFormation propagates stack tags to the resources it creates), not on the template. A tag whose value is a CloudFormation function or unknown is unresolved. When `type_name` or `desired_state` cannot be read, the resource is **not checked**: an unresolved finding, which `--strict` fails; never a pass.
  EOT
  rationale      = <<-EOT
    AWS cost reports (Cost Explorer, the Cost and Usage Report, budgets) can split spending
    only by tags. An untagged resource shows up as unallocated cost that nobody answers for.
    `Project` and `CostCenter` say who pays. `Env` separates production spending from test
    spending. `Owner` says whom to ask when a resource looks orphaned, misbehaves or has to be
    deleted.

    Tags cannot be added to past billing data. A resource created without them stays
    unattributed for every day until someone notices.
  EOT
  remediation    = <<-EOT
    Put the four tags into `default_tags` on every `aws` provider configuration, including
    each alias. Then every taggable resource gets them without repeating them:

    ```hcl
    provider "aws" {
      region = "eu-west-1"

      default_tags {
        tags = {
          Project    = "photo-editor"
          Env        = var.environment
          Owner      = "platform-team"
          CostCenter = "CC-1042"
        }
      }
    }
    ```

    Set `tags` on a resource only to override a value, such as a different `Owner`. Make sure
    no value is empty, for example a variable whose default is `""`. To use the tags for cost
    allocation, also activate them as cost allocation tags in the AWS Billing console.
  EOT
  doc_url        = "docs/rules/PE006.md"
  resource_types = ["aws_*"]
  security_severity = 2.0
  tags              = ["cost", "tagging"]
  references = [
    "https://docs.aws.amazon.com/awsaccountbilling/latest/aboutv2/cost-alloc-tags.html",
    "https://docs.aws.amazon.com/whitepapers/latest/tagging-best-practices/tagging-best-practices.html",
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs#default_tags-configuration-block",
  ]
  setting "required_tags" {
    type     = "list(string)"
    default  = ["Project", "Env", "Owner", "CostCenter"]
    nonempty = true
    tighten  = "union"
    legacy   = "required_tags"
    doc      = "The tags every taggable resource carries, non-empty, counting the provider's `default_tags`. The list replaces the default. A nested configuration file may add tags (the lists are merged), never remove one."
  }
  setting "tag_values" {
    type    = "map(list(string))"
    default = {}
    tighten = "intersect"
    legacy  = "tag_values"
    doc     = "Allowed values per tag: a required tag listed here must have one of the listed values; an empty list, or a tag not listed, accepts any non-empty value. A nested configuration file may restrict a tag not yet restricted; for a restricted tag only the values both lists allow remain."
  }
  peers = {
    tfsec   = []
    trivy   = []
    checkov = []
    tflint  = ["aws_resource_missing_tags"]
  }
  peer_notes = {
    tfsec   = "No equivalent check."
    trivy   = "No built-in check. The trivy-checks example custom check `USR-TFRAW-0001` (tags `Access` and `Owner` on `aws_s3_bucket`) is not mapped."
    checkov = "No built-in check for required tags."
    tflint  = "Same idea, and it also merges provider `default_tags`. tflint only checks that the keys exist (an empty value passes) and silently skips tag maps it cannot evaluate; pe-lint fails empty values and reports unknown maps as unresolved. Both check `aws_autoscaling_group` `tag` blocks."
  }
  known_differences = <<-EOT
    Measured by `tests/it/peers.rs` against `../shared/peer-suites` (every disagreement must be listed there):

    - TFLint `aws_resource_missing_tags` good 4: the TFLint configuration excludes `aws_autoscaling_group`; PE006 has no per-type exclusion and checks an autoscaling group's `tag` blocks.
    - TFLint good 10 and 11: tags that come from a variable with no value are *unresolved* in pe-lint (fail closed); TFLint skips them.
  EOT
  known_problems    = <<-EOT
    The taggable list is the union of two provider versions. Thirteen types got `tags` only in
    provider 6.x, among them `aws_s3_access_point`, `aws_s3_directory_bucket` and
    `aws_cloudfront_function`. With provider 5.x these cannot be tagged, but PE006 still
    requires tags on them. Suppress such a finding with a reason.

    `aws_inspector_resource_group` is in the list, but its `tags` argument is a filter for
    choosing instances, not the resource's own tags.

    Tags added by separate resources (`aws_ec2_tag`, `aws_autoscaling_group_tag`,
    `aws_dynamodb_tag`) are not counted: a resource whose cost tags come only from those fails
    although it is tagged after apply.

    Tag values are not judged by what they may be: a known key whose value is unknown counts as
    present, though at apply it could be `""` (which counts as missing when known).

    Red team (#20), each a fixture under `testdata/rules/PE006/` and confirmed by an offline
    `terraform plan` (its `tags_all`), all judged as deployed: `merge(local.base, { CostCenter
    = "" })`, a `for` expression that filters CostCenter out, a key `"CostCenter "` with a
    trailing space, `CostCenter = null` with no `default_tags`, and `ignore_tags` by `keys` or
    `key_prefixes` dropping a `default_tags` key all fail (`fail/redteam_*`);
    `lifecycle { ignore_changes = [tags] }` (tags are still applied at creation) and a
    resource CostCenter over a `default_tags` CostCenter of `""` pass (`pass/redteam_*`).
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

      resource "aws_sns_topic" "job_events" {
        name = "photo-editor-job-events"

        tags = {
          Owner = "media-team"
        }
      }
    EOT
  }

  example "fail" {
    code = <<-EOT
      provider "aws" {
        region = "eu-west-1"

        default_tags {
          tags = {
            Project = "photo-editor"
            Env     = "prod"
          }
        }
      }

      resource "aws_sns_topic" "job_events" {
        name = "photo-editor-job-events"

        tags = {
          Owner = "media-team"
        }
      }
    EOT
  }
}
