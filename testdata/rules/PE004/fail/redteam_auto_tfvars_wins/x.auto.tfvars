reserved = -1
