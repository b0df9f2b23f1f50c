reserved = 5
