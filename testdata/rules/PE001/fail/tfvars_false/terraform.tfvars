rotate = false
