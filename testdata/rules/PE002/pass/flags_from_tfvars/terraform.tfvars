block_public = true
