rotate = null
