rule "PE001" {
  name           = "kms-key-rotation"
  severity       = "error"
  requirement    = "KMS keys have automatic rotation enabled"
  summary        = "Every symmetric `aws_kms_key` sets `enable_key_rotation = true`."
  description    = <<-EOT
    Checks every `aws_kms_key` resource, in the root module and in every child module, and every
    instance created by `count` or `for_each`, under its full address.

    - **Pass:** `enable_key_rotation` evaluates to `true`.
    - **Fail:** `enable_key_rotation` is missing (the provider default is `false`): the finding
      points at the resource block. `enable_key_rotation` evaluates to `false`: the finding
      points at the attribute.
    - **Not applicable:** keys whose `customer_master_key_spec` is anything other than
      `SYMMETRIC_DEFAULT` (`RSA_*`, `ECC_*`, `HMAC_*`, `SM2`). AWS cannot rotate asymmetric or
      HMAC keys. A missing `customer_master_key_spec` means `SYMMETRIC_DEFAULT`, so the key is
      checked. `aws_kms_external_key` (imported key material), `aws_kms_replica_key` and
      `aws_kms_replica_external_key` are not checked: AWS cannot rotate imported material, and
      a replica takes its rotation from its primary key.
    - **Unresolved:** `enable_key_rotation` cannot be evaluated (for example, it comes from a
      variable with no default and no tfvars value). A key whose `customer_master_key_spec`
      cannot be evaluated is also unresolved, unless rotation is `true`. Unknown values never
      count as `false`, and they never count as a pass either.

    Only `customer_master_key_spec` decides whether a key is applicable. `key_usage` does not.

    **Generic resources.** `aws_cloudcontrolapi_resource` with `type_name = "AWS::KMS::Key"`, and `AWS::KMS::Key` resources of an `aws_cloudformation_stack` `template_body` (JSON, or YAML: inline, `file()` in the tree, `yamlencode`; a short-form tag such as `!Ref` or `!Sub` is a CloudFormation function), are checked on the CloudFormation property: `EnableKeyRotation` must be `true` (or `"true"`); a `KeySpec` other than `SYMMETRIC_DEFAULT` is not applicable. Each is reported on the generic resource's address, at the
    property when the desired state or template is a `jsonencode` literal; a template
    resource is named by its logical id in the message. A CloudFormation function (`Ref`,
    `Fn::*`) is unresolved. When `type_name`, `desired_state` or the template cannot be read
    (an unknown value, text that is neither JSON nor YAML, a `template_url`), the resource is **not checked**:
    an unresolved finding, which `--strict` fails; never a pass.
  EOT
  rationale      = <<-EOT
    With automatic rotation, AWS KMS makes new key material for a customer managed key every
    year (or at the `rotation_period_in_days` you choose). The old material is kept so that
    existing ciphertext can still be decrypted. Rotation limits how much data one piece of
    key material protects. It also limits how long a leaked or misused key stays useful. The CIS
    AWS Foundations Benchmark requires rotation for customer managed symmetric keys.

    Rotation is off by default in both the API and the Terraform provider. A key written
    without `enable_key_rotation` therefore never rotates, and nothing warns you.
  EOT
  remediation    = <<-EOT
    Add `enable_key_rotation = true` to the `aws_kms_key`. Optionally set
    `rotation_period_in_days` (90 to 2560, default 365). Turning rotation on does not change the
    key ID, ARN or aliases, and existing ciphertext can still be decrypted, so the change is
    safe to apply to a key that is in use.

    If the key is asymmetric or HMAC, set `customer_master_key_spec` to its real spec. The key
    is then not applicable.
  EOT
  doc_url        = "docs/rules/PE001.md"
  resource_types = ["aws_kms_key"]
  security_severity = 6.0
  tags              = ["security", "encryption", "kms"]
  references = [
    "https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html",
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/kms_key",
  ]
  peers = {
    tfsec   = ["aws-kms-auto-rotate-keys"]
    trivy   = ["AVD-AWS-0065"]
    checkov = ["CKV_AWS_7"]
    tflint  = []
  }
  peer_notes = {
    tfsec   = "Same requirement. tfsec exempts keys with `key_usage = \"SIGN_VERIFY\"`. pe-lint looks only at `customer_master_key_spec`, and it reports values it cannot evaluate as unresolved."
    trivy   = "Same check as tfsec (`aws-kms-auto-rotate-keys`). Its good example with `key_usage = \"SIGN_VERIFY\"` and no key spec fails PE001; AWS itself rejects that combination."
    checkov = "Same requirement. A missing or `false` `enable_key_rotation` fails in both. Checkov reports `RSA_*` keys as UNKNOWN; pe-lint reports them as not applicable, so neither tool gives a finding."
    tflint  = "No equivalent rule in tflint-ruleset-aws."
  }
  known_differences = <<-EOT
    Measured by `tests/it/peers.rs` against `../shared/peer-suites` (every disagreement must be listed there):

    - trivy `AVD-AWS-0065/good_2.tf`: a key with `key_usage = "SIGN_VERIFY"` and no `customer_master_key_spec` passes Trivy; PE001 decides applicability by the key spec only, and AWS rejects that combination anyway.
  EOT
  known_problems    = <<-EOT
    PE001 does not check `rotation_period_in_days`. Any period that AWS accepts passes.

    Red team (#20), each a fixture under `testdata/rules/PE001/`: an override file setting
    `false` or `null`, `*.auto.tfvars` order, `terraform.tfvars.json` over `terraform.tfvars`,
    a `try()` fallback to `false` and `sensitive(false)` all fail as they deploy; the string
    `"1"`, which Terraform converts to `true` (shown by `terraform plan`), and a
    `nullable = false` variable given `null` in tfvars (it keeps its default `true`) pass.
    Not caught:

    - A value in a var file that pe-lint is not given (`-var-file=env/prod.tfvars` in CI):
      pe-lint reads `terraform.tfvars` and `*.auto.tfvars` only, so pass the same
      `--var-file` to pe-lint as to `terraform plan`.
    - An `import` block for an existing key with rotation off, together with
      `lifecycle { ignore_changes = [enable_key_rotation] }`: Terraform never turns rotation on,
      while the configuration says `true`.
  EOT

  # The rule itself, in the policy language (docs/custom-rules.md). Keys whose spec is not
  # SYMMETRIC_DEFAULT cannot rotate, so they are not applicable; a missing spec means
  # SYMMETRIC_DEFAULT. A key whose spec is unknown still passes when rotation is on. `tobool`
  # accepts "true", and "1" is true as well when Terraform converts it for a bool argument
  # (`terraform plan` shows `enable_key_rotation = true`); anything else that is not true fails.
  check "aws_kms_key" {
    where   = self.customer_master_key_spec == null || self.customer_master_key_spec == "SYMMETRIC_DEFAULT"
    assert  = try(tobool(self.enable_key_rotation), null) == true || self.enable_key_rotation == "1"
    at      = "enable_key_rotation"
    message = self.enable_key_rotation == null ? "`enable_key_rotation` is not set, so the key never rotates (the default is false)" : "`enable_key_rotation` is ${jsonencode(self.enable_key_rotation)}, not true"
    fix     = self.enable_key_rotation == null ? "add `enable_key_rotation = true`" : "set `enable_key_rotation = true` on the key"
  }

  # The KMS table of the Markdown evidence inventory. `cell`s are computed by the rule's Rust
  # (src/rules/pe001_kms_rotation.rs); `not_applicable` says why a key has no verdict.
  evidence {
    title           = "KMS keys"
    intro           = "Automatic key rotation (PE001)."
    resource_type   = "aws_kms_key"
    resource_column = "Key"
    columns = [
      { title = "Description", path = "description" },
      { title = "Key spec", path = "customer_master_key_spec", absent = "SYMMETRIC_DEFAULT" },
      { title = "Rotation enabled", path = "enable_key_rotation", absent = "not set (off)" },
      { title = "Rotation period (days)", cell = "kms_rotation_period" },
    ]
    not_applicable = "kms_not_applicable"
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

      resource "aws_kms_key" "images" {
        description             = "Encrypts processed images"
        deletion_window_in_days = 30
        enable_key_rotation     = true
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

      resource "aws_kms_key" "images" {
        description             = "Encrypts processed images"
        deletion_window_in_days = 30
      }
    EOT
  }
}
