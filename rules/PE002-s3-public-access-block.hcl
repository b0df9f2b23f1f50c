rule "PE002" {
  name           = "s3-public-access-block"
  severity       = "error"
  requirement    = "Every S3 bucket has a public access block with all four settings enabled"
  summary        = "Every `aws_s3_bucket` has an `aws_s3_bucket_public_access_block` with all four flags `true`."
  description    = <<-EOT
    Checks every `aws_s3_bucket`, in the root module and in every child module, and every
    instance created by `count` or `for_each`, under its full address.

    A bucket passes when an `aws_s3_bucket_public_access_block` in the same configuration is
    attached to it and sets all four flags to `true`:

    - `block_public_acls`
    - `block_public_policy`
    - `ignore_public_acls`
    - `restrict_public_buckets`

    The access block is attached to the bucket when its `bucket` argument:

    - refers to the bucket, as `aws_s3_bucket.x.id` or `aws_s3_bucket.x.bucket`, directly or
      through locals, variables or module outputs (for example, a bucket created in one module
      and its access block in another), or
    - evaluates to the same name as the bucket's `bucket` argument, such as a literal
      `"photo-editor-uploads"` on both.

    Only the bucket's name attaches a block: its `id` or `bucket` attribute, a literal equal to
    its name, or a `data.aws_s3_bucket` looked up by it. A block given another attribute of
    the bucket (`arn`, `region`) is attached to nothing (its apply fails or protects another
    bucket) and the bucket fails, pointing at that `bucket` argument.

    S3 applies, flag by flag, the stricter of the account-level and the bucket-level setting.
    An `aws_s3_account_public_access_block` counts only for buckets managed through the same
    provider configuration (the same `provider` alias, passed into modules through
    `providers`): another configuration (another `assume_role`, `profile` or alias) may be
    another account, so it never counts. The pass evidence names the blocks that turn the
    flags on.

    Ambiguity is never credit:

    - Two or more blocks for one bucket (by reference or by name): Terraform does not order
      them and the last one applied wins, so every one of them must set all four flags; a
      flag that any of them leaves off fails.
    - A block whose `count`/`for_each` cannot be resolved may not exist: the bucket is
      unresolved (at the block) unless a block that surely exists turns the flags on.
    - A block whose `bucket` cannot be resolved (an unknown variable, a module input with no
      value) may be any bucket's: it never passes a bucket; a bucket with nothing else is
      unresolved.
    - A block created through another provider configuration than the bucket's does not
      protect it: the bucket fails, at that block.

    - **Fail:** the bucket has no attached access block, or the attached block leaves one or
      more flags missing or `false`. A missing flag counts as `false`, which is the provider
      default. The finding is reported on the bucket's address and names the flags that are not
      `true`. It points at the first flag written as `false` in the access block when there is
      one. Otherwise it points at the bucket's resource block.
    - **Unresolved:** a flag cannot be evaluated. Also unresolved: no access block refers to the
      bucket by reference, and a name match is impossible to decide because a `bucket` value is
      unknown on either side (for example, a name built from a variable with no value).

    **Generic resources.** `aws_cloudcontrolapi_resource` with `type_name = "AWS::S3::Bucket"`, and `AWS::S3::Bucket` resources of an `aws_cloudformation_stack` `template_body` (JSON, or YAML: inline, `file()` in the tree, `yamlencode`; a short-form tag such as `!Ref` or `!Sub` is a CloudFormation function), must set `PublicAccessBlockConfiguration` with `BlockPublicAcls`, `BlockPublicPolicy`, `IgnorePublicAcls` and `RestrictPublicBuckets` all `true`. Each is reported on the generic resource's address, at the
    property when the desired state or template is a `jsonencode` literal; a template
    resource is named by its logical id in the message. A CloudFormation function (`Ref`,
    `Fn::*`) is unresolved. When `type_name`, `desired_state` or the template cannot be read
    (an unknown value, text that is neither JSON nor YAML, a `template_url`), the resource is **not checked**:
    an unresolved finding, which `--strict` fails; never a pass.
  EOT
  rationale      = <<-EOT
    The public access block settings override every ACL and bucket policy on the bucket. With
    all four on, nothing written later (a public-read ACL, a policy with `"Principal": "*"`,
    an object uploaded with a public ACL) can expose the bucket's data to the internet. Public
    buckets have been the cause of many of the largest cloud data leaks.

    Each flag closes a different path. `block_public_acls` rejects new public ACLs,
    `ignore_public_acls` makes S3 ignore existing ones, `block_public_policy` rejects public
    bucket policies, and `restrict_public_buckets` limits access under an existing public policy
    to AWS service principals and authorised users in the bucket owner's account. Setting only
    some of them leaves the other paths open.
  EOT
  remediation    = <<-EOT
    Add an `aws_s3_bucket_public_access_block` for the bucket, referring to it by
    `aws_s3_bucket.<name>.id`, and set all four flags to `true`:

    ```hcl
    resource "aws_s3_bucket_public_access_block" "uploads" {
      bucket                  = aws_s3_bucket.uploads.id
      block_public_acls       = true
      block_public_policy     = true
      ignore_public_acls      = true
      restrict_public_buckets = true
    }
    ```

    If the account must never have public buckets, an `aws_s3_account_public_access_block` with
    all four flags `true` covers every bucket at once. A bucket that really must be public (a
    static website) should be served through CloudFront with origin access control, not
    through a public bucket.
  EOT
  doc_url        = "docs/rules/PE002.md"
  resource_types = ["aws_s3_bucket"]
  security_severity = 8.0
  tags              = ["security", "s3", "public-access"]
  references = [
    "https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html",
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket_public_access_block",
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_account_public_access_block",
  ]
  peers = {
    tfsec   = ["aws-s3-specify-public-access-block", "aws-s3-block-public-acls", "aws-s3-block-public-policy", "aws-s3-ignore-public-acls", "aws-s3-no-public-buckets"]
    trivy   = ["AVD-AWS-0094", "AVD-AWS-0086", "AVD-AWS-0087", "AVD-AWS-0091", "AVD-AWS-0093"]
    checkov = ["CKV2_AWS_6", "CKV_AWS_53", "CKV_AWS_54", "CKV_AWS_55", "CKV_AWS_56"]
    tflint  = []
  }
  peer_notes = {
    tfsec   = "Split into five checks: one for a bucket without an access block, and one for each flag that is not `true` (reported on the access block). pe-lint checks all five as one rule and reports on the bucket."
    trivy   = "Same checks as tfsec. pe-lint also accepts an `aws_s3_account_public_access_block` with all four flags `true`, which the trivy fixtures do not cover."
    checkov = "CKV2_AWS_6 requires only `block_public_acls` and `block_public_policy`; pe-lint requires all four, so its `bucket_good_1` fails PE002. CKV_AWS_53 to CKV_AWS_56 check one flag each on the access block, whatever bucket it is attached to."
    tflint  = "No equivalent rule in tflint-ruleset-aws."
  }
  known_differences = <<-EOT
    Measured by `tests/it/peers.rs` against `../shared/peer-suites` (every disagreement must be listed there):

    - Checkov `CKV2_AWS_6` `bucket_good_1`: Checkov needs two flags; PE002 needs all four.
    - Checkov `CKV_AWS_53`..`CKV_AWS_56`: Checkov reports the `aws_s3_bucket_public_access_block`; PE002 reports the bucket it protects (the finding still points at the false flag).
    - trivy `AVD-AWS-0086`/`0087`/`0091`/`0093`/`0094` good cases: each upstream check looks at one flag, or only at the block's existence; PE002 needs all four flags.
  EOT
  known_problems    = <<-EOT
    PE002 sees only the configuration it scans. If a bucket's access block, or the
    account-level block, is managed in another Terraform configuration, by AWS Organizations
    or in the console, the bucket fails. Suppress that finding with a reason that says where
    the block is managed.

    `aws_s3_directory_bucket` and S3 on Outposts buckets (`aws_s3control_bucket`) are not
    checked. Bucket policies and ACLs are not read: with all four flags on, AWS ignores or
    rejects the public parts of them.

    Red team (#20), each a fixture under `testdata/rules/PE002/`: two blocks for one bucket
    that disagree, a block by name and another by reference, a block whose `count` may be 0,
    a block or module input naming an unknown bucket, blocks and account-level blocks
    through another provider configuration, mispaired `for_each` instances, an override file
    turning a flag off, and a block given the bucket's `arn` or `region` instead of its name
    all fail or are unresolved; a block naming the bucket through a `data.aws_s3_bucket`
    looked up by its name passes, and so does a flag written `"1"` (Terraform converts it to
    `true`). Not caught:

    - Two provider configurations that differ only in region reach the same account; an
      account-level block through one does not count for the other's buckets (fails,
      although it covers them). Create it through the buckets' configuration.
    - A bucket created through Cloud Control or CloudFormation and protected by a separate
      `aws_s3_bucket_public_access_block` by name is judged on its own
      `PublicAccessBlockConfiguration` only.
  EOT

  # The S3 table of the Markdown evidence inventory. `cell`s are computed by the rule's Rust
  # (src/rules/pe002_s3_public_access.rs): the bucket's public access block and its flags.
  evidence {
    title           = "S3 buckets"
    intro           = "Block Public Access: the bucket's `aws_s3_bucket_public_access_block` and its four flags (PE002)."
    resource_type   = "aws_s3_bucket"
    resource_column = "Bucket"
    columns = [
      { title = "Name", path = "bucket" },
      { title = "Public access block", cell = "s3_public_access_block" },
      { title = "block_public_acls", cell = "s3_block_public_acls" },
      { title = "block_public_policy", cell = "s3_block_public_policy" },
      { title = "ignore_public_acls", cell = "s3_ignore_public_acls" },
      { title = "restrict_public_buckets", cell = "s3_restrict_public_buckets" },
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

      resource "aws_s3_bucket" "uploads" {
        bucket = "photo-editor-uploads"
      }

      resource "aws_s3_bucket_public_access_block" "uploads" {
        bucket                  = aws_s3_bucket.uploads.id
        block_public_acls       = true
        block_public_policy     = true
        ignore_public_acls      = true
        restrict_public_buckets = true
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

      resource "aws_s3_bucket" "uploads" {
        bucket = "photo-editor-uploads"
      }

      resource "aws_s3_bucket_public_access_block" "uploads" {
        bucket              = aws_s3_bucket.uploads.id
        block_public_acls   = true
        block_public_policy = true
      }
    EOT
  }
}
