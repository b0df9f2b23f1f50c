reserved = null
