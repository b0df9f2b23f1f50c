rule "PE003" {
  name           = "sqs-dlq-redrive"
  severity       = "error"
  requirement    = "Every SQS queue has a dead-letter queue with maxReceiveCount = 3"
  summary        = "Every `aws_sqs_queue` that is not itself a dead-letter queue redrives to a queue after exactly 3 receives."
  description    = <<-EOT
    Checks every `aws_sqs_queue`, in the root module and in every child module, and every
    instance created by `count` or `for_each`, under its full address.

    **Dead-letter queues are not applicable.** A queue is a dead-letter queue when:

    - another queue's redrive policy (in either form below) has `deadLetterTargetArn` pointing
      at it, or
    - it is the dead-letter (on-failure) target of another service: a Lambda function's
      `dead_letter_config.target_arn`, the `destination_config.on_failure` of an
      `aws_lambda_function_event_invoke_config` or `aws_lambda_event_source_mapping`, an SNS
      subscription's `redrive_policy`, the `dead_letter_config` of an EventBridge target, an
      EventBridge Scheduler schedule's target or a pipe's SQS source, or
    - its `redrive_allow_policy` (the attribute, or an `aws_sqs_queue_redrive_allow_policy` for
      it) lets a source queue redrive to it: `redrivePermission = "allowAll"`, or `"byQueue"`
      with `sourceQueueArns`. `"denyAll"` forbids every source queue, so it makes no
      dead-letter queue.

    **Every other queue needs a redrive policy.** It can be written in either of two places:

    - the queue's own `redrive_policy` attribute, or
    - an `aws_sqs_queue_redrive_policy` whose `queue_url` refers to the queue
      (`aws_sqs_queue.x.id` or `aws_sqs_queue.x.url`, directly or through locals, variables or
      module outputs).

    When both are written, both are applied (the separate resource after the queue, and the
    two undo each other on every apply), so each must pass on its own.

    The policy can be `jsonencode({...})`, a heredoc with JSON, or a plain JSON string with
    interpolated references. All three are read the same way. The queue passes when the policy
    has both of these:

    - `deadLetterTargetArn` refers to a queue: the `arn` of an `aws_sqs_queue` (directly or
      through locals, variables or module outputs), or a string that is an SQS queue ARN
      (`arn:aws:sqs:<region>:<account>:<name>`) for a queue managed elsewhere.
    - `maxReceiveCount` equals 3, written as the number `3` or the numeric string `"3"`.

    Otherwise:

    - **Fail:** the queue has no redrive policy; or `maxReceiveCount` is missing or has any
      other value, such as `5`, `"5"` or `0` (the message shows the value); or
      `deadLetterTargetArn` is missing or does not refer to a queue. The finding is reported on
      the queue's address. It points at the queue block when there is no redrive policy, and
      otherwise at the `redrive_policy` argument that is wrong, in the queue or in the
      `aws_sqs_queue_redrive_policy`.
    - **Unresolved:** the redrive policy, its `maxReceiveCount` or its `deadLetterTargetArn`
      cannot be evaluated (for example, they come from a variable with no value). Unresolved
      also when the policy is not valid JSON after evaluation, with a message that says why.
      A queue without a redrive policy is unresolved, not failed, when some dead-letter target
      in the configuration is unknown and names no resource (`deadLetterTargetArn =
      var.dlq_arn`): the queue may be that target. A queue whose redrive allow policy is
      `denyAll` cannot be one, so it still fails.

    **Generic resources.** `aws_cloudcontrolapi_resource` with `type_name = "AWS::SQS::Queue"`, and `AWS::SQS::Queue` resources of an `aws_cloudformation_stack` `template_body` (JSON, or YAML: inline, `file()` in the tree, `yamlencode`; a short-form tag such as `!Ref` or `!Sub` is a CloudFormation function), must set `RedrivePolicy.maxReceiveCount` to 3 (the policy as an object or as JSON text). A queue with a `RedriveAllowPolicy` other than `denyAll`, or named in another template queue's `RedrivePolicy`, is a dead-letter queue (not applicable); one without a redrive policy that another resource refers to is unresolved. Each is reported on the generic resource's address, at the
    property when the desired state or template is a `jsonencode` literal; a template
    resource is named by its logical id in the message. A CloudFormation function (`Ref`,
    `Fn::*`) is unresolved. When `type_name`, `desired_state` or the template cannot be read
    (an unknown value, text that is neither JSON nor YAML, a `template_url`), the resource is **not checked**:
    an unresolved finding, which `--strict` fails; never a pass.
  EOT
  rationale      = <<-EOT
    Without a dead-letter queue, a message that the consumer cannot process (a "poison
    message") is received, fails and returns to the queue again and again until its retention
    period ends. Each retry costs a Lambda invocation or a worker cycle. It can block a FIFO
    message group, and in the end the message is deleted without a trace.

    A redrive policy moves such a message to a dead-letter queue after `maxReceiveCount`
    failed receives. There it can be inspected, alarmed on and replayed. The platform standard
    fixes the count at 3. That is enough to ride out transient errors (a throttled downstream
    call, a cold start timeout), and small enough that a broken message is set aside within
    minutes and does not hold up the queue.
  EOT
  remediation    = <<-EOT
    Create a dead-letter queue and point the source queue's redrive policy at it with
    `maxReceiveCount = 3`:

    ```hcl
    resource "aws_sqs_queue" "jobs_dlq" {
      name                      = "photo-editor-jobs-dlq"
      message_retention_seconds = 1209600
    }

    resource "aws_sqs_queue" "jobs" {
      name = "photo-editor-jobs"
      redrive_policy = jsonencode({
        deadLetterTargetArn = aws_sqs_queue.jobs_dlq.arn
        maxReceiveCount     = 3
      })
    }
    ```

    Give the dead-letter queue a longer `message_retention_seconds` than the source queue. For
    standard queues the original enqueue time is kept when a message moves, so a message
    could otherwise expire soon after it arrives. Add a CloudWatch alarm on the DLQ's `ApproximateNumberOfMessagesVisible`. If
    the dead-letter queue is in another configuration than its source, give it a
    `redrive_allow_policy` that names the source queues, so that PE003 recognises it there.
  EOT
  doc_url        = "docs/rules/PE003.md"
  resource_types = ["aws_sqs_queue"]
  security_severity = 4.0
  tags              = ["reliability", "sqs"]
  references = [
    "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html",
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/sqs_queue",
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/sqs_queue_redrive_policy",
  ]
  peers = {
    tfsec   = []
    trivy   = []
    checkov = []
    tflint  = []
  }
  peer_notes = {
    tfsec   = "No equivalent check."
    trivy   = "No equivalent check."
    checkov = "No equivalent check."
    tflint  = "No equivalent rule in tflint-ruleset-aws."
  }
  known_differences = <<-EOT
    Measured by `tests/it/peers.rs` against `../shared/peer-suites` (every disagreement must be listed there):

    - No peer tool has a check for this requirement.
  EOT
  known_problems    = <<-EOT
    A dead-letter queue whose source queue is in another configuration, and which has no
    `redrive_allow_policy`, looks like an ordinary queue without a DLQ, so it fails.

    A queue used as an on-failure destination by a service not listed above (Step Functions,
    Kinesis Data Firehose, IoT rules, ...) looks like a queue without a DLQ and fails.

    `redrivePermission = "allowAll"` is also what AWS assumes when no redrive allow policy is
    set, yet only a queue that writes it explicitly is taken as a dead-letter queue.

    Red team (#20), each a fixture under `testdata/rules/PE003/`: a duplicate
    `maxReceiveCount` key in the redrive JSON (the last one wins, as in every JSON reader the
    provider and SQS use), an override file setting `redrive_policy = null`, and 3 written as
    `3.0` (passes: it is 3) are judged as deployed. Not caught:

    - `maxReceiveCount = "3 "` or other strings SQS may or may not accept: pe-lint reads them
      as Terraform does, SQS's own parsing is not modelled.
    - A queue that is its own dead-letter target passes when its count is 3.

    More red team (an offline `terraform plan` of each confirms the redrive policy deployed):
    an `aws_sqs_queue_redrive_policy` naming the queue by a literal `queue_url` and setting 10
    over the queue's 3 (`redteam_redrive_resource_by_literal_url`), one `for_each` instance
    at 5 (`redteam_for_each_one_instance`), a `templatefile` in the tree giving 4
    (`redteam_templatefile`) and a module input whose default is 5
    (`redteam_module_input_default`) all fail. Not caught, kept as pass fixtures with their
    current verdict:
    - A work queue that declares `redrive_allow_policy = {redrivePermission = "allowAll"}`
      and has no redrive policy passes as a dead-letter queue although no queue redrives to
      it (`pass/redteam_known_problem_allow_all_claim`): the source queue may be in another
      configuration, so pe-lint cannot tell a DLQ from a claim.
    - A queue that is a Lambda's `dead_letter_config` target and also the event source of
      an `aws_lambda_event_source_mapping` (a work queue) passes as a dead-letter queue
      (`pass/redteam_known_problem_work_queue_also_dlq`); a DLQ drained by a processor
      Lambda looks the same.
  EOT

  # The SQS table of the Markdown evidence inventory. `cell`s are computed by the rule's Rust
  # (src/rules/pe003_sqs_redrive.rs): the decoded redrive policy.
  evidence {
    title           = "SQS queues"
    intro           = "Dead-letter queue and `maxReceiveCount` of each queue's redrive policy (PE003)."
    resource_type   = "aws_sqs_queue"
    resource_column = "Queue"
    columns = [
      { title = "Name", path = "name" },
      { title = "Dead-letter queue", cell = "sqs_dead_letter_queue" },
      { title = "maxReceiveCount", cell = "sqs_max_receive_count" },
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

      resource "aws_sqs_queue" "jobs_dlq" {
        name                      = "photo-editor-jobs-dlq"
        message_retention_seconds = 1209600
      }

      resource "aws_sqs_queue" "jobs" {
        name                       = "photo-editor-jobs"
        visibility_timeout_seconds = 300

        redrive_policy = jsonencode({
          deadLetterTargetArn = aws_sqs_queue.jobs_dlq.arn
          maxReceiveCount     = 3
        })
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

      resource "aws_sqs_queue" "jobs_dlq" {
        name                      = "photo-editor-jobs-dlq"
        message_retention_seconds = 1209600
      }

      resource "aws_sqs_queue" "jobs" {
        name                       = "photo-editor-jobs"
        visibility_timeout_seconds = 300

        redrive_policy = jsonencode({
          deadLetterTargetArn = aws_sqs_queue.jobs_dlq.arn
          maxReceiveCount     = 5
        })
      }
    EOT
  }
}
