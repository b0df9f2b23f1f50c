provider "aws" {
  region = "eu-west-1"
}

module "ecr" {
  source = "../../modules-aws5/terraform-aws-ecr@v2.4.0"

  repository_name                 = "oracle/app"
  repository_image_tag_mutability = "IMMUTABLE"
  repository_read_write_access_arns = ["arn:aws:iam::123456789012:role/ci"]
  repository_read_access_arns       = ["arn:aws:iam::123456789012:role/ecs"]

  repository_lifecycle_policy = jsonencode({
    rules = [
      {
        rulePriority = 1,
        description  = "Keep last 30 images",
        selection = {
          tagStatus     = "tagged",
          tagPrefixList = ["v"],
          countType     = "imageCountMoreThan",
          countNumber   = 30
        },
        action = {
          type = "expire"
        }
      }
    ]
  })

  manage_registry_scanning_configuration = true
  registry_scan_type                     = "ENHANCED"
  registry_scan_rules = [
    {
      scan_frequency = "SCAN_ON_PUSH"
      filter = [
        {
          filter      = "oracle/*"
          filter_type = "WILDCARD"
        }
      ]
    }
  ]

  tags = { Repo = "app" }
}
