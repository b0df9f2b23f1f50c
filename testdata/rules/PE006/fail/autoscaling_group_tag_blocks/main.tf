terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "5.100.0"
    }
  }
}

# default_tags do not apply to aws_autoscaling_group (it has no `tags` argument in provider
# 5.x): its own `tag` blocks are its tags. Before, autoscaling groups were never checked.
provider "aws" {
  region = "us-east-1"

  default_tags {
    tags = {
      Project    = "photo-editor"
      Env        = "prod"
      Owner      = "platform-team"
      CostCenter = "CC-1042"
    }
  }
}

resource "aws_launch_template" "lt" {
  name_prefix   = "photo-lt"
  image_id      = "ami-12345678"
  instance_type = "t3.micro"
}

resource "aws_autoscaling_group" "untagged" { # expect: PE006 aws_autoscaling_group.untagged
  name               = "untagged"
  min_size           = 0
  max_size           = 1
  availability_zones = ["us-east-1a"]
  launch_template {
    id = aws_launch_template.lt.id
  }
}

resource "aws_autoscaling_group" "partly" {
  name               = "partly"
  min_size           = 0
  max_size           = 1
  availability_zones = ["us-east-1a"]
  launch_template {
    id = aws_launch_template.lt.id
  }
  tag { # expect: PE006 aws_autoscaling_group.partly
    key                 = "Project"
    value               = "photo-editor"
    propagate_at_launch = true
  }
}

resource "aws_autoscaling_group" "tagged" {
  name               = "tagged"
  min_size           = 0
  max_size           = 1
  availability_zones = ["us-east-1a"]
  launch_template {
    id = aws_launch_template.lt.id
  }
  dynamic "tag" {
    for_each = { Project = "photo-editor", Env = "prod", Owner = "platform-team", CostCenter = "CC-1042" }
    content {
      key                 = tag.key
      value               = tag.value
      propagate_at_launch = true
    }
  }
}
