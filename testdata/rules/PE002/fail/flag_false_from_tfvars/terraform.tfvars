restrict_public_buckets = false
