# ECR repository of the gh-activity image (every runnable; entrypoint bin/gh-activity), built from docker/Dockerfile
# (docs/cloud.md). Metabase runs its public image.

locals {
  ecr_repositories = {
    app = var.name
  }
}

resource "aws_ecr_repository" "this" {
  for_each = local.ecr_repositories

  name                 = "${local.name}/${each.value}"
  image_tag_mutability = "IMMUTABLE" # a tag names one build for good: push versions (docs/cloud.md), never re-push a tag
  force_delete         = var.force_destroy_buckets

  image_scanning_configuration {
    scan_on_push = true
  }

  encryption_configuration {
    encryption_type = "KMS"
    kms_key         = aws_kms_key.data.arn
  }

  tags = local.tags
}

resource "aws_ecr_lifecycle_policy" "this" {
  for_each = aws_ecr_repository.this

  repository = each.value.name
  policy = jsonencode({
    rules = [{
      rulePriority = 1
      description  = "keep the 20 newest images"
      selection    = { tagStatus = "any", countType = "imageCountMoreThan", countNumber = 20 }
      action       = { type = "expire" }
    }]
  })
}
