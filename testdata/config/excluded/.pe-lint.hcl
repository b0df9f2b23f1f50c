exclude = ["legacy"]
